import BellmanTestSupport
import XCTest
@testable import BellmanCore

/// Seeded reproducibility, counters, and the sample-based methods converging toward the DP
/// truth (statistical, with fixed seeds).
final class SolverTests: XCTestCase {
    /// The generator is xoshiro256** seeded by splitmix64, the same stream as ../shared/bench/ref.c
    /// (reference values printed by that C code).
    func testGeneratorMatchesTheCReference() {
        var rng = Xoshiro256(seed: 12345)
        XCTAssertEqual([rng.next(), rng.next(), rng.next(), rng.next()],
                       [13720838825685603483, 2398916695208396998, 17770384849984869256, 891717726879801395])
        var one = Xoshiro256(seed: 1)
        XCTAssertEqual(one.unit(), 0.70292183315885048)
        var four = Xoshiro256(seed: 12345)
        XCTAssertEqual(four.below(4), Int(UInt64(13720838825685603483) >> 62), "below(4) is the top two bits, as ref.c draws actions")
    }

    func run(_ id: String, on level: String, episodes: Int, configure: (inout Parameters) -> Void = { _ in }) throws -> RunResult {
        let model = try bundledModel(level)
        let method = try XCTUnwrap(Methods.named(id))
        var parameters = method.defaults(for: model.level)
        configure(&parameters)
        let truth = Truth.solve(model, gamma: parameters.gamma, kind: Truth.kind(for: method))
        return try Runner.run(model: model, method: method, parameters: parameters, budget: .episodes(episodes), truth: truth)
    }

    func testSameSeedGivesBitIdenticalRuns() throws {
        for id in ["mc-prediction", "mc-control", "td0", "sarsa", "q-learning"] {
            let a = try run(id, on: "cliff-walking", episodes: 30) { $0.seed = 42; $0.gamma = 0.9 }
            let b = try run(id, on: "cliff-walking", episodes: 30) { $0.seed = 42; $0.gamma = 0.9 }
            let c = try run(id, on: "cliff-walking", episodes: 30) { $0.seed = 43; $0.gamma = 0.9 }
            XCTAssertEqual(a.stateValues, b.stateValues, id)
            XCTAssertEqual(a.actionValues, b.actionValues, id)
            XCTAssertEqual(a.curve, b.curve, id)
            XCTAssertEqual(a.counters, b.counters, id)
            XCTAssertNotEqual(a.curve.map(\.samples), c.curve.map(\.samples), "\(id): another seed, other episodes")
        }
    }

    func testCountersAreHonest() throws {
        let td = try run("td0", on: "random-walk", episodes: 50)
        XCTAssertEqual(td.counters.episodes, 50)
        XCTAssertEqual(td.counters.samples, td.curve.map(\.steps).reduce(0, +), "one sample per step")
        XCTAssertEqual(td.counters.backups, td.counters.samples, "TD(0) updates once per step")
        XCTAssertEqual(td.counters.modelReads, 0, "sample-based methods never read the model")

        // First-visit MC updates each state visited once per episode; every-visit once per visit.
        let first = try run("mc-prediction", on: "random-walk", episodes: 50) { $0.everyVisit = false }
        let every = try run("mc-prediction", on: "random-walk", episodes: 50) { $0.everyVisit = true }
        XCTAssertEqual(every.counters.backups, every.counters.samples)
        XCTAssertLessThan(first.counters.backups, first.counters.samples)
        XCTAssertLessThanOrEqual(first.counters.backups, 50 * 5)

        let model = try bundledModel("random-walk")
        var vi = try ValueIteration(model: model, parameters: ValueIteration.info.defaults(for: model.level))
        repeatWhile({ !vi.isFinished }, "vi converging") { _ = vi.tick() }
        XCTAssertEqual(vi.counters.samples, 0)
        XCTAssertEqual(vi.counters.backups, vi.counters.sweeps * 5, "one backup per non-terminal state per sweep")
        XCTAssertEqual(vi.counters.modelReads, vi.counters.backups * 2, "two actions, one outcome each")
    }

