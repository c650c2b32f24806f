import BellmanCore
@testable import BellmanTUI
import XCTest

/// The playground's modes are one value: the keys move it only between the combinations
/// that exist; one ladder steps every stepped value; one rule says what fits one column.
final class ModeTests: XCTestCase {
    func testBuildModeKeepsAComparisonAndGivesItBack() throws {
        var state = try appState()
        _ = press(chars("C"), &state)
        let compared = try XCTUnwrap(state.compareMethods)
        _ = press(chars("b"), &state)
        XCTAssertEqual(state.mode, .building(comparing: compared))
        _ = press(chars("b"), &state)
        XCTAssertEqual(state.mode, .comparing(compared))
        // `h` leaves build mode, then compare mode refuses it: the comparison stays.
        _ = press(chars("bh"), &state)
        XCTAssertEqual(state.mode, .comparing(compared))
        XCTAssertEqual(state.status, "you drive one method: C leaves compare mode first")
        // A family key leaves the comparison and keeps building.
        _ = press(chars("b1"), &state)
        XCTAssertEqual(state.mode, .building(comparing: nil))
    }

    func testDrivingEndsWhereAComparisonOrBuildModeBegins() throws {
        var state = try appState()
        _ = press(chars("3h"), &state)
        XCTAssertEqual(state.mode, .driving(pick: 0))
        _ = press(chars("C"), &state)
        XCTAssertEqual(state.compareMethods?.count, 3)
        XCTAssertFalse(state.driving, "you drive one method")
        _ = press(chars("Ch"), &state)
        XCTAssertEqual(state.mode, .driving(pick: 0))
        let effects = press(chars("b"), &state)
        XCTAssertEqual(state.mode, .building(comparing: nil))
        XCTAssertTrue(effects.contains { if case .driverChanged? = $0.engineCommand { true } else { false } })
    }

    func testOverlaysLieOverTheModeAndGiveItBack() throws {
        var state = try appState()
        _ = press(chars("3h?"), &state)
        XCTAssertEqual(state.overlay, .help(page: 0))
        XCTAssertTrue(state.driving)
        _ = press([.up], &state)
        XCTAssertEqual(state.overlay, .none)
        XCTAssertEqual(state.mode, .driving(pick: 0), "the key closed help and drove nothing")
    }

    func testALadderStepsToTheNextRungAndStopsAtItsEnds() {
        let ladder = Ladder([0, 0.1, 0.5, 1])
        XCTAssertEqual(ladder.step(0.1, up: true), 0.5)
        XCTAssertEqual(ladder.step(0.1, up: false), 0)
        XCTAssertEqual(ladder.step(0.3, up: true), 0.5, "between rungs: the nearest rung up")
        XCTAssertEqual(ladder.step(0.3, up: false), 0.1)
        XCTAssertEqual(ladder.step(0.1 + 1e-13, up: false), 0, "a rounding error off a rung is the rung")
        XCTAssertNil(ladder.step(1, up: true))
        XCTAssertNil(ladder.step(0, up: false))
        XCTAssertEqual(ladder.rung(atLeast: 0.2), 0.5)
        XCTAssertEqual(ladder.rung(atLeast: 7), 1)
        XCTAssertEqual(Ladder.speed.step(.infinity, up: false), 1_000_000, "one step down from flat out")
        XCTAssertNil(Ladder.speed.step(.infinity, up: true))
    }

    func testSpeedKeysClimbTheSpeedLadderAndStayAtItsEnds() throws {
        var state = try appState()
        XCTAssertEqual(state.speed, 50)
        _ = press(Array(repeating: .character("+"), count: 20), &state)
        XCTAssertNil(state.speed, "as fast as possible")
        let effects = press(chars("+"), &state)
        guard case .speed(nil)? = effects.first?.engineCommand else { return XCTFail("\(effects)") }
        _ = press(Array(repeating: .character("-"), count: 20), &state)
        XCTAssertEqual(state.speed, 1)
        XCTAssertEqual(AppState.speeds.count, Ladder.speed.rungs.count)
        XCTAssertEqual(AppState.speeds[AppState.defaultSpeedIndex], 50, "the engine's pacer starts where the playground does")
    }

    func testOneColumnIsOneRule() {
        for narrow: Character in ["a", "~", "é", "e\u{301}", "→", "░", "⣿", "▸", "✓"] {
            XCTAssertTrue(narrow.isSingleWidth, "\(narrow)")
        }
        for wide: Character in ["中", "한", "Ａ", "🙂", "⌚", "\u{301}", "\u{200B}", "☀\u{FE0F}", "👩\u{200D}💻"] {
            XCTAssertFalse(wide.isSingleWidth, "\(wide.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
