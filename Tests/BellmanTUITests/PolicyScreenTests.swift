import XCTest
@testable import BellmanCore
@testable import BellmanTUI

/// The policy-gradient family on the grid (DESIGN §13): the arrows are the actions pi favours
/// over uniform, and the inspector prints pi per action, summing to 1 as printed.
final class PolicyScreenTests: XCTestCase {
    /// The inspector's `π NAME p` entries, in the order printed.
    private func printedPi(_ screen: Canvas) -> [(name: String, p: Double)] {
        screen.text.split(separator: "\n").flatMap { line -> [(String, Double)] in
            let words = line.split(separator: " ")
            return words.indices.compactMap { i in
                guard words[i].hasSuffix("π"), i + 2 < words.count, words[i + 1] != "=", let p = Double(words[i + 2]) else { return nil }
                return (String(words[i + 1]), p)
            }
        }
    }

    /// The short corridor at its start (pi_0: right with probability 0.05): every state
    /// favours left, and the inspector says 0.950 and 0.050. Imitation on the small gridworld
    /// after 300 labelled steps: the arrows are exactly the actions above 1/4.
    func testThePolicyAtEachSize() throws {
        for (width, height) in [(120, 40), (80, 24)] {
            var corridor = try appState("short-corridor", width: width, height: height)
            // As `bellman play` opens a level (and the level picker does): with its own policy.
            corridor.targetPolicy = try corridor.level.defaultPolicy(for: TD0.info, model: corridor.model)
            _ = update(&corridor, .input(.key(.character("4"))))
            XCTAssertEqual(corridor.method.id, "reinforce")
            corridor.snapshot = snapshot(of: corridor, after: [])
            corridor.cursor = GridPosition(row: 0, col: 0)
            let start = Screen.render(corridor)
            assertGolden(start, "short-corridor-reinforce-start-\(width)x\(height)")
            let pi = printedPi(start)
            XCTAssertEqual(pi.map(\.name), ["left", "right"])
            XCTAssertEqual(pi.map(\.p), [0.95, 0.05])
            XCTAssertTrue(start.text.contains("favours left"), start.text)

            var grid = try appState("small-gridworld", width: width, height: height)
            for c in "4mmmmm" { _ = update(&grid, .input(.key(.character(c)))) }
            XCTAssertEqual(grid.method.id, "imitation")
            grid.snapshot = snapshot(of: grid, after: Array(repeating: .tick, count: 300))
            grid.cursor = GridPosition(row: 1, col: 1)
            let learned = Screen.render(grid)
            assertGolden(learned, "small-gridworld-imitation-300-\(width)x\(height)")
            let printed = printedPi(learned)
            XCTAssertEqual(printed.map(\.name), ["N", "E", "S", "W"])
            XCTAssertEqual(printed.map(\.p).reduce(0, +), 1, accuracy: 1e-9, "the column adds up to 1 as printed")
            let probabilities = try XCTUnwrap(grid.snapshot.probabilities)
            let s = try XCTUnwrap(grid.cursorState)
            for (a, entry) in printed.enumerated() { XCTAssertEqual(entry.p, probabilities[s * 4 + a], accuracy: 0.0015) }
            let marks = grid.greedyActions()
            for state in 0..<grid.model.stateCount where !grid.model.isTerminal[state] {
                XCTAssertEqual(marks[state], (0..<4).filter { probabilities[state * 4 + $0] > 0.25 + 1e-9 }, "state \(state)")
            }
        }
    }

