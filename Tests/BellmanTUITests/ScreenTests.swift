import BellmanCore
@testable import BellmanTUI
import XCTest

/// Screens rendered into the cell grid, checked for what a user would see.
final class ScreenTests: XCTestCase {
    /// After value iteration converges on the cliff, the heatmap orders colours by value and
    /// the arrows show the edge path.
    func testConvergedValueIterationShowsOrderedHeatmapAndEdgePath() throws {
        var state = try appState()
        state.snapshot = snapshot(of: state, after: Array(repeating: .sweep, count: 20))
        XCTAssertTrue(state.snapshot.finished, "value iteration converges within 20 sweeps on the cliff")
        let canvas = Screen.render(state)
        let layout = Layout(state)
        func background(_ row: Int, _ col: Int) -> UInt8? {
            let cell = canvas[layout.gridOrigin.x + col * layout.cellWidth + 1, layout.gridOrigin.y + row * layout.cellHeight]
            if case .indexed(let i) = cell.style.background { return i }
            return nil
        }
        func rampIndex(_ row: Int, _ col: Int) throws -> Int {
            try XCTUnwrap(Heat.ramp256.firstIndex(of: try XCTUnwrap(background(row, col))))
        }
        // Along the row above the cliff, V rises from -12 to -1 towards the goal: colours never go down the ramp.
        let ramp = try (0..<12).map { try rampIndex(2, $0) }
        XCTAssertEqual(ramp, ramp.sorted(), "heat increases with value: \(ramp)")
        XCTAssertLessThan(ramp[0], ramp[11])
        // The greedy arrows of the row above the cliff all point east except the last (south).
        let arrowRow = layout.gridOrigin.y + 2 * layout.cellHeight + layout.cellHeight - 1
        let arrows = (0..<12).map { canvas[layout.gridOrigin.x + $0 * layout.cellWidth + (layout.cellWidth - 1) / 2, arrowRow].character }
        XCTAssertEqual(String(arrows), "→→→→→→→→→→→↓")
        XCTAssertTrue(canvas.text.contains("-13.00"), "the start's value is printed in its cell")
        XCTAssertTrue(canvas.text.contains("✓ converged"))
    }

    func testPanelShowsCountersAfterTicks() throws {
        var state = try appState()
        _ = update(&state, .input(.key(.character("3"))))
        state.snapshot = snapshot(of: state, after: Array(repeating: .tick, count: 25))
        // 25 samples and backups, alpha picked at 0.5, the RMS, the update explained: all of it.
        assertGolden(Screen.render(state), "cliff-q-learning-25-ticks-120x40")
    }

    func testHelpOverlayListsTheFixedKeys() throws {
        var state = try appState()
        press([.character("?")], &state)
        let text = Screen.render(state).text
        for key in ["space", "run / pause", "one tick", "one episode", "one sweep", "+ / -", "1 2 3", "next method",
                    "next view", "reset learning", "pick a level", "quit", "Tab  [  ]"] {
            XCTAssertTrue(text.contains(key), "help lacks \(key)")
        }
        press([.character("x")], &state)
        XCTAssertFalse(Screen.render(state).text.contains("Bellman keys"), "any key closes the help")
    }

    func testTinyTerminalGetsAMessage() throws {
        let state = try appState(width: 39, height: 11)
        assertGolden(Screen.render(state), "too-small-39x11")
    }

    func testSmallestSupportedTerminalShowsGridAndCounters() throws {
        var state = try appState(width: 40, height: 12)
        press(chars("3"), &state)
        state.snapshot = snapshot(of: state, after: Array(repeating: .tick, count: 10))
        assertGolden(Screen.render(state), "cliff-q-learning-10-ticks-40x12")
    }

    func testNoColorModeHasNoColours() throws {
        var state = try appState(colors: .none)
        state.snapshot = snapshot(of: state, after: Array(repeating: .sweep, count: 20))
        let canvas = Screen.render(state)
        for cell in canvas.cells {
            XCTAssertEqual(cell.style.foreground, .default)
            XCTAssertEqual(cell.style.background, .default)
        }
        XCTAssertTrue(canvas.cells.contains { Heat.shades.dropFirst().contains($0.character) }, "values shown as shades")
    }

    func testLevelPickerListsLevels() throws {
        var state = try appState()
        press([.character("L")], &state)
        // Every level listed, the current one marked.
        assertGolden(Screen.render(state), "level-picker-120x40")
    }

    func testLargeLevelScrollsToKeepTheCursorVisible() throws {
        var state = try appState("open-field-100")
        let layout = Layout(state)
        XCTAssertLessThan(layout.visibleCols, 100)
        press(Array(repeating: .right, count: 99) + Array(repeating: .down, count: 99), &state)
        XCTAssertEqual(state.cursor, GridPosition(row: 99, col: 99))
        XCTAssertEqual(state.scroll.col, 100 - layout.visibleCols)
        // The legend says which part is shown.
        assertGolden(Screen.render(state), "open-field-100-bottom-right-120x40")
    }

    func testActionValueViewDrawsOneGlyphPerAction() throws {
        var state = try appState()
        press(chars("3"), &state)
        state.snapshot = snapshot(of: state, after: Array(repeating: .episode, count: 30))
        press(chars("v"), &state)
        XCTAssertEqual(state.view, .actionValues)
        let canvas = Screen.render(state)
        XCTAssertGreaterThanOrEqual(canvas.positions(of: "▲").count, 36, "one N triangle per occupiable cell")
        XCTAssertEqual(canvas.positions(of: "▲").count, canvas.positions(of: "▼").count)
    }
}
