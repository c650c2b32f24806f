import BellmanLevels
import Foundation

/// The bundled levels, found by name from any directory, and loading by name or path.
public enum LevelCatalog {
    /// The level the playground opens when none is given.
    public static let defaultLevel = "cliff-walking"

    /// Names of the bundled levels (file names without `.toml`), sorted.
    public static var names: [String] {
        guard let directory = bundledLevelDirectory,
              let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The file of a bundled level.
    public static func url(ofBundled name: String) -> URL? {
        guard let directory = bundledLevelDirectory, names.contains(name) else { return nil }
        return directory.appendingPathComponent(name + ".toml")
    }

    /// Loads `LEVEL` as the CLI means it: a path to a file, or a bundled level's name.
    public static func load(_ level: String) throws -> Level {
        if let url = url(ofBundled: level), !FileManager.default.fileExists(atPath: level) {
            return try LevelParser.parse(contentsOf: url, displayName: "levels/\(level).toml")
        }
        // A name or a path that is not there has no line and column to point at.
        let looksLikePath = level.contains("/") || level.hasSuffix(".toml")
        guard looksLikePath || FileManager.default.fileExists(atPath: level) else {
            throw MissingFile.unknownName(level, kind: "level", bundled: names, orPath: "give a path to a .toml file",
                                          whenNoneBundled: "give a path to a .toml file, or set BELLMAN_LEVELS to the folder of the bundled levels (levels/ in the repository)")
        }
        guard FileManager.default.fileExists(atPath: level) else {
            throw MissingFile.noFile(level, hint: "give a path to a .toml level file or a bundled level's name (see `bellman levels`)")
        }
        return try LevelParser.parse(contentsOf: URL(fileURLWithPath: level), displayName: level)
    }
}