    /// View pi (DESIGN §13): `v` cycles V, visits and max π for a method that learns its policy
    /// (no TD error: its steps are preference steps), and leaves it for V on a method that
    /// does not. Each cell's number is its most likely action's probability, on a scale from
    /// 1/|A| to 1; among the arrows (the actions above 1/|A|) the most likely is bold.
    func testViewPiShowsTheMostLikelyActionsProbability() throws {
        var grid = try appState("small-gridworld", width: 120, height: 40)
        for c in "4mmmmm" { _ = update(&grid, .input(.key(.character(c)))) }
        XCTAssertEqual(grid.method.id, "imitation")
        var seen: [ValueView] = []
        for _ in 0..<3 {
            _ = update(&grid, .input(.key(.character("v"))))
            seen.append(grid.view)
        }
        XCTAssertEqual(seen, [.visits, .policy, .value])
        _ = update(&grid, .input(.key(.character("v"))))
        _ = update(&grid, .input(.key(.character("v"))))
        XCTAssertEqual(grid.view, .policy)
        grid.snapshot = snapshot(of: grid, after: Array(repeating: .tick, count: 300))
        grid.cursor = GridPosition(row: 1, col: 1)
        let screen = Screen.render(grid)
        assertGolden(screen, "small-gridworld-imitation-300-pi-120x40")
        XCTAssertTrue(screen.text.contains("view: max π"), screen.text)
        XCTAssertTrue(screen.text.contains("max π 0.25"), "the scale starts at uniform over four actions")

        // Each cell's number is max_a pi(a|s) as printed.
        let pi = try XCTUnwrap(grid.snapshot.probabilities)
        let marks = grid.greedyActions()
        var boldArrows = 0, plainArrows = 0
        for y in 1..<21 {
            for x in 0..<80 where "↑→↓←".contains(screen[x, y].character) {
                if screen[x, y].style.attributes.contains(.bold) { boldArrows += 1 } else { plainArrows += 1 }
            }
        }
        let marked = (0..<grid.model.stateCount).filter { !marks[$0].isEmpty }
        XCTAssertFalse(marked.isEmpty)
        XCTAssertEqual(boldArrows, marked.count, "one bold arrow per state that favours an action")
        XCTAssertEqual(plainArrows, marked.map { marks[$0].count - 1 }.reduce(0, +), "the others plain")
        for s in 0..<grid.model.stateCount where !grid.model.isTerminal[s] {
            let best = (0..<4).map { pi[s * 4 + $0] }.max()!
            XCTAssertTrue(screen.text.contains(Format.value(best, width: 9)), "state \(s): \(best) printed")
        }

        // A method that learns no policy has no pi view: switching leaves it for V.
        _ = update(&grid, .input(.key(.character("3"))))
        XCTAssertEqual(grid.view, .value)
        var views: [ValueView] = []
        for _ in 0..<4 {
            _ = update(&grid, .input(.key(.character("v"))))
            views.append(grid.view)
        }
        XCTAssertEqual(views, [.actionValues, .visits, .tdError, .value])
    }

    /// A level picked in the playground (`L`) comes with its own policy, as `bellman play`
    /// opens it: the short corridor's pi_0 puts 0.05 on right, and REINFORCE starts there.
    func testAPickedLevelComesWithItsOwnPolicy() throws {
        var state = try appState("cliff-walking")
        XCTAssertNil(state.targetPolicy)
        _ = update(&state, .levelLoaded(try LevelCatalog.load("short-corridor")))
        let policy = try XCTUnwrap(state.targetPolicy)
        let s = try XCTUnwrap(state.model.state(named: "1"))
        XCTAssertEqual(policy.p(s, 1), 0.05, accuracy: 1e-12)
        _ = update(&state, .input(.key(.character("4"))))
        state.snapshot = snapshot(of: state, after: [])
        XCTAssertEqual(try XCTUnwrap(state.snapshot.probabilities)[s * state.model.actionCount + 1], 0.05, accuracy: 1e-9)
        // A level without one leaves none.
        _ = update(&state, .levelLoaded(try LevelCatalog.load("small-gridworld")))
        XCTAssertNil(state.targetPolicy)
    }

    /// Largest remainders: three thirds print as 0.334, 0.333, 0.333, not 0.333 three times.
    func testSharesAddUpAsPrinted() {
        XCTAssertEqual(Format.shares([1.0 / 3, 1.0 / 3, 1.0 / 3], decimals: 3), ["0.334", "0.333", "0.333"])
        XCTAssertEqual(Format.shares([0.0005, 0.9995], decimals: 3), ["0.001", "0.999"])
        XCTAssertEqual(Format.shares([0.25, 0.25, 0.25, 0.25], decimals: 3), ["0.250", "0.250", "0.250", "0.250"])
    }
}
