import BellmanCore
@testable import BellmanTUI
import XCTest

/// You drive (`h`, DESIGN §9) through the update function, the engine and whole screens.
final class DrivingScreenTests: XCTestCase {
    func testArrowsDriveAndTheMethodLearnsFromEachStep() throws {
        var state = try appState()
        var worker = opened(&state)
        play(chars("3h"), &state, &worker)
        XCTAssertTrue(state.driving)
        XCTAssertTrue(state.status?.contains("q-learning learns from your steps") == true, state.status ?? "")
        // Up from the start, then east along the cliff's edge.
        let east = state.level.actions.firstIndex(of: .e)!
        play([.up, .right, .right], &state, &worker)
        let s = state.snapshot
        XCTAssertEqual(s.counters.samples, 3, "driven steps count as samples")
        XCTAssertEqual(s.counters.backups, 3)
        XCTAssertEqual(s.drivenSteps, 3)
        XCTAssertEqual(s.lastTick?.transition?.action, east)
        XCTAssertEqual(state.model.name(of: try XCTUnwrap(s.agent)), "r2c2")
        XCTAssertEqual(Level.cellName(row: state.cursor.row, col: state.cursor.col), "r2c2", "the cursor follows the agent")
        // The method's own steps wait while the user drives.
        press(chars(" "), &state)
        XCTAssertTrue(state.status?.contains("h hands the agent back") == true)
        XCTAssertFalse(state.running)
        play(chars("h"), &state, &worker)
        XCTAssertFalse(state.driving)
        play(chars("."), &state, &worker)
        XCTAssertEqual(state.snapshot.counters.samples, 4, "the method steps again")
    }

    func testRewindGoesBackOverDrivenStepsAndForwardTakesThemAgain() throws {
        var state = try appState()
        state.methodOfFamily[.td] = "sarsa"
        var worker = opened(&state)
        play(chars("3h"), &state, &worker)
        XCTAssertEqual(state.method.id, "sarsa")
        play([.up, .right, .right, .right, .down], &state, &worker)
        let driven = state.snapshot
        XCTAssertEqual(driven.counters.samples, 5)
        play(chars(",,,"), &state, &worker)
        XCTAssertEqual(state.snapshot.counters.samples, 2)
        XCTAssertEqual(state.snapshot.drivenSteps, 2)
        // Forward again, one tick at a time, retakes the steps driven.
        play(chars("..."), &state, &worker)
        XCTAssertEqual(state.snapshot.q, driven.q, "the same steps, the same tables")
        XCTAssertEqual(state.snapshot.agent, driven.agent)
        XCTAssertEqual(state.snapshot.drivenSteps, 5)
        // Handing back after a rewind: the method's own steps from there.
        play(chars(",,h."), &state, &worker)
        XCTAssertEqual(state.snapshot.drivenSteps, 3)
        XCTAssertEqual(state.snapshot.counters.samples, 4)
    }

    func testDPWalksAndLearnsNothing() throws {
        var state = try appState()
        var worker = opened(&state)
        play(chars("h"), &state, &worker)
        XCTAssertTrue(state.status?.contains("nothing is learned") == true, state.status ?? "")
        play([.up, .right], &state, &worker)
        XCTAssertEqual(state.snapshot.counters, Counters(), "DP took no samples and made no backups")
        XCTAssertEqual(state.model.name(of: try XCTUnwrap(state.snapshot.agent)), "r2c1")
        XCTAssertTrue(Explanation.lines(state).joined().contains("DP learns nothing from steps"))
    }

    func testMethodsThatCannotLearnFromADriverAndCompareModeRefuse() throws {
        var state = try appState()
        press(chars("2m"), &state)
        XCTAssertEqual(state.method.id, "mc-off-policy")
        press(chars("h"), &state)
        XCTAssertFalse(state.driving)
        XCTAssertTrue(state.status?.contains("cannot learn from your steps") == true, state.status ?? "")
        press(chars("3Ch"), &state)
        XCTAssertFalse(state.driving)
        XCTAssertTrue(state.status?.contains("C leaves compare mode") == true)
        // Driving, switching to a method that cannot learn from it hands back, and says so.
        state.methodOfFamily[.mc] = "mc-control"
        press(chars("C2h"), &state)
        XCTAssertTrue(state.driving)
        press(chars("m"), &state)
        XCTAssertEqual(state.method.id, "mc-off-policy")
        XCTAssertFalse(state.driving)
        XCTAssertTrue(state.status?.contains("the method drives again") == true, state.status ?? "")
    }

    /// A model that is not a grid: ← → pick among the state's actions, Enter takes it.
    func testOtherModelsPickTheActionAndEnterTakesIt() throws {
        var state = try appState("blackjack")
        var worker = opened(&state)
        play(chars("2h"), &state, &worker)
        XCTAssertTrue(state.driving)
        let here = try XCTUnwrap(state.snapshot.agent)
        XCTAssertEqual(state.model.actionCount(of: here), 2)
        play([.right], &state, &worker)
        XCTAssertEqual(state.drivePick, 1)
        XCTAssertTrue(Screen.render(state).text.contains("your action ◂ \(state.model.actionName(here, 1)) ▸ of 2"))
        play([.enter], &state, &worker)
        XCTAssertEqual(state.snapshot.counters.samples, 1)
        XCTAssertEqual(state.snapshot.lastTick?.transition?.action, 1)
        XCTAssertEqual(state.drivePick, 0)
    }

    /// Sarsa driven three steps: the footer's driving keys, who drives in the panel, and the
    /// explain box's update of the step before with the key as A'.
    func testDrivingSarsaScreens() throws {
        for (width, height) in [(120, 40), (80, 24)] {
            var state = try appState(width: width, height: height)
            state.methodOfFamily[.td] = "sarsa"
            var worker = opened(&state)
            play(chars("3h"), &state, &worker)
            awaitTruth(&worker)
            play([.up, .right, .right], &state, &worker)
            state.status = nil
            assertGolden(Screen.render(state), "cliff-sarsa-driven-\(width)x\(height)")
        }
    }
}
