import XCTest
@testable import BellmanCore
@testable import BellmanTUI

/// The Bandit family in the playground (DESIGN §12): key 5 on a bandit, a refusal elsewhere.
final class BanditScreenTests: XCTestCase {
    func testKeyFiveOpensTheBanditFamilyOnABanditOnly() throws {
        var state = try appState("ten-armed-testbed")
        var worker = opened(&state)
        XCTAssertTrue(Screen.render(state).text.contains("1 DP   2 MC   3 TD   5 Bandit"))
        play(chars("5..."), &state, &worker)
        XCTAssertEqual(state.method.id, "epsilon-greedy")
        XCTAssertEqual(state.snapshot.counters.samples, 3)
        play(chars("m"), &state, &worker)
        XCTAssertEqual(state.method.id, "ucb")
        // Another level has no bandit family: its methods give way to TD's.
        _ = update(&state, .levelLoaded(try LevelCatalog.load("cliff-walking")))
        XCTAssertEqual(state.family, .td)

        var cliff = try appState("cliff-walking")
        var cliffWorker = opened(&cliff)
        XCTAssertFalse(Screen.render(cliff).text.contains("5 Bandit"))
        play(chars("5"), &cliff, &cliffWorker)
        XCTAssertEqual(cliff.family, .dp)
        XCTAssertEqual(cliff.status, "the Bandit methods run on a bandit (one state whose arms end the episode): L opens ten-armed-testbed")
    }
}
