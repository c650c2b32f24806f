import XCTest
@testable import BellmanCore

/// The step rules of DESIGN §2, one test per rule, each on a tiny hand-made level whose exact
/// outcome distribution p(s', r | s, a) is computed by hand in the comments.
///
/// Coordinates are (row, col), 0-based, row 0 at the top; north is row - 1.
final class StepRuleTests: XCTestCase {

    // MARK: - Slip

    func testSlipGoesStraightWithOneMinusSlipAndEachPerpendicularWithHalfOfIt() throws {
        let m = try levelModel(["...",
                                "...",
                                "..."], "slip = 0.2\nstep_reward = -1")
        // N from the centre: N 0.8, and the perpendiculars E and W 0.1 each.
        assertOutcomes(m, from: (1, 1), .n, [
            .init(0, 1, 0.8, -1), .init(1, 2, 0.1, -1), .init(1, 0, 0.1, -1),
        ])
        // E from the centre: E 0.8, N 0.1, S 0.1.
        assertOutcomes(m, from: (1, 1), .e, [
            .init(1, 2, 0.8, -1), .init(0, 1, 0.1, -1), .init(2, 1, 0.1, -1),
        ])
    }

    func testSlipOfOneAlwaysTurnsNinetyDegrees() throws {
        let m = try levelModel(["...",
                                "...",
                                "..."], "slip = 1\nstep_reward = -1")
        // Never straight on: W and E with 1/2 each.
        assertOutcomes(m, from: (1, 1), .s, [.init(1, 0, 0.5, -1), .init(1, 2, 0.5, -1)])
    }

    func testStayNeverSlips() throws {
        let m = try levelModel(["...",
                                "...",
                                "..."], "slip = 0.5\nstep_reward = -1\nactions = [\"N\", \"stay\"]")
        assertOutcomes(m, from: (1, 1), .stay, [.init(1, 1, 1, -1)])
        // ...while N on the same level does slip.
        assertOutcomes(m, from: (1, 1), .n, [
            .init(0, 1, 0.5, -1), .init(1, 0, 0.25, -1), .init(1, 2, 0.25, -1),
        ])
    }

    func testDiagonalSlipsToTheTwoDiagonalsAtNinetyDegrees() throws {
        let m = try levelModel(["...",
                                "...",
                                "..."], "slip = 0.2\nstep_reward = -1\nactions = [\"NE\", \"SW\"]")
        // NE: NE 0.8, SE 0.1, NW 0.1 (not N or E, which are only 45 degrees off).
        assertOutcomes(m, from: (1, 1), .ne, [
            .init(0, 2, 0.8, -1), .init(2, 2, 0.1, -1), .init(0, 0, 0.1, -1),
        ])
        // SW: SW 0.8, NW 0.1, SE 0.1.
        assertOutcomes(m, from: (1, 1), .sw, [
            .init(2, 0, 0.8, -1), .init(0, 0, 0.1, -1), .init(2, 2, 0.1, -1),
        ])
    }

    // MARK: - Blocked moves and bumps

    func testMovesOffTheGridOrIntoAWallAreBlockedAndEarnBumpReward() throws {
        let m = try levelModel([".#.",
                                "..."], "step_reward = -1\nbump_reward = -5")
        assertOutcomes(m, from: (0, 0), .n, [.init(0, 0, 1, -5)])  // off the top edge
        assertOutcomes(m, from: (0, 0), .w, [.init(0, 0, 1, -5)])  // off the left edge
        assertOutcomes(m, from: (0, 0), .e, [.init(0, 0, 1, -5)])  // into the wall
        assertOutcomes(m, from: (0, 0), .s, [.init(1, 0, 1, -1)])  // an ordinary move
        assertOutcomes(m, from: (1, 2), .s, [.init(1, 2, 1, -5)])  // off the bottom edge
        assertOutcomes(m, from: (1, 1), .n, [.init(1, 1, 1, -5)])  // into the wall from below
        XCTAssertEqual(m.stateOfCell[0 * 3 + 1], -1, "a wall is not a state")
    }

