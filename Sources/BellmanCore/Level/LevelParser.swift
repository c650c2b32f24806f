import Foundation
import TOMLKit

/// Reads level files (DESIGN §2) into validated `Level`s.
///
/// Every problem is reported as `FILE:LINE:COL: what is wrong; what would be valid` (a
/// `FileProblems`, in source order); the parser never traps on any input.
public enum LevelParser {
    /// The largest map accepted (DESIGN §2).
    public static let maxCells = 4_000_000
    /// The largest episode cap accepted in `max_steps`.
    public static let maxEpisodeCap = 1_000_000_000
    /// The most legend entries a level may define.
    public static let maxLegendEntries = 256
    /// The largest reward magnitude. Returns over the longest allowed episode (`maxEpisodeCap`
    /// steps) then stay below 1e15, where doubles still count in whole units, and values can
    /// never overflow to infinity (a reward of 1e300 would, within a few steps).
    public static let maxReward = 1_000_000.0
    static let rewardRange = "a number from -1000000 to 1000000 (scale the level's rewards down)"

    static var topLevelKeys: [String] { LevelReader.schema.names }

    /// Parses a level file from disk; `id` defaults to the file name without `.toml`.
    public static func parse(contentsOf url: URL, displayName: String? = nil) throws -> Level {
        let file = displayName ?? url.path
        let data = try InputFile.read(url.path, name: file, kind: "level file", limit: InputFile.maxLevelBytes)
        return try parse(data: data, file: file, id: url.deletingPathExtension().lastPathComponent)
    }

    /// Parses level text held in memory.
    public static func parse(data: Data, file: String, id: String) throws -> Level {
        func fail(_ message: String) -> FileProblems { FileProblems(file: file, message: message) }
        guard !data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw fail("the file is empty; a level needs at least `name` and `map`")
        }
        guard !data.contains(0), let source = String(data: data, encoding: .utf8) else {
            throw fail("this is not a UTF-8 text file; a level is a TOML text file")
        }
        return try parse(source: source, file: file, id: id)
    }

    /// The TOML library reports an error at the end of the file one column past the last
    /// character (or on a line after the last): point at a place that exists instead.
    static func clamp(line: Int, column: Int, in source: String) -> (Int, Int) {
        // Lines split on the byte: as a Character, "\r\n" is not "\n".
        let lines = source.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let line = min(max(line, 1), max(lines.count, 1))
        let width = lines.isEmpty ? 0 : String(decoding: lines[line - 1], as: UTF8.self).count
        return (line, min(max(column, 1), width + 1))
    }

    /// The TOML table of a file Bellman reads (level, lesson, policy): the preflight for what
    /// would abort toml++, then the parse, syntax errors placed as `FILE:LINE:COL`.
    static func table(source: String, file: String) throws -> TOMLTable {
        if let unsafe = TOMLPreflight.check(source, file: file) { throw FileProblems([unsafe]) }
        do {
            return try TOMLTable(string: source)
        } catch let error as TOMLParseError {
            let (line, column) = clamp(line: error.source.begin.line, column: error.source.begin.column, in: source)
            throw FileProblems([FileProblem(file: file, line: line, column: column, message: "TOML syntax: \(error.description)")])
        } catch {
            throw FileProblems(file: file, message: "TOML syntax: \(error)")
        }
    }

    /// Parses level text.
    public static func parse(source: String, file: String, id: String) throws -> Level {
        let table = try table(source: source, file: file)
        var reader = LevelReader(file: file, locator: SourceLocator(source: source), table: table)
        if var level = reader.read(id: id), reader.problems.isEmpty {
            level.source = source
            return level
        }
        throw FileProblems(reader.problems.inSourceOrder)
    }
}