    /// Example 6.2: TD(0) and MC on the random walk approach 1/6 .. 5/6.
    func testPredictionMethodsConvergeOnTheRandomWalk() throws {
        for (id, alpha) in [("td0", 0.02), ("mc-prediction", nil)] as [(String, Double?)] {
            var errors: [Double] = []
            for seed in 1...5 as ClosedRange<UInt64> {
                let result = try run(id, on: "random-walk", episodes: 2000) { $0.seed = seed; if let alpha { $0.alpha = alpha } }
                errors.append(try XCTUnwrap(result.rms))
            }
            let mean = errors.reduce(0, +) / Double(errors.count)
            XCTAssertLessThan(mean, 0.04, "\(id) RMS after 2000 episodes, mean over 5 seeds: \(errors)")
            XCTAssertGreaterThan(mean, 0.0001, "\(id) cannot be exact from samples")
        }
        // Constant-alpha MC (Example 6.2's comparison) also converges (first-visit here; the
        // level's every-visit default averages more, noisier, returns at a constant alpha).
        let constant = try run("mc-prediction", on: "random-walk", episodes: 2000) { $0.alpha = 0.01; $0.everyVisit = false }
        XCTAssertLessThan(try XCTUnwrap(constant.rms), 0.06)
    }

    /// Example 6.6: after 500 episodes Q-learning's greedy policy walks the cliff edge, and
    /// its online returns are worse than Sarsa's, which learns the safer path.
    func testCliffWalkingQLearningFindsTheEdgeAndSarsaPlaysSafe() throws {
        var qReturns: [Double] = [], sarsaReturns: [Double] = []
        for seed in 1...5 as ClosedRange<UInt64> {
            let q = try run("q-learning", on: "cliff-walking", episodes: 500) { $0.seed = seed }
            let model = q.model
            let edge = (0..<11).map { q.policy[Int(model.stateOfCell[24 + $0])] }
            XCTAssertEqual(edge.map { model.direction(of: $0) }, Array(repeating: .e, count: 11), "seed \(seed)")
            qReturns += q.curve.suffix(400).map(\.return_)
            let sarsa = try run("sarsa", on: "cliff-walking", episodes: 500) { $0.seed = seed }
            sarsaReturns += sarsa.curve.suffix(400).map(\.return_)
        }
        let qMean = qReturns.reduce(0, +) / Double(qReturns.count)
        let sarsaMean = sarsaReturns.reduce(0, +) / Double(sarsaReturns.count)
        // Book, Example 6.6's graph: Sarsa near -25, Q-learning near -50 per episode.
        XCTAssertEqual(sarsaMean, -25, accuracy: 8)
        XCTAssertEqual(qMean, -50, accuracy: 15)
        XCTAssertLessThan(qMean, sarsaMean)
    }

    /// On-policy MC control improves its policy on a small undiscounted gridworld: the greedy
    /// policy from every cell reaches a corner by a shortest path.
    func testMonteCarloControlFindsShortestPaths() throws {
        let result = try run("mc-control", on: "small-gridworld", episodes: 3000) { $0.seed = 3 }
        let model = result.model
        let vStar = try solve(ValueIteration.info, model)
        for s in 0..<model.stateCount where !model.isTerminal[s] {
            // Following the greedy action deterministically (slip is 0) must lose exactly one step of V*.
            let next = model.outcomes(state: s, action: result.policy[s])
            XCTAssertEqual(next.count, 1)
            XCTAssertEqual(vStar[next[0].next] - 1, vStar[s], accuracy: 1e-9, "greedy move from \(model.name(of: s))")
        }
    }

    /// The error curve of TD(0) falls: later episodes are closer to the truth than the first ones.
    func testErrorCurveFalls() throws {
        let result = try run("td0", on: "random-walk-19", episodes: 300) { $0.alpha = 0.1 }
        let early = try XCTUnwrap(result.curve[4].rms), late = try XCTUnwrap(result.curve.last?.rms)
        XCTAssertLessThan(late, early * 0.7)
    }

