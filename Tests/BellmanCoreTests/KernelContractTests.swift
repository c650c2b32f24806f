import BellmanTestSupport
import XCTest
@testable import BellmanCore

/// The kernel contract (DESIGN §1.1): a method's fast loops (`run(ticks:)`, the kernels of
/// `Solvers/Kernels/` where the world's dynamics have one) take exactly the ticks its own
/// `tick()` takes: the same tables, counters, agent and random numbers. Every method is held
/// to it on every kind of world, so a method that gains a kernel is checked without a test of
/// its own. (The playground's logged run is held to the same contract in `LoggedRunTests`.)
final class KernelContractTests: XCTestCase {
    /// Worlds of plain moves (the plain-moves kernel), then worlds that take the general path:
    /// a cliff, slip, a map that changes on schedule, explicit models.
    func worlds() throws -> [(name: String, model: Model)] {
        [("windy-gridworld", try bundledModel("windy-gridworld")),
         ("windy-kings-moves (8 actions)", try bundledModel("windy-kings-moves")),
         ("small-maze", try bundledModel("small-maze")),
         ("two starts, capped", try model(TestLevels.cappedTwoStarts)),
         ("cliff-walking", try bundledModel("cliff-walking")),
         ("frozenlake-4x4", try bundledModel("frozenlake-4x4")),
         ("blocking-maze (map changes)", try bundledModel("blocking-maze")),
         ("recycling-robot", try bundledModel("recycling-robot")),
         ("blackjack", try bundledModel("blackjack")),
         ("ten-armed-testbed", try bundledModel("ten-armed-testbed"))]
    }

    func testPlainMovesAreTheModelsOwnStepsWhereTheLevelHasThem() throws {
        let plain = try worlds().prefix(5) + [("dyna-maze", try bundledModel("dyna-maze")), ("blocking-maze", try bundledModel("blocking-maze"))]
        for (name, model) in plain {
            let moves = try XCTUnwrap(model.plainMoves, name)
            var a = Xoshiro256(seed: 3), b = Xoshiro256(seed: 3)
            for s in 0..<model.stateCount where !model.isTerminal[s] {
                for action in 0..<model.actionCount {
                    XCTAssertEqual(moves.sample(state: s, action: action, using: &a), model.sample(state: s, action: action, using: &b), "\(name) s\(s) a\(action)")
                }
            }
            XCTAssertEqual(a, b, "\(name): neither draws a random number")
        }
        XCTAssertNotNil(try bundledModel("cliff-walking").plainMoves?.rewards, "the cliff's -100 is a move's own reward, its return to the one start a plain move")
        XCTAssertNil(try bundledModel("small-maze").plainMoves?.rewards, "one reward for every move: no table of them")
        for name in ["frozenlake-4x4", "jacks-car-rental", "blackjack"] {
            XCTAssertNil(try bundledModel(name).plainMoves, "\(name): slip, or not a grid")
        }
        let twoStartsCliff = try model("name = \"t\"\nmap = \"S..S\\nCCCG\"\n\n[legend]\nC = { kind = \"cliff\", reward = -100 }\n")
        XCTAssertNil(twoStartsCliff.plainMoves, "a cliff that sends the agent to one of two starts draws which")
    }

