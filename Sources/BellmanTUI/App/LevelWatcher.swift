import Foundation

/// Notices when the open level file changes on disk, for hot reload: the runtime asks about
/// twice a second and reloads when the answer is yes.
///
/// A change is a different modification time, size or file identity (editors that save by
/// writing a new file and renaming it over the old one give a new inode). A file that is
/// missing (deleted, or between an editor's delete and write) is not a change; its return is.
public struct LevelWatcher: Sendable {
    public let path: String
    private var stamp: Stamp?

    struct Stamp: Equatable, Sendable {
        var modified: Date
        var size: Int
        var inode: Int
    }

    public init(path: String) {
        self.path = path
        stamp = Self.stamp(path)
    }

    /// Whether the file changed since the last call (or since `init`).
    public mutating func changed() -> Bool {
        guard let now = Self.stamp(path) else { return false }
        defer { stamp = now }
        return now != stamp
    }

    static func stamp(_ path: String) -> Stamp? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let modified = attributes[.modificationDate] as? Date else { return nil }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let inode = (attributes[.systemFileNumber] as? NSNumber)?.intValue ?? 0
        return Stamp(modified: modified, size: size, inode: inode)
    }
}
