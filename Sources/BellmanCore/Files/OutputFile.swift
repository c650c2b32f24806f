#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A write that failed: the path, what was being written and why, and what to do instead.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A file the user asked Bellman to write (`--save`, `--record`, an export), checked before
/// the work starts so a bad path fails at once rather than after a long run.
///
/// What is at the path decides how it is written:
/// - nothing, or a regular file: a temporary file in the same folder, synced, then renamed over
///   the path, so the old file stays whole until the new one is complete and a failed write
///   (a full disk) leaves nothing partial behind; an existing file keeps its permissions;
/// - a symbolic link: the file it points to, by the same rules;
/// - a character device or a FIFO (`/dev/null`, a named pipe being read): written in place,
///   never replaced by a regular file;
/// - a directory, a block device or a socket: refused.
public struct OutputFile: Sendable {
    /// The path as the user gave it (messages name it).
    public let path: String
    /// What is written ("session", "recording").
    public let kind: String
    /// The path written: the link's target when `path` is a symbolic link.
    let target: String
    /// A device or FIFO, written in place.
    let inPlace: Bool
    /// The permissions to give the new file: the old file's, when it replaces one.
    let mode: mode_t?

    public init(checking path: String, kind: String) throws {
        self.path = path
        self.kind = kind
        func fail(_ why: String) -> OutputError { OutputError("\(path): cannot write the \(kind): \(why)") }
        guard !path.isEmpty else { throw OutputError("cannot write the \(kind) to an empty path; give a file name") }
        var info = stat()
        var target = path
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            guard let resolved = realpath(path, nil) else { throw fail("it is a symbolic link to a missing file; give the file itself") }
            target = String(cString: resolved)
            free(resolved)
        }
        if stat(target, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: inPlace = false; mode = info.st_mode & 0o7777
            case S_IFCHR, S_IFIFO: inPlace = true; mode = nil
            default: throw fail("it is \(InputFile.describe(mode: info.st_mode)); give a file name")
            }
        } else if errno == ENOENT {
            inPlace = false
            mode = nil
        } else {
            throw fail(errnoText())
        }
        self.target = target
        if !inPlace {
            let folder = Self.folder(of: target)
            var folderInfo = stat()
            guard stat(folder, &folderInfo) == 0, folderInfo.st_mode & S_IFMT == S_IFDIR else {
                throw fail("the folder \(folder) does not exist; create it or give a path in a folder that exists")
            }
            guard access(folder, W_OK) == 0 else { throw fail("the folder \(folder) is not writable; give a path in a folder you can write to") }
        }
    }

    /// Writes all of `data` by the rules above; on failure nothing partial is left and an
    /// existing file is as it was.
    public func write(_ data: Data) throws {
        let stream = try OutputWriter(self)
        do {
            try stream.write(data)
            try stream.finish()
        } catch {
            stream.abandon()
            throw error
        }
    }

    /// Opens the file for writing as the content is made (a recording): a regular file is
    /// written to a temporary file that `finish` renames into place.
    public func stream() throws -> OutputWriter { try OutputWriter(self) }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// `write(2)`, named apart from `OutputWriter.write`.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }

/// An open output file (see `OutputFile`). Not shared between threads.
public final class OutputWriter {
    public let file: OutputFile
    private var fd: Int32
    /// The temporary file renamed over the target at `finish`; `nil` when writing in place.
    private let temporary: String?
    /// Bytes written so far.
    public private(set) var written = 0
    /// Renamed into place: the temporary name is no longer ours to remove.
    private var finished = false

    init(_ file: OutputFile) throws {
        self.file = file
        func fail(_ why: String) -> OutputError { OutputError("\(file.path): cannot write the \(file.kind): \(why)") }
        if file.inPlace {
            // Non-blocking open: a FIFO nobody reads fails at once (ENXIO) instead of hanging.
            fd = open(file.target, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
            guard fd >= 0 else {
                throw fail(errno == ENXIO ? "it is a FIFO that nothing is reading" : errnoText())
            }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
            temporary = nil
        } else {
            let base = file.target.split(separator: "/").last.map(String.init) ?? "file"
            let folder = OutputFile.folder(of: file.target)
            var created: Int32 = -1
            var name = ""
            for attempt in 0..<100 {
                name = "\(folder)/.\(base).bellman-\(getpid())-\(attempt).tmp"
                created = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, file.mode ?? 0o666)
                if created >= 0 || errno != EEXIST { break }
            }
            guard created >= 0 else { throw fail(errnoText()) }
            if let mode = file.mode { _ = fchmod(created, mode) }
            fd = created
            temporary = name
        }
    }

    /// Appends `data`; throws with the reason (a full disk, a closed pipe) when any of it
    /// cannot be written.
    public func write(_ data: Data) throws {
        guard fd >= 0 else { throw OutputError("\(file.path): the \(file.kind) is already closed") }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = posixWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw OutputError("\(file.path): cannot write the \(file.kind): \(errnoText(n == 0 ? ENOSPC : errno))") }
                offset += n
                written += n
            }
        }
    }

    /// Cuts the file back to its first `count` bytes (after a write that failed half way, so
    /// what is kept ends on a whole record).
    public func truncate(to count: Int) {
        guard fd >= 0, count <= written else { return }
        if ftruncate(fd, off_t(count)) == 0 && lseek(fd, off_t(count), SEEK_SET) >= 0 { written = count }
    }

    /// Completes the file: synced and renamed into place (or closed, when written in place).
    public func finish() throws {
        guard fd >= 0 else { return }
        func fail(_ why: String) -> OutputError { OutputError("\(file.path): cannot write the \(file.kind): \(why)") }
        if let temporary {
            // A full disk can surface only here (delayed allocation): sync before the rename.
            guard fsync(fd) == 0 else { let e = errno; abandon(); throw fail(errnoText(e)) }
            guard close(fd) == 0 else { let e = errno; fd = -1; unlink(temporary); throw fail(errnoText(e)) }
            fd = -1
            guard rename(temporary, file.target) == 0 else { let e = errno; unlink(temporary); throw fail(errnoText(e)) }
            finished = true
        } else {
            let status = close(fd)
            fd = -1
            guard status == 0 else { throw fail(errnoText()) }
        }
    }

    /// Gives up: the temporary file is removed and the target left as it was.
    public func abandon() {
        if fd >= 0 { close(fd) }
        fd = -1
        if let temporary, !finished { unlink(temporary) }
        finished = true
    }

    deinit { abandon() }
}