    /// gamma = 1 with a cell that cannot reach a terminal: DP and MC refuse, naming the cell's
    /// map line and column; TD runs.
    func testUndiscountedLevelWithoutEscapeIsRefused() throws {
        let trapped = try model("""
            name = "trap"
            gamma = 1
            step_reward = -1
            map = \"\"\"
            S.#G
            ..#.
            \"\"\"
            """)
        for method in [ValueIteration.info, PolicyEvaluation.info, PolicyIteration.info, MCPrediction.info, MCControl.info] {
            XCTAssertThrowsError(try method.make(trapped, method.defaults(for: trapped.level)), method.id) { error in
                XCTAssertTrue("\(error)".contains("r0c0 at test.toml:5:1"), "\(error)")
                XCTAssertTrue("\(error)".contains("gamma"), "\(error)")
            }
        }
        XCTAssertNoThrow(try QLearning.info.make(trapped, QLearning.info.defaults(for: trapped.level)))
        var p = ValueIteration.info.defaults(for: trapped.level)
        p.gamma = 0.9
        XCTAssertNoThrow(try ValueIteration.info.make(trapped, p))
    }

    /// A loop with positive reward under gamma = 1 has no finite value: value iteration stops
    /// with a message instead of running forever.
    func testDivergingValueIterationStops() throws {
        let loop = try model("""
            name = "loop"
            gamma = 1
            map = "P.G"

            [legend]
            P = { kind = "floor", reward = 1 }
            """)
        var solver = try ValueIteration(model: loop, parameters: ValueIteration.info.defaults(for: loop.level))
        var ticks = 0
        while !solver.isFinished && ticks < 10_000_000 { _ = solver.tick(); ticks += 1 }
        XCTAssertTrue(solver.isFinished)
        XCTAssertTrue(solver.stopReason?.contains("diverged") ?? false, solver.stopReason ?? "no reason")
    }

    /// The sweep budget stops DP early, with a note saying it did not converge.
    func testSweepBudget() throws {
        let model = try bundledModel("gridworld-3-2")
        let result = try Runner.run(model: model, method: ValueIteration.info, parameters: ValueIteration.info.defaults(for: model.level),
                                    budget: .sweeps(3), truth: nil)
        XCTAssertEqual(result.counters.sweeps, 3)
        XCTAssertEqual(result.curve.count, 3)
        XCTAssertTrue(result.notes.first?.contains("stopped after 3 sweeps") ?? false, "\(result.notes)")
    }
}

extension SolverTests {
    /// Open stretches become stencil runs (swept without landing tables); edges and walls stay
    /// general; terminals and cliff cells (never occupied) are skipped. Every state is in
    /// exactly one run.
    func testStateRunsCoverTheLevel() throws {
        for name in ["open-field-100", "cliff-walking", "maze-31", "four-rooms"] {
            let model = try bundledModel(name)
            let runs = model.runs.runs
            XCTAssertEqual(runs.first?.lo, 0, name)
            XCTAssertEqual(Int(runs.last!.hi), model.stateCount, name)
            for (a, b) in zip(runs, runs.dropFirst()) { XCTAssertEqual(a.hi, b.lo, name) }
            for run in runs {
                let terminal = (Int(run.lo)..<Int(run.hi)).map { !model.isOccupiable[$0] }
                XCTAssertEqual(run.stencil == StateRun.terminal, terminal.allSatisfy { $0 }, name)
                if run.stencil >= 0 {
                    XCTAssertGreaterThanOrEqual(run.hi - run.lo, Int32(StateRuns.shortestStencil), name)
                    for s in Int(run.lo)..<Int(run.hi) {
                        for d in 0..<model.directions.count {
                            let i = s * model.directions.count + d, k = Int(run.stencil) * model.directions.count + d
                            XCTAssertEqual(Int(model.landing[i]), s + Int(model.runs.offsets[k]), "\(name) state \(s)")
                            XCTAssertEqual(model.rewardValues[Int(model.rewardIndex[i])], model.runs.rewards[k])
                        }
                    }
                }
            }
        }
        let field = try bundledModel("open-field-100")
        let stencilStates = field.runs.runs.filter { $0.stencil >= 0 }.reduce(0) { $0 + Int($1.hi - $1.lo) }
        XCTAssertGreaterThan(Double(stencilStates) / Double(field.stateCount), 0.9)
    }
}
