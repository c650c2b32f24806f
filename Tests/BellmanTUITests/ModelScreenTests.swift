import BellmanCore
@testable import BellmanTUI
import XCTest

/// The playground draws models that are not grids (DESIGN §6): the layout as the heatmap,
/// the greedy action's name where a grid draws its arrow, states named by id.
final class ModelScreenTests: XCTestCase {
    func testTheGamblersStakesAndValuesAreOnTheLayout() throws {
        var state = try appState("gambler")
        state.snapshot = snapshot(of: state, after: Array(repeating: .sweep, count: 40))
        state.cursor = GridPosition(row: 2, col: 6)
        let screen = Screen.render(state)
        let lines = (0..<screen.height).map(screen.line)
        // Row 5 of the layout: capitals 50 .. 59; V*(50) = 0.40 and its only optimal stake, 50.
        let row = try XCTUnwrap(lines.firstIndex { $0.contains("0.40   0.40   0.41") }, screen.text)
        XCTAssertTrue(lines[row].trimmingCharacters(in: .whitespaces).hasPrefix("50 "), "the row's label:\n\(screen.text)")
        XCTAssertTrue(lines[row + 1].trimmingCharacters(in: .whitespaces).hasPrefix("50 "), "the stake under capital 50:\n\(screen.text)")
        // Figure 4.3's ties: at 51 the stakes 1 and 49 are equally good, both drawn.
        XCTAssertTrue(lines[row + 1].contains("1,49"), screen.text)
        XCTAssertTrue(screen.text.contains("rows ↓ capital (tens)   columns → capital (units)"), "the axes are named beside the heatmap")
        XCTAssertTrue(screen.text.contains("greedy 1, 24, 26"), "the inspector lists all tied stakes of capital 26")
        XCTAssertFalse(screen.text.contains("d D o O"), "no grid physics keys on a model without them")
        XCTAssertTrue(screen.text.contains("V(") && screen.text.contains("best "), "the explain box names states by id")
        assertGolden(screen, "gambler-value-iteration-120x40")
    }

    /// At 40x12 a cell is one column: a stake of two digits is not cut to one (which would be
    /// another stake); the colour alone shows the value there.
    func testStakesNeverShowCutToAnotherNumber() throws {
        var state = try appState("gambler", width: 40, height: 12)
        state.snapshot = snapshot(of: state, after: Array(repeating: .sweep, count: 40))
        let screen = Screen.render(state)
        let lines = (0..<screen.height).map(screen.line)
        let row10 = try XCTUnwrap(lines.first { $0.hasPrefix("              10 ") }, screen.text)
        // Capitals 10-15 stake 10 to 12 (or ties from 10): blank; 16-19 can stake 9 down to 6.
        XCTAssertEqual(String(row10.dropFirst(17).prefix(10)), "      9876", screen.text)
        let row0 = try XCTUnwrap(lines.first { $0.hasPrefix("               0 ") }, screen.text)
        XCTAssertTrue(row0.contains("T 23456789"), "one-digit stakes fit:\n\(screen.text)")
    }

    func testBlackjackShowsHitAndStickOnBothPanelsAt120x40() throws {
        var state = try appState("blackjack")
        _ = update(&state, .input(.key(.character("1"))))
        state.snapshot = snapshot(of: state, after: Array(repeating: .sweep, count: 12))
        let screen = Screen.render(state)
        let lines = (0..<screen.height).map(screen.line)
        // Twenty layout rows (usable ace, then none), ten dealer cards each: all on screen.
        let marked = lines.filter { line in line.split(separator: " ").filter { $0 == "H" || $0 == "S" }.count >= 8 }
        XCTAssertGreaterThanOrEqual(marked.count, 20, screen.text)
        // No usable ace, 20 against anything: stick.
        let rows = lines.map { $0.split(separator: " ").prefix(11).map(String.init) }
        XCTAssertTrue(rows.contains(["20"] + Array(repeating: "S", count: 10)), screen.text)
        assertGolden(screen, "blackjack-value-iteration-120x40")
    }

    func testJacksCarRentalLabelsBothLocations() throws {
        var state = try appState("jacks-car-rental")
        state.snapshot = snapshot(of: state, after: Array(repeating: .sweep, count: 3))
        let screen = Screen.render(state)
        XCTAssertTrue(screen.text.contains("rows ↓ cars at first location   columns → cars at second location"), screen.text)
        assertGolden(screen, "jacks-car-rental-3-sweeps-120x40")
    }

    func testGridOnlyKeysSaySo() throws {
        var state = try appState("jacks-car-rental")
        XCTAssertTrue(press(chars("d"), &state).isEmpty)
        XCTAssertEqual(state.status, "slip and step reward belong to grid levels; jacks-car-rental has its own dynamics (g/G still changes gamma)")
        _ = update(&state, .input(.key(.character("3"))))
        press(chars("vvvv"), &state)
        XCTAssertNotEqual(state.view, .actionValues, "Q per direction needs directions")
    }
}

extension ModelScreenTests {
    /// Example 6.7's states are named on the map (A, B and the two ends), and the panel gives
    /// Figure 6.5's measure: the share of the latest episodes that went left from A,
    /// counted here from the episodes themselves.
    func testMaximizationBiasNamesItsStatesAndCountsTheLeftsFromA() throws {
        for (width, height) in [(120, 40), (80, 24)] {
            var state = try appState("maximization-bias", width: width, height: height)
            _ = update(&state, .input(.key(.character("3"))))
            var worker = EngineWorker()
            worker.apply(.configure(state.model, state.method, state.parameters))
            awaitTruth(&worker)
            var lefts = 0, episodes = 0
            for _ in 0..<300 {
                worker.apply(.step(.episode))
                finishWork(&worker)
                let end = try XCTUnwrap(worker.snapshot().lastEpisode)
                if episodes >= 200 { lefts += end.firstAction == 0 ? 1 : 0 }
                episodes += 1
            }
            state.snapshot = worker.snapshot()
            let screen = Screen.render(state)
            for name in ["end-left", " B ", " A ", "end-right"] {
                XCTAssertTrue(screen.text.contains(name), "\(name) on the map at \(width)x\(height):\n\(screen.text)")
            }
            let left = Int((Double(lefts) / 100 * 100).rounded())
            let shares = "left \(left)% right \(100 - left)%"
            XCTAssertTrue(screen.text.contains(width >= 120 ? "from A, last 100: \(shares)" : "A: \(shares)"), screen.text)
            assertGolden(screen, "maximization-bias-q-learning-300-episodes-\(width)x\(height)")
        }
    }
}