    /// Every sample-based method, on every world: runs of ticks (of one, of many, ending
    /// mid-episode) against as many `tick()`s.
    func testRunningTicksIsTickingThemForEveryMethod() throws {
        var kernelRuns = 0, episodes: [String: Int] = [:]
        for (name, model) in try worlds() {
            for method in Methods.all where method.family != .dp {
                for ties in [TieBreak.first, .random] {
                    var parameters = method.defaults(for: model.level)
                    parameters.ties = ties
                    parameters.seed = 11
                    if method.family == .mc { parameters.gamma = min(parameters.gamma, 0.9) }
                    guard var running = try? method.make(model, parameters) else { continue }
                    var ticking = try method.make(model, parameters)
                    let kernel = (running is any PlainMovesMethod || running is any EpisodicKernelMethod) && model.plainMoves != nil
                    if kernel { kernelRuns += 1 }
                    for chunk in kernel ? [1, 999, 20_000] : [1, 499, 2_000] {
                        running.run(ticks: chunk)
                        for _ in 0..<chunk { _ = ticking.tick() }
                        let label = "\(name), \(method.id), ties \(ties), after a run of \(chunk)"
                        XCTAssertEqual(running.counters, ticking.counters, label)
                        if running is any LearnsPolicy {
                            // V^pi is a function of pi (an exact evaluation, too slow to make
                            // three times a run): pi and the critic's or baseline's v are compared.
                            XCTAssertEqual((running as? ReinforceBaseline)?.v.map(\.bitPattern), (ticking as? ReinforceBaseline)?.v.map(\.bitPattern), label)
                            XCTAssertEqual((running as? ActorCritic)?.v.map(\.bitPattern), (ticking as? ActorCritic)?.v.map(\.bitPattern), label)
                        } else {
                            XCTAssertEqual(running.stateValues.map(\.bitPattern), ticking.stateValues.map(\.bitPattern), label)
                        }
                        XCTAssertEqual(running.actionValues?.map(\.bitPattern), ticking.actionValues?.map(\.bitPattern), label)
                        XCTAssertEqual(running.agentState, ticking.agentState, label)
                        XCTAssertEqual((running as? any StochasticPolicy)?.actionProbabilities.map(\.bitPattern),
                                       (ticking as? any StochasticPolicy)?.actionProbabilities.map(\.bitPattern), label)
                    }
                    // The random numbers are where they were: the next ticks agree too.
                    for _ in 0..<50 { XCTAssertEqual(running.tick().transition, ticking.tick().transition, "\(name), \(method.id)") }
                    episodes[method.id, default: 0] += running.counters.episodes
                    if kernel && name.hasSuffix("capped") { XCTAssertGreaterThan(running.counters.episodesCut, 10, "and are cut") }
                }
            }
        }
        for method in Methods.all where method.family != .dp {
            XCTAssertGreaterThan(episodes[method.id] ?? 0, 20, "\(method.id): episodes end in the runs compared")
        }
        XCTAssertEqual(kernelRuns, 6 * 23 * 2, "Q-learning, Sarsa, Sarsa(lambda), Expected Sarsa, Double Q-learning, n-step Sarsa, Dyna-Q, Dyna-Q+, prioritized sweeping, MC control, off-policy MC control, MC ES, REINFORCE (with and without a baseline), actor-critic, GRPO, RLOO, imitation, TD(0), n-step TD, TD(lambda), MC prediction and off-policy MC prediction run a plain-moves kernel on the six plain worlds (the cliff's and the changing maze's among them)")
    }

