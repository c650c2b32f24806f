@testable import BellmanCore
import XCTest

/// Numbers at the edges: what the solvers do where values have no finite limit.
final class NumericsTests: XCTestCase {
    /// A loop of positive reward with gamma = 1: no value is finite in theory. DP stops with
    /// "diverged"; sample-based methods stay finite because every episode is cut at the cap,
    /// and the cut episodes are counted.
    func testPositiveCyclesWithoutDiscountStayFiniteAndAreExplained() throws {
        let level = try LevelParser.parse(source: """
            name = "loop"
            gamma = 1
            step_reward = 1
            max_steps = 500
            map = \"\"\"
            S...
            ...G
            \"\"\"
            """, file: "loop.toml", id: "loop")
        let model = Model(level)
        var dp = try ValueIteration(model: model, parameters: ValueIteration.info.defaults(for: level))
        dp.run(ticks: 10_000_000)
        XCTAssertTrue(dp.isFinished)
        XCTAssertTrue(dp.stopReason?.contains("diverged") ?? false, dp.stopReason ?? "no reason")
        for method in [QLearning.info, Sarsa.info, ExpectedSarsa.info, SarsaLambda.info, MCControl.info, TD0.info] {
            var solver = try method.make(model, method.defaults(for: level))
            solver.run(ticks: 200_000)
            XCTAssertTrue(solver.stateValues.allSatisfy(\.isFinite), method.id)
            XCTAssertTrue((solver.actionValues ?? []).allSatisfy(\.isFinite), method.id)
            if !method.isPrediction {
                XCTAssertGreaterThan(solver.counters.episodesCut, 0, "\(method.id): the greedy loop is cut at max_steps")
            }
        }
    }

    /// The largest rewards a level may have keep every return over the longest episode finite.
    func testLargestRewardsKeepReturnsFinite() throws {
        let level = try LevelParser.parse(source: """
            name = "big"
            gamma = 1
            step_reward = -1000000
            map = "S........G"
            """, file: "big.toml", id: "big")
        let model = Model(level)
        var mc = try MCControl(model: model, parameters: MCControl.info.defaults(for: level))
        mc.run(ticks: 100_000)
        XCTAssertTrue((mc.actionValues ?? []).allSatisfy(\.isFinite))
        var dp = try ValueIteration(model: model, parameters: ValueIteration.info.defaults(for: level))
        dp.run(ticks: 1_000_000)
        XCTAssertEqual(dp.stateValues[0], -9_000_000, accuracy: 1e-6, "nine steps of -1e6 to the goal")
    }
}

extension NumericsTests {
    /// Live physics and gamma meet many worlds in one session: the truth cache stays bounded.
    func testTruthCacheKeepsTheMostRecentWorlds() throws {
        let cache = TruthCache()
        let level = try LevelCatalog.load("gridworld-3-2")
        for i in 0..<(TruthCache.capacity + 10) {
            var edited = level
            edited.slip = Double(i) / 100
            let truth = cache.truth(for: Model(edited), gamma: 0.9, kind: .optimal)
            XCTAssertEqual(cache.truth(for: Model(edited), gamma: 0.9, kind: .optimal).values, truth.values, "cached")
        }
        XCTAssertEqual(cache.count, TruthCache.capacity)
    }
}
