import XCTest
@testable import BellmanCore

/// Chapter 8's changing mazes (DESIGN §9): scheduled changes in level files, applied by the
/// agent's world after so many samples, and the book's Figures 8.4 and 8.5 with fixed seeds.
final class ChangingMazeTests: XCTestCase {
    /// Samples of a run at which each episode ended.
    func episodeEnds(_ method: MethodInfo, _ level: String, steps: Int, seed: UInt64,
                     configure: (inout Parameters) -> Void) throws -> (ends: [Int], result: RunResult) {
        let model = try bundledModel(level)
        var p = method.defaults(for: model.level)
        p.seed = seed
        configure(&p)
        let result = try Runner.run(model: model, method: method, parameters: p, budget: .steps(steps), truth: nil)
        return (result.curve.map(\.samples), result)
    }

    func testTheScheduleSwitchesTheAgentsWorldAfterItsSamples() throws {
        let level = try LevelCatalog.load("blocking-maze")
        XCTAssertEqual(level.schedule.map(\.at), [0, 1_000])
        let model = Model(level)
        XCTAssertEqual(model.stateCount, 47, "the states of both maps: row 3's two ends are a state in one map each")
        let leftEnd = Int(model.stateOfCell[3 * 9 + 0]), rightEnd = Int(model.stateOfCell[3 * 9 + 8])
        XCTAssertEqual(model.kindOfState[leftEnd], .wall, "the first map's wall runs from column 0 to 7")
        XCTAssertFalse(model.isOccupiable[leftEnd])
        XCTAssertTrue(model.isOccupiable[rightEnd], "its gap is at column 8")
        var solver = try QLearning.info.make(model, QLearning.info.defaults(for: level))
        solver.run(ticks: 999)
        XCTAssertTrue(solver.world === model, "999 samples: the first map")
        solver.run(ticks: 1)
        let second = try XCTUnwrap(solver.world)
        XCTAssertFalse(second === model, "after 1,000 samples: the second map")
        XCTAssertEqual(second.kindOfState[rightEnd], .wall, "the wall moved right: the short path is blocked")
        XCTAssertFalse(second.isOccupiable[rightEnd])
        XCTAssertTrue(second.isOccupiable[leftEnd], "and a gap opened on the left")
        XCTAssertEqual(second.stateCount, model.stateCount, "the same states, so the tables carry over")
        // DP has no samples: it solves the first map and says so.
        let dp = try Runner.run(model: model, method: ValueIteration.info, parameters: ValueIteration.info.defaults(for: level),
                                budget: .standard, truth: nil)
        XCTAssertTrue(dp.notes.contains { $0.contains("DP takes no samples and solves the first map") }, "\(dp.notes)")
    }

    /// Figure 8.4 (blocking maze, the wall moves after 1,000 steps): Dyna-Q+ finds the new
    /// path sooner, completing more episodes by step 3,000. Parameters of the book's
    /// experiment as ShangtongZhang's reproduction sets them: alpha 1, n = 10, kappa 1e-4.
    /// Over these 10 seeds we measured 758 episodes after the change for Dyna-Q+ against 234
    /// for Dyna-Q (which in 2,000 steps often does not find the way round), Dyna-Q+ ahead in 9.
    func testFigure8_4DynaQPlusFindsTheWayAroundTheNewWallSooner() throws {
        var plusAfter = 0, dynaAfter = 0, plusWins = 0
        for seed in UInt64(1)...10 {
            let plus = try episodeEnds(DynaQPlus.info, "blocking-maze", steps: 3_000, seed: seed) {
                $0.alpha = 1; $0.planningSteps = 10; $0.kappa = 1e-4
            }.ends.filter { $0 > 1_000 }.count
            let dyna = try episodeEnds(DynaQ.info, "blocking-maze", steps: 3_000, seed: seed) {
                $0.alpha = 1; $0.planningSteps = 10
            }.ends.filter { $0 > 1_000 }.count
            plusAfter += plus
            dynaAfter += dyna
            if plus > dyna { plusWins += 1 }
        }
        print("Fig 8.4: episodes after the change, 10 seeds: Dyna-Q+ \(plusAfter), Dyna-Q \(dynaAfter); Dyna-Q+ ahead in \(plusWins)")
        XCTAssertGreaterThan(plusAfter, 2 * dynaAfter)
        XCTAssertGreaterThanOrEqual(plusWins, 8)
    }

    /// Figure 8.5 (shortcut maze, a shorter path opens after 3,000 steps): by step 6,000
    /// Dyna-Q+'s greedy path takes the shortcut (10 steps) and Dyna-Q's still goes round the
    /// left (16 steps). alpha 1, n = 50, kappa 1e-3 as in ShangtongZhang's reproduction.
    func testFigure8_5OnlyDynaQPlusFindsTheShortcut() throws {
        func greedyPathLength(_ result: RunResult) -> Int {
            let model = try! bundledModel("shortcut-maze").level.phase(1)
            let world = Model(model)
            var s = Int(world.stateOfCell[5 * 9 + 3]), steps = 0
            while !world.isTerminal[s] && steps < 60 {
                s = world.outcomes(state: s, action: result.policy[s]).max { $0.probability < $1.probability }!.next
                steps += 1
            }
            return steps
        }
        var plusFound = 0, dynaFound = 0
        for seed in UInt64(1)...10 {
            let plus = try episodeEnds(DynaQPlus.info, "shortcut-maze", steps: 6_000, seed: seed) {
                $0.alpha = 1; $0.planningSteps = 50; $0.kappa = 1e-3
            }.result
            let dyna = try episodeEnds(DynaQ.info, "shortcut-maze", steps: 6_000, seed: seed) {
                $0.alpha = 1; $0.planningSteps = 50
            }.result
            if greedyPathLength(plus) == 10 { plusFound += 1 }
            if greedyPathLength(dyna) == 10 { dynaFound += 1 }
        }
        print("Fig 8.5: the shortcut found by Dyna-Q+ in \(plusFound) of 10 seeds, by Dyna-Q in \(dynaFound)")
        XCTAssertGreaterThanOrEqual(plusFound, 7)
        XCTAssertEqual(dynaFound, 0)
    }

    func testScheduledChangesAreCheckedWhereTheyAreWritten() throws {
        let text = """
        name = "x"
        map = \"\"\"
        .S
        .G
        \"\"\"
        [[change]]
        at = 0
        map = \"\"\"
        #S
        .G
        \"\"\"
        [[change]]
        at = 5
        map = \"\"\"
        .S
        GG
        \"\"\"
        [[change]]
        at = 9
        map = \"\"\"
        .S.
        .G.
        \"\"\"
        """
        XCTAssertThrowsError(try LevelParser.parse(source: text, file: "x.toml", id: "x")) { error in
            let message = (error as? FileProblems)?.problems.map(\.description).joined(separator: "\n") ?? "\(error)"
            XCTAssertTrue(message.contains("x.toml:7:6: change 1: `at` must be an integer number of samples"), message)
            XCTAssertTrue(message.contains("x.toml:16:1: change 2 turns a floor into a goal; goals, holes and portals stay where they are"), message)
            XCTAssertTrue(message.contains("x.toml:21:3: change 3's map row 1 has 3 cells; the level's rows have 2"), message)
        }
    }
}