    /// The prediction methods' kernel under the options the runs above leave at their defaults:
    /// a `--policy` (drawn, and weighed by off-policy MC, one action of some states never
    /// taken), every visit, constant alpha, replacing traces, n from 1 to past the cap, and
    /// batch updating (which runs `step()`, and whose stop ends `runEpisodes` as ticking does).
    func testPredictionKernelsUnderTheirOptions() throws {
        let worlds = [("cliff-walking", try bundledModel("cliff-walking")), ("two starts, capped", try model(TestLevels.cappedTwoStarts)),
                      ("windy-kings-moves (8 actions)", try bundledModel("windy-kings-moves"))]
        for (name, model) in worlds {
            var skewed = TargetPolicy.random(for: model), draw = Xoshiro256(seed: 9)
            for s in 0..<model.stateCount where !model.isTerminal[s] {
                let k = model.actionCount(of: s), never = s % 3 == 0 ? draw.below(k) : -1
                let weights = (0..<k).map { $0 == never ? 0 : 0.2 + draw.unit() }
                for a in 0..<k { skewed.probability[s * model.actionCount + a] = weights[a] / weights.reduce(0, +) }
            }
            let variants: [(MethodInfo, String, (inout Parameters) -> Void)] = [
                (TD0.info, "policy", { $0.policy = skewed }), (TD0.info, "batch", { $0.batch = true; $0.alpha = 0.001 }),
                (TDLambda.info, "replacing, policy", { $0.replacingTraces = true; $0.lambda = 0.9; $0.policy = skewed }),
                (NStepTD.info, "n 1", { $0.n = 1 }), (NStepTD.info, "n 4, policy", { $0.n = 4; $0.policy = skewed }), (NStepTD.info, "n 40", { $0.n = 40 }),
                (MCPrediction.info, "every visit, alpha", { $0.everyVisit = true; $0.alpha = 0.05 }), (MCPrediction.info, "policy", { $0.policy = skewed }),
                (MCPrediction.info, "batch", { $0.batch = true; $0.alpha = 0.001 }),
                (MCOffPolicyPrediction.info, "weighted", { $0.policy = skewed }),
                (MCOffPolicyPrediction.info, "ordinary", { $0.policy = skewed; $0.weightedSampling = false })]
            for (method, options, set) in variants {
                var (running, ticking, parameters, label) = try twins(method, on: model, name, options, set)
                // A driven step first, where the method takes one: ticked before the kernel runs.
                if method.driveRefusal == nil {
                    _ = try XCTUnwrap(running.drive(1), label)
                    _ = try XCTUnwrap(ticking.drive(1), label)
                }
                for chunk in parameters.batch ? [1, 300, 1_500] : [1, 999, 20_000] {
                    running.run(ticks: chunk)
                    for _ in 0..<chunk { _ = ticking.tick() }
                    XCTAssertEqual(running.counters, ticking.counters, label)
                    XCTAssertEqual(running.stateValues.map(\.bitPattern), ticking.stateValues.map(\.bitPattern), label)
                    XCTAssertEqual(running.agentState, ticking.agentState, label)
                }
                let budget = running.counters.samples + 20_000
                let ends = running.runEpisodes(5, maxSamples: budget)
                var seen: [EpisodeEnd] = []
                while seen.count < ends.count { if let end = ticking.tick().episodeEnd { seen.append(end) } }
                // Fewer than 5 episodes: the budget stopped it, or the batch the method.
                while ends.count < 5 && !ticking.isFinished && ticking.counters.samples < budget { _ = ticking.tick() }
                XCTAssertEqual(ends, seen, label)
                XCTAssertEqual(running.counters, ticking.counters, label)
                XCTAssertEqual(running.stateValues.map(\.bitPattern), ticking.stateValues.map(\.bitPattern), label)
                for _ in 0..<50 { XCTAssertEqual(running.tick().transition, ticking.tick().transition, label) }
            }
        }
        // A batch whose passes diverge stops the method at an episode's end: `runEpisodes` ends there.
        let walk = try bundledModel("random-walk")
        var parameters = TD0.info.defaults(for: walk.level)
        parameters.batch = true
        parameters.alpha = 1
        var stopped = try TD0.info.make(walk, parameters), ticked = try TD0.info.make(walk, parameters)
        let ends = stopped.runEpisodes(1_000, maxSamples: 1_000_000)
        var seen: [EpisodeEnd] = []
        while !ticked.isFinished { if let end = ticked.tick().episodeEnd { seen.append(end) } }
        XCTAssertNotNil(stopped.stopReason)
        XCTAssertLessThan(ends.count, 1_000)
        XCTAssertEqual(ends, seen)
        XCTAssertEqual(stopped.counters, ticked.counters)
    }