    func testBumpRewardDefaultsToStepRewardNotToTheOriginCellsReward() throws {
        let m = try levelModel(["a."], "step_reward = -1",
                               legend: #"a = { kind = "floor", reward = 3 }"#)
        XCTAssertEqual(m.level.bumpReward, -1)
        assertOutcomes(m, from: (0, 0), .w, [.init(0, 0, 1, -1)])  // blocked: bump = step_reward
        assertOutcomes(m, from: (0, 1), .w, [.init(0, 0, 1, 3)])   // entering `a` earns its reward
        assertOutcomes(m, from: (0, 0), .e, [.init(0, 1, 1, -1)])
    }

    func testSlippingIntoAWallIsABump() throws {
        let m = try levelModel(["#.#",
                                "..."], "slip = 0.2\nstep_reward = -1\nbump_reward = -5")
        // E from (0,1): E into the wall 0.8 and N off the grid 0.1 are both bumps on (0,1);
        // S slips to (1,1) with 0.1.
        assertOutcomes(m, from: (0, 1), .e, [.init(0, 1, 0.9, -5), .init(1, 1, 0.1, -1)])
    }

    // MARK: - Wind

    func testWindPushesNorthWhenPositiveAndSouthWhenNegativeStoppingAtTheEdge() throws {
        let m = try levelModel([
            "...",
            "...",
            "...",
            "...",
            "...",
        ], "step_reward = -1\nbump_reward = -5\nwind = [0, 2, -1]\nactions = [\"N\", \"E\", \"S\", \"W\", \"stay\"]")
        assertOutcomes(m, from: (4, 1), .stay, [.init(2, 1, 1, -1)])  // two cells north
        assertOutcomes(m, from: (2, 1), .n, [.init(0, 1, 1, -1)])     // to (1,1), then one push and the edge
        assertOutcomes(m, from: (1, 2), .s, [.init(3, 2, 1, -1)])     // to (2,2), then one cell south
        assertOutcomes(m, from: (4, 2), .stay, [.init(4, 2, 1, -1)])  // pushed into the edge: stays, no bump
        assertOutcomes(m, from: (0, 0), .n, [.init(0, 0, 1, -5)])     // windless column: a plain bump
    }

    func testWindUsesTheColumnOfTheOriginCell() throws {
        let m = try levelModel([
            "...",
            "...",
            "...",
            "...",
            "...",
        ], "step_reward = -1\nwind = [0, 2, -1]")
        // (2,1) -> E -> (2,2); column 1's wind (2 north) applies, not column 2's (1 south).
        assertOutcomes(m, from: (2, 1), .e, [.init(0, 2, 1, -1)])
        // (2,2) -> W -> (2,1); column 2's wind (1 south) applies, not column 1's.
        assertOutcomes(m, from: (2, 2), .w, [.init(3, 1, 1, -1)])
        // (2,0) -> E -> (2,1); column 0 has no wind.
        assertOutcomes(m, from: (2, 0), .e, [.init(2, 1, 1, -1)])
    }

    func testWindMovesOneCellAtATimeAndStopsBeforeAWall() throws {
        let m = try levelModel([
            "...",
            ".#.",
            "...",
            "...",
        ], "step_reward = -1\nbump_reward = -5\nwind = [0, 3, 0]\nactions = [\"N\", \"E\", \"S\", \"W\", \"stay\"]")
        assertOutcomes(m, from: (3, 1), .stay, [.init(2, 1, 1, -1)])  // 3 north, stopped below the wall
        assertOutcomes(m, from: (2, 1), .stay, [.init(2, 1, 1, -1)])  // cannot move at all; stay is no bump
        assertOutcomes(m, from: (3, 0), .e, [.init(3, 1, 1, -1)])     // column 0 has no wind
        // (0,1) -> S into the wall: blocked; the wind (north) meets the edge: back on origin, a bump.
        assertOutcomes(m, from: (0, 1), .s, [.init(0, 1, 1, -5)])
    }

    func testWindPassesOverGoalHoleAndCliffAndOnlyTheFinalCellCounts() throws {
        let m = try levelModel([
            "....",
            "GGG.",
            "HHH.",
            "CCC.",
            "...S",
        ], "step_reward = -1\nwind = [4, 3, 1, 0]\nactions = [\"N\", \"E\", \"S\", \"W\", \"stay\"]",
           legend: """
           G = { kind = "goal", reward = 10 }
           H = { kind = "hole", reward = -10 }
           C = { kind = "cliff", reward = -100 }
           """)
        // Column 0, push 4: over the cliff, the hole and the goal onto floor (0,0).
        assertOutcomes(m, from: (4, 0), .stay, [.init(0, 0, 1, -1)])
        // Column 1, push 3: over the cliff and the hole, ending on the goal.
        assertOutcomes(m, from: (4, 1), .stay, [.init(1, 1, 1, 10, ends: true)])
        // Column 2, push 1: ends on the cliff: -100 and back to the only start cell (4,3).
        assertOutcomes(m, from: (4, 2), .stay, [.init(4, 3, 1, -100)])
        // N from (4,2) enters the cliff (3,2), then the wind carries on to the hole (2,2):
        // the cliff does not count, only the final cell does.
        assertOutcomes(m, from: (4, 2), .n, [.init(2, 2, 1, -10, ends: true)])
        // E from (4,0) moves to (4,1) but column 0's push 4 applies: over C, H, G onto (0,1).
        assertOutcomes(m, from: (4, 0), .e, [.init(0, 1, 1, -1)])
        // E from (4,1) moves to (4,2) with column 1's push 3: onto the goal (1,2).
        assertOutcomes(m, from: (4, 1), .e, [.init(1, 2, 1, 10, ends: true)])
    }

    func testBumpOnlyWhenBlockedAndBackOnTheOriginAfterTheWind() throws {
        let m = try levelModel([
            ".#",
            "a.",
            "..",
        ], "step_reward = -1\nbump_reward = -5\nwind = [1, 1]\nactions = [\"N\", \"E\", \"S\", \"W\", \"stay\"]",
           legend: #"a = { kind = "floor", reward = 2 }"#)
        // Blocked and pushed away: the landed cell's reward, not a bump.
        assertOutcomes(m, from: (2, 0), .w, [.init(1, 0, 1, 2)])   // lands on `a`: +2
        assertOutcomes(m, from: (2, 1), .e, [.init(1, 1, 1, -1)])  // lands on floor: step_reward
        // A move undone by the wind: back on the origin, but not blocked, so no bump.
        assertOutcomes(m, from: (1, 0), .s, [.init(1, 0, 1, 2)])
        // Blocked, and the wind cannot move the agent (edge / wall above): a bump.
        assertOutcomes(m, from: (0, 0), .w, [.init(0, 0, 1, -5)])
        assertOutcomes(m, from: (1, 1), .e, [.init(1, 1, 1, -5)])
        // `stay` is never a bump, even when the agent does not move.
        assertOutcomes(m, from: (1, 1), .stay, [.init(1, 1, 1, -1)])
        assertOutcomes(m, from: (1, 0), .stay, [.init(0, 0, 1, -1)])
    }

    // MARK: - Cliff, goal, hole

    func testCliffEarnsItsRewardAndRelocatesUniformlyToTheStartCells() throws {
        let m = try levelModel([
            "S..D",
            "SCCG",
        ], "step_reward = -1",
           legend: """
           C = { kind = "cliff", reward = -100 }
           D = { kind = "cliff" }
           """)
        XCTAssertEqual(m.startStates, [state(m, 0, 0), state(m, 1, 0)].map(Int32.init))
        // Two start cells: each gets half.
        assertOutcomes(m, from: (0, 1), .s, [.init(0, 0, 0.5, -100), .init(1, 0, 0.5, -100)])
        assertOutcomes(m, from: (1, 0), .e, [.init(0, 0, 0.5, -100), .init(1, 0, 0.5, -100)])
        // A cliff without `reward` earns step_reward.
        assertOutcomes(m, from: (0, 2), .e, [.init(0, 0, 0.5, -1), .init(1, 0, 0.5, -1)])
        // A cliff is a state (it has a value) but never a start.
        XCTAssertGreaterThanOrEqual(state(m, 1, 1), 0)
        XCTAssertFalse(m.isTerminal[state(m, 1, 1)])
    }

    func testGoalAndHoleEndTheEpisodeWithTheirRewardDefaultingToStepReward() throws {
        let m = try levelModel([
            "G.H",
            "Y.Z",
        ], "step_reward = -1",
           legend: """
           G = { kind = "goal", reward = 10 }
           H = { kind = "hole", reward = -10 }
           Y = { kind = "goal" }
           Z = { kind = "hole" }
           """)
        assertOutcomes(m, from: (0, 1), .w, [.init(0, 0, 1, 10, ends: true)])
        assertOutcomes(m, from: (0, 1), .e, [.init(0, 2, 1, -10, ends: true)])
        assertOutcomes(m, from: (1, 1), .w, [.init(1, 0, 1, -1, ends: true)])
        assertOutcomes(m, from: (1, 1), .e, [.init(1, 2, 1, -1, ends: true)])
        assertOutcomes(m, from: (0, 1), .s, [.init(1, 1, 1, -1)])
        // Terminal cells are left by no action.
        for (r, c) in [(0, 0), (0, 2), (1, 0), (1, 2)] {
            XCTAssertTrue(m.isTerminal[state(m, r, c)], "r\(r)c\(c)")
            for a in 0..<m.actionCount {
                XCTAssertEqual(m.outcomes(state: state(m, r, c), action: a), [], "r\(r)c\(c)")
            }
        }
    }

    // MARK: - Portals

    func testEnteringAPortalEarnsStepRewardNotThePortalsReward() throws {
        let m = try levelModel([
            "...",
            ".P.",
            "..a",
        ], "step_reward = -1\nslip = 0.4\nwind = [0, 1, 0]",
           legend: """
           P = { kind = "portal", to = "a", reward = 5 }
           a = { kind = "floor", reward = 2 }
           """)
        // E from (1,0) (a windless column) onto the portal: step_reward; slips go N and S.
        assertOutcomes(m, from: (1, 0), .e, [
            .init(1, 1, 0.6, -1), .init(0, 0, 0.2, -1), .init(2, 0, 0.2, -1),
        ])
    }

    func testPortalJumpsOnAnyActionWithItsRewardAndNoSlipOrWind() throws {
        let m = try levelModel([
            "...",
            ".P.",
            "..a",
        ], "step_reward = -1\nslip = 0.4\nwind = [0, 1, 1]\nactions = [\"N\", \"NE\", \"E\", \"SE\", \"S\", \"SW\", \"W\", \"NW\", \"stay\"]",
           legend: """
           P = { kind = "portal", to = "a", reward = 5 }
           a = { kind = "floor", reward = 2 }
           """)
        // Every action from the portal lands on `a` with certainty and earns the portal's 5
        // (not `a`'s 2): without the portal rule, slip would scatter the agent and the wind
        // (1 north in the portal's and the target's column) would push it off `a`.
        for direction in m.level.actions {
            assertOutcomes(m, from: (1, 1), direction, [.init(2, 2, 1, 5)])
        }
    }

    func testPortalToAGoalEndsTheEpisodeWithThePortalsReward() throws {
        let m = try levelModel(["P.G"], "step_reward = -1",
                               legend: """
                               P = { kind = "portal", to = "G", reward = 3 }
                               G = { kind = "goal", reward = 10 }
                               """)
        for direction in m.level.actions {
            assertOutcomes(m, from: (0, 0), direction, [.init(0, 2, 1, 3, ends: true)])
        }
        assertOutcomes(m, from: (0, 1), .e, [.init(0, 2, 1, 10, ends: true)])
        assertOutcomes(m, from: (0, 1), .w, [.init(0, 0, 1, -1)])
    }

    // MARK: - Diagonals, legend, starts

    func testDiagonalMoveTestsOnlyItsTargetCell() throws {
        let m = try levelModel([
            ".#.",
            "#..",
            "..#",
        ], "step_reward = -1\nbump_reward = -5\nactions = [\"N\", \"NE\", \"E\", \"SE\", \"S\", \"SW\", \"W\", \"NW\"]")
        assertOutcomes(m, from: (1, 1), .nw, [.init(0, 0, 1, -1)])  // both corners are walls: cut
        assertOutcomes(m, from: (1, 1), .ne, [.init(0, 2, 1, -1)])  // one corner is a wall: cut
        assertOutcomes(m, from: (1, 1), .sw, [.init(2, 0, 1, -1)])  // one corner is a wall: cut
        assertOutcomes(m, from: (1, 1), .se, [.init(1, 1, 1, -5)])  // the target is a wall: blocked
        assertOutcomes(m, from: (0, 0), .se, [.init(1, 1, 1, -1)])
        assertOutcomes(m, from: (0, 0), .ne, [.init(0, 0, 1, -5)])  // off the grid
    }

    func testLegendRedefinesABuiltInCharacter() throws {
        let m = try levelModel(["S#G"], "step_reward = -1",
                               legend: """
                               "#" = { kind = "floor", reward = 4 }
                               G = { kind = "hole", reward = -3 }
                               """)
        XCTAssertGreaterThanOrEqual(m.stateOfCell[1], 0, "`#` is floor here, so a state")
        XCTAssertEqual(m.kindOfState[state(m, 0, 1)], .floor)
        XCTAssertEqual(m.kindOfState[state(m, 0, 2)], .hole)
        assertOutcomes(m, from: (0, 0), .e, [.init(0, 1, 1, 4)])
        assertOutcomes(m, from: (0, 1), .e, [.init(0, 2, 1, -3, ends: true)])
    }

    func testEpisodesStartOnTheStartCells() throws {
        let m = try levelModel([
            "S.S",
            "..G",
        ])
        XCTAssertEqual(m.startStates, [state(m, 0, 0), state(m, 0, 2)].map(Int32.init))
    }

    func testWithoutStartCellsEpisodesStartOnEveryNonTerminalCell() throws {
        let m = try levelModel([
            ".#G",
            "H.P",
            "a..",
        ], legend: """
           P = { kind = "portal", to = "a" }
           a = { kind = "floor" }
           """)
        // Not the wall, the goal or the hole; the portal and `a` are ordinary non-terminal cells.
        let expected = [(0, 0), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2)].map { Int32(state(m, $0.0, $0.1)) }
        XCTAssertEqual(m.startStates, expected)
    }

    // MARK: - Sampling and totals

    func testSamplingDrawsTheFrequenciesOfOutcomes() throws {
        let m = try levelModel([
            "S...",
            "SCCG",
        ], "step_reward = -1\nslip = 0.4",
           legend: """
           C = { kind = "cliff", reward = -100 }
           G = { kind = "goal", reward = 10 }
           """)
        // The hand-computed distributions first, so the sample is compared with known numbers.
        // S from (0,1): S onto the cliff 0.6 (split over the two starts), W 0.2, E 0.2.
        assertOutcomes(m, from: (0, 1), .s, [
            .init(0, 0, 0.3, -100), .init(1, 0, 0.3, -100), .init(0, 0, 0.2, -1), .init(0, 2, 0.2, -1),
        ])
        // S from (0,3): the goal 0.6; E off the grid 0.2 (a bump, default step_reward); W 0.2.
        assertOutcomes(m, from: (0, 3), .s, [
            .init(1, 3, 0.6, 10, ends: true), .init(0, 3, 0.2, -1), .init(0, 2, 0.2, -1),
        ])
        var rng = Xoshiro256(seed: 2024)
        let draws = 200_000
        for (r, c) in [(0, 1), (0, 3), (0, 2)] {
            for a in 0..<m.actionCount {
                let s = state(m, r, c)
                var counts: [OutcomeKey: Int] = [:]
                for _ in 0..<draws {
                    let step = m.sample(state: s, action: a, using: &rng)
                    counts[OutcomeKey(next: step.next, reward: step.reward, ends: step.ends), default: 0] += 1
                }
                let outcomes = m.outcomes(state: s, action: a)
                let expected = Dictionary(uniqueKeysWithValues: outcomes.map {
                    (OutcomeKey(next: $0.next, reward: $0.reward, ends: $0.ends), $0.probability)
                })
                for key in Set(counts.keys).union(expected.keys) {
                    let frequency = Double(counts[key] ?? 0) / Double(draws)
                    XCTAssertEqual(frequency, expected[key] ?? 0, accuracy: 0.01,
                                   "r\(r)c\(c) \(m.direction(of: a).id): \(key)")
                }
            }
        }
    }

    func testProbabilitiesSumToOneForEveryStateAndActionOfEveryBundledLevel() throws {
        let names = LevelCatalog.names
        XCTAssertTrue(names.contains("cliff-walking"), "bundled levels: \(names)")
        for name in names {
            let m = Model(try LevelCatalog.load(name))
            for s in 0..<m.stateCount {
                for a in 0..<m.actionCount(of: s) {
                    let outcomes = m.outcomes(state: s, action: a)
                    if m.isTerminal[s] {
                        XCTAssertEqual(outcomes, [], "\(name) \(m.name(of: s))")
                        continue
                    }
                    let total = outcomes.reduce(0) { $0 + $1.probability }
                    XCTAssertEqual(total, 1, accuracy: 1e-9, "\(name) \(m.name(of: s)) \(m.actionName(s, a))")
                    for outcome in outcomes {
                        XCTAssertGreaterThan(outcome.probability, 0, "\(name) \(m.name(of: s))")
                        XCTAssertTrue((0..<m.stateCount).contains(outcome.next), "\(name) \(m.name(of: s))")
                        XCTAssertEqual(outcome.ends, m.isTerminal[outcome.next], "\(name) \(m.name(of: s))")
                    }
                }
            }
        }
    }
}

// MARK: - Helpers

/// One expected outcome: the next cell, its probability, the reward and whether it ends the episode.
private struct Expected {
    var row: Int
    var col: Int
    var probability: Double
    var reward: Double
    var ends: Bool

