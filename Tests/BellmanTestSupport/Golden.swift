import BellmanTUI
import Foundation
import XCTest

/// Compares whole lines of output (a screen, a command's text) with the golden file
/// `directory/NAME.txt`. A mismatch lists each differing line as expected and got, with a
/// caret under the first differing column. `BELLMAN_UPDATE_GOLDENS=1 swift test --filter ...`
/// writes the file instead: read its diff in git before committing it. What depends on the
/// wall clock (the rewind history's memory, which holds checkpoints taken every few
/// milliseconds) is masked as `#.# MB`.
public func assertGolden(lines got: [String], _ name: String, in directory: URL,
                         file: StaticString = #filePath, line: UInt = #line) {
    let url = directory.appendingPathComponent("\(name).txt")
    let got = got.map(masked)
    if ProcessInfo.processInfo.environment["BELLMAN_UPDATE_GOLDENS"] == "1" {
        XCTAssertNoThrow(try (got.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8), file: file, line: line)
        return
    }
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("no golden file \(url.path); write it with BELLMAN_UPDATE_GOLDENS=1", file: file, line: line)
        return
    }
    var expected = text.components(separatedBy: "\n").map(masked)
    if expected.last == "" { expected.removeLast() }
    assertSameLines(got, expected, "\(name).txt", file: file, line: line)
}

/// Asserts that `got` is `expected` line for line; a mismatch shows each differing line
/// with a caret at its first difference.
public func assertSameLines(_ got: [String], _ expected: [String], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    let report = lineDiff(expected: expected, got: got)
    if !report.isEmpty {
        XCTFail("output differs from \(what) in \(report.count / 4) lines:\n" + report.joined(separator: "\n"), file: file, line: line)
    }
}

/// A whole screen, cell by cell as text, against `directory/NAME.txt`.
public func assertGolden(_ screen: Canvas, _ name: String, in directory: URL, file: StaticString = #filePath, line: UInt = #line) {
    assertGolden(lines: (0..<screen.height).map { screen.line($0) }, name, in: directory, file: file, line: line)
}

/// For each differing line: its number, expected, got, and a caret at the first difference.
func lineDiff(expected: [String], got: [String]) -> [String] {
    var report: [String] = []
    for i in 0..<max(expected.count, got.count) {
        let want = i < expected.count ? expected[i] : "<no line>"
        let have = i < got.count ? got[i] : "<no line>"
        guard want != have else { continue }
        let column = zip(want, have).prefix { $0 == $1 }.count
        report += ["line \(i + 1):", "  expected |\(want)|", "  got      |\(have)|",
                   "            " + String(repeating: " ", count: column) + "^"]
    }
    return report
}

/// The output with its clock-dependent figures masked.
private func masked(_ line: String) -> String {
    line.replacingOccurrences(of: #"\d+\.\d MB"#, with: "#.# MB", options: .regularExpression)
}
