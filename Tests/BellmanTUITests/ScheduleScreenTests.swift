import BellmanCore
@testable import BellmanTUI
import XCTest

/// A level whose map changes on schedule in the playground: the screen follows the agent's
/// world, the curve marks the switch, and the error is against the new map's truth.
final class ScheduleScreenTests: XCTestCase {
    func testTheBlockingMazeMovesItsWallOnScreenAt1000Samples() throws {
        var state = try appState("blocking-maze", colors: .none)
        press(chars("3"), &state)
        var worker = EngineWorker()
        worker.apply(.configure(state.model, state.method, state.parameters))
        awaitTruth(&worker)
        func wallRow() -> String {
            let layout = Layout(state)
            let canvas = Screen.render(state)
            let y = layout.gridOrigin.y + 3 * layout.cellHeight
            return (0..<9).map { c in canvas[layout.gridOrigin.x + c * layout.cellWidth, y].character == "█" ? "#" : "." }.joined()
        }
        worker.apply(.step(.samples(999)))
        finishWork(&worker)
        _ = update(&state, .snapshot(worker.snapshot()))
        XCTAssertEqual(wallRow(), "########.", "the first map: the gap on the right")
        XCTAssertTrue(state.snapshot.physicsMarks.isEmpty)
        let before = state.model
        worker.apply(.step(.samples(1_001)))
        finishWork(&worker)
        awaitTruth(&worker)
        _ = update(&state, .snapshot(worker.snapshot()))
        XCTAssertFalse(state.model === before, "the screen takes the agent's new world")
        XCTAssertEqual(wallRow(), ".########", "after 1,000 samples the wall has moved")
        XCTAssertEqual(state.snapshot.physicsMarks, [1_000], "the curve marks the switch")
        XCTAssertNotNil(state.snapshot.rms, "measured against the new map's truth")
    }
}
