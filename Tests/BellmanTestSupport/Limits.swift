import Foundation
import XCTest

/// Runs `body` while `condition` holds, for at most `seconds`: a test that would spin
/// forever (a solver that never finishes, a truth that never arrives) fails instead, saying
/// what it waited for.
public func repeatWhile(_ condition: () -> Bool, _ what: String = "the work", seconds: Double = 120,
                        file: StaticString = #filePath, line: UInt = #line, _ body: () -> Void) {
    let deadline = Date().addingTimeInterval(seconds)
    while condition() {
        guard Date() < deadline else {
            XCTFail("\(what) did not end within \(seconds) s", file: file, line: line)
            return
        }
        body()
    }
}
