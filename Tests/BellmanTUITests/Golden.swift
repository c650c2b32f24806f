import BellmanTUI
import Foundation
import XCTest

/// Compares a whole screen, cell by cell as text, with `Screens/NAME.txt`. A mismatch lists
/// each differing line as expected and got, with a caret under the first differing column.
/// `BELLMAN_UPDATE_GOLDENS=1 swift test --filter ...` writes the file instead: read its diff
/// in git before committing it. What depends on the wall clock (the rewind history's memory,
/// which holds checkpoints taken every few milliseconds) is masked as `#.# MB`.
func assertGolden(_ screen: Canvas, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
        .appendingPathComponent("Screens").appendingPathComponent("\(name).txt")
    let got = (0..<screen.height).map { masked(screen.line($0)) }
    if ProcessInfo.processInfo.environment["BELLMAN_UPDATE_GOLDENS"] == "1" {
        XCTAssertNoThrow(try (got.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8), file: file, line: line)
        return
    }
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("no golden screen \(url.path); write it with BELLMAN_UPDATE_GOLDENS=1", file: file, line: line)
        return
    }
    var expected = text.components(separatedBy: "\n").map(masked)
    if expected.last == "" { expected.removeLast() }
    var report: [String] = []
    for i in 0..<max(expected.count, got.count) {
        let want = i < expected.count ? expected[i] : "<no line>"
        let have = i < got.count ? got[i] : "<no line>"
        guard want != have else { continue }
        let column = zip(want, have).prefix { $0 == $1 }.count
        report += ["line \(i + 1):", "  expected |\(want)|", "  got      |\(have)|",
                   "            " + String(repeating: " ", count: column) + "^"]
    }
    if !report.isEmpty {
        XCTFail("screen differs from \(name).txt in \(report.count / 4) lines:\n" + report.joined(separator: "\n"), file: file, line: line)
    }
}

/// The screen with its clock-dependent figures masked.
private func masked(_ line: String) -> String {
    line.replacingOccurrences(of: #"\d+\.\d MB"#, with: "#.# MB", options: .regularExpression)
}
