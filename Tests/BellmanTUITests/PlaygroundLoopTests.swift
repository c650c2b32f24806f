import BellmanCore
@testable import BellmanTUI
import XCTest

/// The run loop itself on a scripted terminal: keys in, frames out, effects performed and
/// their results shown, exactly as `bellman play` runs it on ncurses.
final class PlaygroundLoopTests: XCTestCase {
    func temporaryFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "bellman-loop-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        return folder
    }

    func play(_ script: [ScriptedTerminal.Step], level: String = "cliff-walking", method: MethodInfo? = QLearning.info,
              width: Int = 120, height: Int = 40, files: PlaygroundFiles = PlaygroundFiles()) throws -> (ScriptedTerminal, Int32) {
        let terminal = ScriptedTerminal(width: width, height: height, script: script)
        var playground = Playground(terminal: terminal, level: try LevelCatalog.load(level), method: method)
        playground.files = files
        let signal = playground.run()
        if let failure = terminal.failure { XCTFail(failure) }
        return (terminal, signal)
    }

    func testStepsExportAndSaveThroughTheLoop() throws {
        let folder = try temporaryFolder()
        var files = PlaygroundFiles()
        files.exportDirectory = folder + "/exports"
        files.savePath = folder + "/s.json"
        let (terminal, signal) = try play(ScriptedTerminal.keys("eee") + [.waitFor("episodes         3")]
                                          + ScriptedTerminal.keys("X") + [.waitFor("exported to")]
                                          + ScriptedTerminal.keys("S") + [.waitFor("saved the session")], files: files)
        XCTAssertEqual(signal, 0, "q ends the loop")
        let frame = try XCTUnwrap(terminal.lastFrame)
        XCTAssertEqual(frame.width, 120)
        let exports = try FileManager.default.contentsOfDirectory(atPath: files.exportDirectory)
        XCTAssertEqual(exports.count, 1)
        let written = try String(contentsOfFile: "\(files.exportDirectory)/\(exports[0])/frame.txt", encoding: .utf8)
        XCTAssertTrue(written.contains("episodes         3"), written)
        let session = try Session.read(files.savePath)
        XCTAssertEqual(session.episodes, 3)
        XCTAssertEqual(try session.restore(file: files.savePath).solver.counters.episodes, 3)
    }

    func testAQuitSignalEndsTheLoopWithItsNumberAndResizesRedraw() throws {
        let (terminal, signal) = try play([.input(.resize(width: 80, height: 24)), .waitFor("Cliff"), .signal(15)])
        XCTAssertEqual(signal, 15)
        XCTAssertEqual(terminal.lastFrame?.width, 80)
        XCTAssertEqual(terminal.lastFrame?.height, 24)
    }
}
