import BellmanCore
import Foundation
import XCTest

/// A session file's pretty-printed JSON, edited one value at a time to make hostile sessions
/// from a genuine one, and the place in the file a refusal must point at.
public enum SessionJSON {
    /// Replaces the value of the `occurrence`-th `"key" : ` in the text.
    public static func replacing(_ text: String, key: String, with value: String, occurrence: Int = 0) -> String {
        let pattern = "\"\(key)\" : "
        var ranges: [Range<String.Index>] = []
        var from = text.startIndex
        while let r = text.range(of: pattern, range: from..<text.endIndex) { ranges.append(r); from = r.upperBound }
        let r = ranges[occurrence]
        // The value's end: its closing quote or bracket, or the next `,` or newline.
        var depth = 0, inString = false, escaped = false
        var end = r.upperBound
        while end < text.endIndex {
            let c = text[end]
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            } else if c == "\"" { inString = true
            } else if c == "[" || c == "{" { depth += 1
            } else if c == "]" || c == "}" { depth -= 1; if depth < 0 { break }
            } else if depth == 0 && (c == "," || c == "\n") { break }
            end = text.index(after: end)
        }
        return text.replacingCharacters(in: r.upperBound..<end, with: value)
    }

    /// The 1-based line and column of the value after `"key" : ` (its `occurrence`-th).
    public static func position(in text: String, key: String, occurrence: Int = 0) -> String {
        let lines = text.components(separatedBy: "\n")
        var seen = 0
        for (i, line) in lines.enumerated() {
            if let r = line.range(of: "\"\(key)\" : ") {
                if seen == occurrence { return "\(i + 1):\(line.distance(from: line.startIndex, to: r.upperBound) + 1)" }
                seen += 1
            }
        }
        return "?"
    }
}

extension XCTestCase {
    /// Writes `text` as `name` in a fresh temporary folder, removed when the test ends.
    public func writeTemporaryFile(_ text: String, name: String = "s.json") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Asserts that the session `text` is refused at once (before anything is replayed) with a
    /// message holding `expected` and, given a key, pointing at that key's value as FILE:LINE:COL.
    public func assertSessionRefused(_ text: String, _ expected: String, at key: String? = nil, occurrence: Int = 0,
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try writeTemporaryFile(text)
        let start = Date()
        XCTAssertThrowsError(try Session.read(path).restore(file: path), file: file, line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(expected), "expected \(expected) in: \(message)", file: file, line: line)
            if let key {
                let at = "\(path):\(SessionJSON.position(in: text, key: key, occurrence: occurrence)): "
                XCTAssertTrue(message.contains(at), "expected the position \(at) in: \(message)", file: file, line: line)
            }
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "refused at once, not after replaying", file: file, line: line)
    }
}