    /// docs/performance.md says which methods step through their `step()` everywhere: exactly
    /// the sample-based methods with no kernel of their own.
    func testTheDocsNameTheMethodsWithoutAKernel() throws {
        let root = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let page = try String(contentsOf: root.appendingPathComponent("docs/performance.md"), encoding: .utf8)
        let paragraph = try XCTUnwrap(page.components(separatedBy: "steps through its `step()`:").dropFirst().first?
            .components(separatedBy: "\n\n").first)
        let named = Set(paragraph.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
        let grid = try bundledModel("cliff-walking"), testbed = try bundledModel("ten-armed-testbed")
        var withoutKernel: Set<String> = []
        for method in Methods.all where method.family != .dp {
            let model = method.family == .bandit ? testbed : grid
            let solver = try method.make(model, method.defaults(for: model.level))
            let kernel = solver is any PlainMovesMethod || solver is any EpisodicKernelMethod || solver is any BanditKernelMethod
            if !kernel { withoutKernel.insert(method.id) }
        }
        XCTAssertEqual(named, withoutKernel)
    }

    /// What an experiment keeps of a run (`runEpisodes`, the kernel stopped at the last
    /// episode's end): the same episodes, ended the same way, as ticking one at a time sees,
    /// for every method on every world, and not a tick more; a Sarsa step driven and handed
    /// back is ticked before the kernel runs.
    func testRecordedEpisodesAreTheTicksOwn() throws {
        for (name, model) in try worlds() {
            for method in Methods.all where method.family != .dp {
                var parameters = method.defaults(for: model.level)
                parameters.seed = 5
                if method.family == .mc { parameters.gamma = min(parameters.gamma, 0.9) }
                guard var recorded = try? method.make(model, parameters) else { continue }
                var ticking = try method.make(model, parameters)
                let ends = recorded.runEpisodes(12, maxSamples: 20_000)
                var seen: [EpisodeEnd] = []
                while seen.count < ends.count {
                    if let end = ticking.tick().episodeEnd { seen.append(end) }
                }
                XCTAssertEqual(ends, seen, "\(name), \(method.id)")
                // Fewer than 12 episodes: the budget stopped it.
                while ends.count < 12 && ticking.counters.samples < 20_000 { _ = ticking.tick() }
                XCTAssertEqual(recorded.counters, ticking.counters, "\(name), \(method.id): stopped at the last episode's end")
                XCTAssertEqual(recorded.actionValues?.map(\.bitPattern), ticking.actionValues?.map(\.bitPattern), "\(name), \(method.id)")
            }
        }
        let windy = try bundledModel("windy-gridworld")
        var driven = try Sarsa.info.make(windy, Sarsa.info.defaults(for: windy.level))
        var ticked = try Sarsa.info.make(windy, Sarsa.info.defaults(for: windy.level))
        _ = try XCTUnwrap(driven.drive(1))
        _ = try XCTUnwrap(ticked.drive(1))
        driven.run(ticks: 5_000)
        for _ in 0..<5_000 { _ = ticked.tick() }
        XCTAssertEqual(driven.actionValues?.map(\.bitPattern), ticked.actionValues?.map(\.bitPattern), "a driven step waits for its A' before the kernel")
        XCTAssertEqual(driven.counters, ticked.counters)
    }

    /// The batch path (`run(ticks:)`, also split across threads for large synchronous sweeps,
    /// and on a CPU with AVX2 swept by the C kernel of `CSweepKernels`) makes exactly the
    /// backups `tick()` makes.
    func testDPBatchSweepsEqualTickByTick() throws {
        let levels = ["gridworld-3-2", "cliff-walking", "frozenlake-8x8", "open-field-100", "four-rooms", "maze-31", "windy-gridworld", "aima-4x3"]
        for name in levels {
            let model = try bundledModel(name)
            for method in [ValueIteration.info, PolicyEvaluation.info] {
                for synchronous in [false, true] {
                    var p = method.defaults(for: model.level)
                    p.synchronous = synchronous
                    p.gamma = min(p.gamma, 0.95)
                    p.maxSweeps = 7
                    var stepped = try method.make(model, p), batched = try method.make(model, p)
                    repeatWhile({ !stepped.isFinished }, "stepped converging") { _ = stepped.tick() }
                    // Slices that end inside stencil runs, then the rest at once.
                    for _ in 0..<20 { batched.run(ticks: 37) }
                    batched.run(ticks: 1_000_000_000)
                    XCTAssertEqual(stepped.stateValues, batched.stateValues, "\(name) \(method.id) synchronous \(synchronous)")
                    XCTAssertEqual(stepped.counters.sweeps, batched.counters.sweeps)
                    XCTAssertEqual(stepped.counters.backups, batched.counters.backups)
                    XCTAssertEqual(stepped.stopReason, batched.stopReason)
                }
            }
        }
        // Large enough (90,000 states) that synchronous sweeps split across threads: the values
        // are the same for any number of threads.
        let field = Model(try LevelParser.parse(source: Workload.level(size: 300, slip: 0.2, gamma: 0.99, maxSteps: nil, start: false),
                                                file: "field", id: "field"))
        var p = ValueIteration.info.defaults(for: field.level)
        p.synchronous = true
        p.maxSweeps = 2
        var stepped = try ValueIteration(model: field, parameters: p)
        repeatWhile({ !stepped.isFinished }, "stepped converging") { _ = stepped.tick() }
        for threads in [1, 2, 3] {
            p.threads = threads
            var batched = try ValueIteration(model: field, parameters: p)
            batched.run(ticks: 1_000_000_000)
            XCTAssertEqual(stepped.stateValues, batched.stateValues, "\(threads) threads")
        }
    }
}
