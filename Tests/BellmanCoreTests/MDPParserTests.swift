import BellmanCore
import XCTest

/// `[mdp]` level files (DESIGN §6): every problem at once, each at its FILE:LINE:COL.
final class MDPParserTests: XCTestCase {
    func errors(_ source: String) -> [String] {
        do {
            _ = try LevelParser.parse(source: source, file: "m.toml", id: "m")
            return []
        } catch let e as FileProblems {
            return e.problems.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    func assertError(_ source: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        let found = errors(source)
        XCTAssertTrue(found.contains { $0.hasPrefix(expected) || $0.contains(expected) }, "expected \(expected) in \(found)", file: file, line: line)
    }

    let header = "name = \"m\"\ngamma = 0.9\n"

    func testAnExplicitModelReadsStatesActionsAndLayout() throws {
        let level = try LevelParser.parse(source: header + """
            [mdp]
            start = "A"
            layout = [["B", "A"], ["end"]]

            [[mdp.transition]]
            from = "A"
            action = "left"
            to = "B"

            [[mdp.transition]]
            from = "A"
            action = "right"
            to = "end"
            p = 0.5

            [[mdp.transition]]
            from = "A"
            action = "right"
            to = "B"
            p = 0.5
            reward = { mean = -0.1, sd = 1 }

            [[mdp.transition]]
            from = "B"
            action = "go"
            to = "end"
            reward = 2
            """, file: "m.toml", id: "m")
        let mdp = try XCTUnwrap(level.mdp)
        XCTAssertEqual(mdp.states, ["A", "B", "end"], "start, then each transition's from and to")
        XCTAssertEqual(mdp.terminal, [false, false, true])
        XCTAssertEqual(mdp.pairs(of: 0).map { mdp.actionNames[$0] }, ["left", "right"])
        XCTAssertEqual(mdp.layout, [[1, 0], [2, -1]], "shorter rows padded with empty cells")
        let model = Model(level)
        XCTAssertEqual(model.actionCount(of: 1), 1)
        XCTAssertEqual(model.outcomes(state: 0, action: 1).map(\.probability), [0.5, 0.5])
        XCTAssertEqual(model.name(of: 1), "B")
        XCTAssertEqual(model.episodeCap, Model.defaultEpisodeCap)
    }

    func testEveryProblemIsPlaced() {
        let found = errors(header + """
            [mdp]
            start = "end"
            colour = 1

            [[mdp.transition]]
            from = "A"
            action = "go"
            to = "B"
            p = 0.5

            [[mdp.transition]]
            from = "A"
            action = "go"
            to = "B"
            p = 0.5

            [[mdp.transition]]
            from = "B"
            action = "bad id!"
            to = "end"

            [[mdp.transition]]
            action = "x"
            to = "end"
            odds = 2
            """)
        let expected = [
            "m.toml:4:9: `end` is not a state",
            "m.toml:5:1: unknown key `colour` in [mdp]",
            "m.toml:16:6: transition 2 repeats from = \"A\", action = \"go\", to = \"B\" of transition 1",
            "m.toml:21:10: `action` must be a string of 1 to 24 ASCII letters",
            "m.toml:24:1: transition 4 has no `from`",
            "m.toml:27:1: unknown key `odds` in a transition",
        ]
        for e in expected {
            XCTAssertTrue(found.contains { $0.hasPrefix(e) }, "expected \(e) in\n\(found.joined(separator: "\n"))")
        }
    }

    func testProbabilitiesTerminalsStartsAndLayout() {
        assertError(header + "[mdp]\n[[mdp.transition]]\nfrom = \"A\"\naction = \"go\"\nto = \"B\"\np = 0.3\n",
                    "m.toml:8:5: the probabilities of from = \"A\", action = \"go\" sum to 0.3; they must sum to 1")
        assertError(header + "[mdp]\nterminal = [\"A\"]\n[[mdp.transition]]\nfrom = \"A\"\naction = \"go\"\nto = \"B\"\n",
                    "m.toml:4:13: `A` is listed as terminal but has transitions of its own")
        assertError(header + "[mdp]\nstart = [\"B\"]\n[[mdp.transition]]\nfrom = \"A\"\naction = \"go\"\nto = \"B\"\n",
                    "m.toml:4:10: `B` is terminal; episodes start on non-terminal states")
        assertError(header + "[mdp]\nlayout = [[\"A\", \"A\"]]\n[[mdp.transition]]\nfrom = \"A\"\naction = \"go\"\nto = \"B\"\n",
                    "m.toml:4:10: `A` appears twice in `layout`")
        assertError(header + "[mdp]\n[[mdp.transition]]\nfrom = \"A\"\naction = \"go\"\nto = \"B\"\np = 1.5\n",
                    "m.toml:8:5: `p` must be a probability in (0, 1]")
        assertError(header + "[mdp]\n[[mdp.transition]]\nfrom = \"A\"\naction = \"go\"\nto = \"B\"\nreward = { mean = 1 }\n",
                    "m.toml:8:10: a random reward is { mean = M, sd = S }")
        assertError(header + "[mdp]\n", "an explicit [mdp] needs at least one [[mdp.transition]]")
    }

    func testGridKeysBuiltinsAndTheirKeys() {
        assertError(header + "slip = 0.1\n[mdp]\nbuiltin = \"gambler\"\n", "m.toml:3:1: `slip` is a key of grid levels")
        assertError(header + "map = \"SG\"\n[mdp]\nbuiltin = \"gambler\"\n", "m.toml:3:1: a level holds either a `map` or an [mdp] table, never both")
        assertError(header + "[mdp]\nbuiltin = \"roulette\"\n", "m.toml:4:11: `builtin` must be one of \"blackjack\", \"gambler\", \"jacks-car-rental\"")
        assertError(header + "[mdp]\nbuiltin = \"gambler\"\nmax_cars = 3\n", "m.toml:5:1: `max_cars` belongs to jacks-car-rental, not gambler; gambler takes goal, p_heads")
        assertError(header + "[mdp]\nbuiltin = \"gambler\"\ngoal = 1\n", "m.toml:5:8: `goal` must be an integer from 2 to 2000")
        assertError(header + "[mdp]\nbuiltin = \"jacks-car-rental\"\nrequests = [3]\n", "m.toml:5:12: `requests` must be two Poisson means")
    }

    /// gamma = 1 on a model where some state never ends: DP and MC refuse, naming the state
    /// and the header of its first transition; the episode cap falls to 1,000.
    func testUndiscountedLoopsAreNamed() throws {
        let level = try LevelParser.parse(source: "name = \"loop\"\ngamma = 1\n[mdp]\n[[mdp.transition]]\nfrom = \"A\"\naction = \"stay\"\nto = \"A\"\n\n[[mdp.transition]]\nfrom = \"B\"\naction = \"go\"\nto = \"end\"\n",
                                          file: "loop.toml", id: "loop")
        let model = Model(level)
        XCTAssertEqual(model.episodeCap, 1_000)
        XCTAssertThrowsError(try ValueIteration.info.make(model, ValueIteration.info.defaults(for: level))) { error in
            XCTAssertTrue("\(error)".contains("no terminal state can be reached from state A (loop.toml:4:1)"), "\(error)")
        }
        XCTAssertNoThrow(try QLearning.info.make(model, QLearning.info.defaults(for: level)))
    }
}