    init(_ row: Int, _ col: Int, _ probability: Double, _ reward: Double, ends: Bool = false) {
        self.row = row
        self.col = col
        self.probability = probability
        self.reward = reward
        self.ends = ends
    }
}

private struct OutcomeKey: Hashable, CustomStringConvertible {
    var next: Int
    var reward: Double
    var ends: Bool
    var description: String { "next \(next), reward \(reward), ends \(ends)" }
}

extension StepRuleTests {
    /// Compiles a level made of a map (one string per row), top-level settings and legend lines.
    fileprivate func levelModel(_ map: [String], _ settings: String = "", legend: String = "") throws -> Model {
        let source = """
        name = "step rule test"
        \(settings)
        map = \"\"\"
        \(map.joined(separator: "\n"))
        \"\"\"

        [legend]
        \(legend)
        """
        return Model(try LevelParser.parse(source: source, file: "step.toml", id: "step"))
    }

    /// The state of cell (row, col); -1 for a wall.
    fileprivate func state(_ m: Model, _ row: Int, _ col: Int) -> Int {
        Int(m.stateOfCell[row * m.level.cols + col])
    }

    /// Asserts the exact outcome distribution of `direction` taken in cell `from`, in any order.
    fileprivate func assertOutcomes(_ m: Model, from: (Int, Int), _ direction: Direction, _ expected: [Expected],
                                    file: StaticString = #filePath, line: UInt = #line) {
        let where_ = "from r\(from.0)c\(from.1) \(direction.id)"
        guard let a = m.level.actions.firstIndex(of: direction) else {
            return XCTFail("\(direction.id) is not an action of the level", file: file, line: line)
        }
        let s = state(m, from.0, from.1)
        guard s >= 0 else { return XCTFail("r\(from.0)c\(from.1) is a wall", file: file, line: line) }
        func show(_ next: Int, _ p: Double, _ r: Double, _ ends: Bool) -> String {
            let (row, col) = m.position(of: next)
            return "(r\(row)c\(col) p=\(p) r=\(r)\(ends ? " ends" : ""))"
        }
        let actual = m.outcomes(state: s, action: a)
            .sorted { ($0.next, $0.reward) < ($1.next, $1.reward) }
        var wanted: [(next: Int, e: Expected)] = []
        for e in expected {
            let next = state(m, e.row, e.col)
            guard next >= 0 else { return XCTFail("expected r\(e.row)c\(e.col) is a wall", file: file, line: line) }
            wanted.append((next, e))
        }
        wanted.sort { ($0.next, $0.e.reward) < ($1.next, $1.e.reward) }
        let message = "\(where_): got \(actual.map { show($0.next, $0.probability, $0.reward, $0.ends) }.joined(separator: " ")), "
            + "expected \(wanted.map { show($0.next, $0.e.probability, $0.e.reward, $0.e.ends) }.joined(separator: " "))"
        guard actual.count == wanted.count else { return XCTFail(message, file: file, line: line) }
        for (got, want) in zip(actual, wanted) {
            XCTAssertEqual(got.next, want.next, message, file: file, line: line)
            XCTAssertEqual(got.probability, want.e.probability, accuracy: 1e-12, message, file: file, line: line)
            XCTAssertEqual(got.reward, want.e.reward, message, file: file, line: line)
            XCTAssertEqual(got.ends, want.e.ends, message, file: file, line: line)
        }
    }
}
