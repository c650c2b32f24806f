import BellmanCore
@testable import BellmanTUI
import XCTest

/// Editing the open level file reloads it; a broken edit keeps the last good level.
final class HotReloadTests: XCTestCase {
    func testWatcherSeesEditsRenamesAndReturnsButNotAbsence() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("level.toml")
        try "name = \"a\"\nmap = \"S.G\"\n".write(to: file, atomically: false, encoding: .utf8)
        var watcher = LevelWatcher(path: file.path)
        XCTAssertFalse(watcher.changed(), "nothing happened yet")
        try "name = \"b\"\nmap = \"S..G\"\n".write(to: file, atomically: false, encoding: .utf8)
        XCTAssertTrue(watcher.changed(), "an edit (new size)")
        XCTAssertFalse(watcher.changed(), "reported once")
        // An editor's save: a new file renamed over the old one (same size, new inode).
        try "name = \"c\"\nmap = \"S..G\"\n".write(to: file, atomically: true, encoding: .utf8)
        XCTAssertTrue(watcher.changed(), "a rename over the file")
        try FileManager.default.removeItem(at: file)
        XCTAssertFalse(watcher.changed(), "a missing file is not a change")
        try "name = \"d\"\nmap = \"S...G\"\n".write(to: file, atomically: false, encoding: .utf8)
        XCTAssertTrue(watcher.changed(), "its return is")
    }

    func testReloadKeepsParametersAndABrokenEditKeepsTheLastGoodLevel() throws {
        var state = try appState("cliff-walking")
        _ = update(&state, .input(.key(.character("3"))))
        _ = update(&state, .input(.key(.character("a"))))  // alpha up a step
        let adjusted = state.parameters
        XCTAssertNotNil(state.parametersOfMethod["q-learning"])
        let edited = try LevelParser.parse(source: """
            name = "Cliff, edited"
            gamma = 1
            step_reward = -1
            map = \"\"\"
            ......
            SCCCCG
            \"\"\"
            [legend]
            C = { kind = "cliff", reward = -100 }
            """, file: "cliff.toml", id: "cliff")
        let effects = update(&state, .levelReloaded(edited))
        XCTAssertEqual(state.level.name, "Cliff, edited")
        XCTAssertEqual(state.model.stateCount, 12)
        XCTAssertEqual(state.parameters, adjusted, "parameters kept")
        XCTAssertEqual(state.method.id, "q-learning", "method kept")
        guard case .engine(.configure(let model, let method, let parameters)) = effects.first else {
            return XCTFail("learning restarts on the new level: \(effects)")
        }
        XCTAssertTrue(model === state.model)
        XCTAssertEqual(method.id, "q-learning")
        XCTAssertEqual(parameters, adjusted)
        XCTAssertTrue(state.status?.hasPrefix("reloaded cliff.toml") ?? false, state.status ?? "")
        XCTAssertTrue(Screen.render(state).text.contains("Cliff, edited"))

        let broken = "cliff.toml:4:9: gamma = 2 is out of range; valid: a number with 0 < gamma <= 1\ncliff.toml:6:1: another"
        XCTAssertTrue(update(&state, .levelReloadFailed(broken)).isEmpty, "nothing restarts")
        XCTAssertEqual(state.level.name, "Cliff, edited", "the last good level goes on")
        let screen = Screen.render(state).text
        XCTAssertTrue(screen.contains("cliff.toml:4:9: gamma = 2 is out of range"), screen)
    }
}
