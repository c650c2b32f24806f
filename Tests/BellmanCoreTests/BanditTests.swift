import XCTest
@testable import BellmanCore

/// Chapter 2 (DESIGN §12): the testbed's tasks, the Bandit family's boxes by hand, and what
/// the book says of them, with fixed seeds.
final class BanditTests: XCTestCase {
    /// Two arms that always pay 1 and 0 (an explicit bandit), for updates checked by hand.
    let twoArms = """
        name = "Two arms"
        [mdp]
        start = "pull"
        [[mdp.transition]]
        from = "pull"
        action = "left"
        to = "end"
        reward = 1
        [[mdp.transition]]
        from = "pull"
        action = "right"
        to = "end"
        reward = 0
        """

    func parameters(_ method: MethodInfo, _ model: Model, seed: UInt64 = 1, _ configure: (inout Parameters) -> Void = { _ in }) -> Parameters {
        var p = method.defaults(for: model.level)
        p.seed = seed
        configure(&p)
        return p
    }

    /// The rewards and arms of `count` pulls.
    func pulls(_ solver: inout any Solver, _ count: Int) -> [Transition] {
        (0..<count).compactMap { _ in solver.tick().transition }
    }

    // MARK: - The testbed

    func testEachSeedIsItsOwnTaskAndTheLevelShowsTheDefaultSeeds() throws {
        let level = try bundledModel("ten-armed-testbed")
        XCTAssertTrue(level.isBandit)
        XCTAssertEqual(level.actionCount, 10)
        XCTAssertEqual(level.armValues(), level.task(seed: 1).armValues(), "the level as read is seed 1's task")
        XCTAssertEqual(level.task(seed: 7).armValues(), level.task(seed: 7).armValues())
        XCTAssertNotEqual(level.task(seed: 7).armValues(), level.task(seed: 8).armValues())
        // A task stays itself: the truth solved on a run's task is that task's.
        let task = level.task(seed: 7)
        XCTAssertTrue(task.task(seed: 1) === task)
        // q*(a) ~ N(0, 1) across tasks.
        let values = (1...1_000).flatMap { level.task(seed: UInt64($0)).armValues() }
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 0.04)
        XCTAssertEqual(sd, 1, accuracy: 0.03)
        let plus4 = try bundledModel("ten-armed-plus-4")
        let shifted = (1...200).flatMap { plus4.task(seed: UInt64($0)).armValues() }
        XCTAssertEqual(shifted.reduce(0, +) / Double(shifted.count), 4, accuracy: 0.1)
    }

    func testEveryRunOfASolverIsOnTheTaskOfItsSeed() throws {
        let level = try bundledModel("ten-armed-testbed")
        for seed: UInt64 in [1, 2, 3] {
            let method = ValueIteration.info
            var solver = try method.make(level, parameters(method, level, seed: seed))
            solver.run(ticks: 100)
            // DP reads q* from the model: V* = max q*, zero samples.
            XCTAssertEqual(solver.stateValues[0], level.task(seed: seed).armValues().max()!, accuracy: 1e-12)
            XCTAssertEqual(solver.counters.samples, 0)
        }
        // The rewards of one arm average to its q* in that task.
        var p = parameters(EpsilonGreedy.info, level, seed: 4)
        p.epsilon = 1
        var solver = try EpsilonGreedy.info.make(level, p)
        let trueValues = level.task(seed: 4).armValues()
        let all = pulls(&solver, 40_000)
        for a in 0..<10 {
            let rewards = all.filter { $0.action == a }.map(\.reward)
            XCTAssertEqual(rewards.reduce(0, +) / Double(rewards.count), trueValues[a], accuracy: 0.07, "arm \(a + 1)")
        }
    }

    func testTheNonstationaryArmsWalkFromEqualValues() throws {
        let level = try bundledModel("ten-armed-nonstationary")
        XCTAssertEqual(level.armValues(), Array(repeating: 0, count: 10), "Exercise 2.5: all q*(a) start out equal")
        var p = parameters(EpsilonGreedy.info, level, seed: 3)
        p.alpha = 0.1
        var solver = try EpsilonGreedy.info.make(level, p)
        _ = pulls(&solver, 10_000)
        let agent = (solver as! EpsilonGreedy).learner.agent
        let walked = agent.armValues
        // After 10,000 steps of N(0, 0.01) each value has spread by about 0.01 sqrt(10,000) = 1.
        let spread = (walked.map { $0 * $0 }.reduce(0, +) / 10).squareRoot()
        XCTAssertGreaterThan(spread, 0.4)
        XCTAssertLessThan(spread, 2)
        // The same seed walks the same way.
        var again = try EpsilonGreedy.info.make(level, p)
        _ = pulls(&again, 10_000)
        XCTAssertEqual((again as! EpsilonGreedy).learner.agent.armValues, walked)
    }

    // MARK: - The boxes by hand

    func testEpsilonGreedyAveragesAndStepsAsTheBoxSays() throws {
        let bandit = try model(twoArms)
        XCTAssertTrue(bandit.isBandit)
        var p = parameters(EpsilonGreedy.info, bandit) { $0.epsilon = 0; $0.ties = .first; $0.initialValue = 0 }
        var solver = try EpsilonGreedy.info.make(bandit, p)
        // Q = (0, 0): the first of the tied arms, left, pays 1; Q(left) <- 0 + 1/1 [1 - 0] = 1.
        XCTAssertEqual(pulls(&solver, 1).map(\.action), [0])
        XCTAssertEqual(solver.actionValues![0], 1)
        // Optimistic start (§2.6): Q1 = 5 makes the greedy learner try both arms.
        p.initialValue = 5
        solver = try EpsilonGreedy.info.make(bandit, p)
        XCTAssertEqual(pulls(&solver, 2).map(\.action), [0, 1], "left's 1 disappoints Q1 = 5; right (still 5) is tried")
        XCTAssertEqual(Array(solver.actionValues![0..<2]), [1, 0])
        // A constant step size: Q(left) after two pulls at alpha 0.5 from 0: 0.5, then 0.75.
        p.initialValue = 0
        p.alpha = 0.5
        solver = try EpsilonGreedy.info.make(bandit, p)
        _ = pulls(&solver, 2)
        XCTAssertEqual(solver.actionValues![0], 0.75)
    }

    func testMonteCarloControlOnABanditIsTheSampleAverageMethod() throws {
        let level = try bundledModel("ten-armed-testbed")
        for seed: UInt64 in [1, 9] {
            var mc = try MCControl.info.make(level, parameters(MCControl.info, level, seed: seed))
            var bandit = try EpsilonGreedy.info.make(level, parameters(EpsilonGreedy.info, level, seed: seed))
            XCTAssertEqual(pulls(&mc, 3_000), pulls(&bandit, 3_000), "seed \(seed): the same pulls, the same rewards")
            XCTAssertEqual(mc.actionValues, bandit.actionValues, "seed \(seed): the same averages, bit for bit")
        }
    }

    func testUCBTriesEveryArmThenFollowsTheBound() throws {
        let bandit = try model(twoArms)
        let p = parameters(UCB.info, bandit) { $0.ties = .first; $0.c = 1 }
        var solver = try UCB.info.make(bandit, p)
        // N = (0, 0): both untried, the first; then right, the one still untried.
        XCTAssertEqual(pulls(&solver, 2).map(\.action), [0, 1])
        // t = 3: left 1 + sqrt(ln 3 / 1) against right 0 + sqrt(ln 3 / 1): left.
        XCTAssertEqual(pulls(&solver, 1).map(\.action), [0])
        // Right is tried again only when its bound passes left's: 0 + sqrt(ln t / 1) >= 1 + sqrt(ln t / N_left).
        var t = 3, nLeft = 2
        for pull in pulls(&solver, 200) {
            t += 1
            let left = 1 + (log(Double(t)) / Double(nLeft)).squareRoot()
            let right = (log(Double(t)) / Double(t - 1 - nLeft)).squareRoot()
            XCTAssertEqual(pull.action, right > left ? 1 : 0, "t = \(t)")
            if pull.action == 0 { nLeft += 1 }
        }
    }

    func testGradientBanditMovesPreferencesAsEquation2_12() throws {
        let bandit = try model(twoArms)
        var solver = try GradientBandit.info.make(bandit, parameters(GradientBandit.info, bandit))
        // Step 1: Rbar = R_1, so R - Rbar = 0 and H stays (0, 0).
        let first = pulls(&solver, 1)[0]
        XCTAssertEqual(solver.actionProbabilities!, [0.5, 0.5, 0, 0])
        // Step 2: Rbar = (R_1 + R_2) / 2; H(A) += 0.1 (R - Rbar)(1 - 0.5), the other -= 0.1 (R - Rbar) 0.5.
        let second = pulls(&solver, 1)[0]
        let baseline = (first.reward + second.reward) / 2
        let change = 0.1 * (second.reward - baseline) * 0.5
        let H = second.action == 0 ? (change, -change) : (-change, change)
        let pLeft = exp(H.0) / (exp(H.0) + exp(H.1))
        XCTAssertEqual(solver.actionProbabilities![0], pLeft, accuracy: 1e-15)
        // Without a baseline the first pull already moves H: 0.1 R_1 (1 - 0.5) on the arm pulled.
        var p = parameters(GradientBandit.info, bandit)
        p.baseline = false
        solver = try GradientBandit.info.make(bandit, p)
        let pulled = pulls(&solver, 1)[0]
        let moved = 0.1 * pulled.reward * 0.5
        let h = pulled.action == 0 ? (moved, -moved) : (-moved, moved)
        XCTAssertEqual(solver.actionProbabilities![0], exp(h.0) / (exp(h.0) + exp(h.1)), accuracy: 1e-15)
        // Learning: the arm that pays 1 becomes nearly certain.
        _ = pulls(&solver, 2_000)
        XCTAssertGreaterThan(solver.actionProbabilities![0], 0.99)
        XCTAssertEqual(solver.policyTable, [0, -1])
    }

    // MARK: - What the book says (Figure 2.2), over tasks

    /// The mean reward of pulls `window` of `steps`, over `runs` tasks (seeds 1 ...).
    func averageReward(_ method: MethodInfo, runs: Int, steps: Int, window: Range<Int>, _ configure: (inout Parameters) -> Void = { _ in }) throws -> (reward: Double, optimal: Double) {
        let level = try bundledModel("ten-armed-testbed")
        var total = 0.0, optimal = 0
        for run in 1...runs {
            var p = parameters(method, level, seed: UInt64(run), configure)
            p.seed = UInt64(run)
            var solver = try method.make(level, p)
            let trueValues = level.task(seed: UInt64(run)).armValues()
            let best = trueValues.indices.max { trueValues[$0] < trueValues[$1] }!
            for (t, pull) in pulls(&solver, steps).enumerated() where window.contains(t) {
                total += pull.reward
                if pull.action == best { optimal += 1 }
            }
        }
        let n = Double(runs * window.count)
        return (total / n, Double(optimal) / n)
    }

    func testFigure2_2EpsilonGreedyBeatsGreedyInTheLongRun() throws {
        // Steps 501-1,000 of 300 tasks: the book's curves there are about 1.35 (epsilon 0.1),
        // about 1.05 (greedy, optimal in about a third of the tasks).
        let explorer = try averageReward(EpsilonGreedy.info, runs: 300, steps: 1_000, window: 500..<1_000)
        let greedy = try averageReward(EpsilonGreedy.info, runs: 300, steps: 1_000, window: 500..<1_000) { $0.epsilon = 0 }
        XCTAssertEqual(explorer.reward, 1.35, accuracy: 0.1)
        XCTAssertEqual(greedy.reward, 1.05, accuracy: 0.1)
        XCTAssertEqual(greedy.optimal, 0.36, accuracy: 0.08)
        XCTAssertLessThan(explorer.optimal, 0.91, "epsilon 0.1 is never optimal more than 91% of the time")
        XCTAssertGreaterThan(explorer.optimal, 0.7)
    }

    // MARK: - Refusals

    func testBanditMethodsRunOnBanditsOnly() throws {
        let cliff = try bundledModel("cliff-walking")
        for method in Methods.family(.bandit) {
            XCTAssertThrowsError(try method.make(cliff, method.defaults(for: cliff.level))) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains("\(method.id) is a bandit method"), message)
                XCTAssertTrue(message.contains("not on cliff-walking"), message)
                XCTAssertTrue(message.contains("q-learning"), "names what does run there: \(message)")
            }
        }
        XCTAssertEqual(Family.offered(on: cliff), [.dp, .mc, .td, .pg])
        XCTAssertEqual(Family.offered(on: try bundledModel("ten-armed-testbed")), [.dp, .mc, .td, .pg, .bandit])
        // Every other method runs on a bandit.
        let testbed = try bundledModel("ten-armed-testbed")
        for method in Methods.all where !method.isPrediction {
            var solver = try method.make(testbed, method.defaults(for: testbed.level))
            solver.run(ticks: 50)
        }
    }

    func testTheGradientBanditsStepSizeRunsToOneHundred() throws {
        let testbed = try bundledModel("ten-armed-testbed")
        var p = GradientBandit.info.defaults(for: testbed.level)
        p.alpha = 2
        XCTAssertNoThrow(try GradientBandit.info.make(testbed, p))
        p.alpha = 100
        XCTAssertNoThrow(try GradientBandit.info.make(testbed, p))
        for alpha in [0, 100.5] {
            p.alpha = alpha
            XCTAssertThrowsError(try GradientBandit.info.make(testbed, p)) { error in
                XCTAssertEqual("\(error)", "--alpha \(NumberText.plain(alpha)) is out of range; valid: 0 < alpha <= 100")
            }
        }
        var q = QLearning.info.defaults(for: testbed.level)
        q.alpha = 2
        XCTAssertThrowsError(try QLearning.info.make(testbed, q)) { error in
            XCTAssertEqual("\(error)", "--alpha 2 is out of range; valid: 0 < alpha <= 1")
        }
        XCTAssertFalse(ParameterRules.accepts(.c, -1))
        XCTAssertTrue(ParameterRules.accepts(.c, 0))
    }

    func testABrokenTestbedIsRefusedWithItsPosition() throws {
        func problems(_ body: String) -> String {
            do {
                _ = try LevelParser.parse(source: "name = \"t\"\n[mdp]\nbuiltin = \"testbed\"\n" + body, file: "t.toml", id: "t")
                return ""
            } catch { return "\(error)" }
        }
        XCTAssertTrue(problems("arms = 1").contains("t.toml:4:8: `arms` must be an integer from 2 to 1000"), problems("arms = 1"))
        XCTAssertTrue(problems("arms = 0").contains("t.toml:4:8"), problems("arms = 0"))
        XCTAssertTrue(problems("arms = 10001").contains("from 2 to 1000"), problems("arms = 10001"))
        XCTAssertTrue(problems("reward_sd = -1").contains("t.toml:4:13: `reward_sd` must be a number from 0 to 1000000"), problems("reward_sd = -1"))
        XCTAssertTrue(problems("walk_sd = nan").contains("t.toml:4:11"), problems("walk_sd = nan"))
        XCTAssertTrue(problems("mean_sd = inf").contains("t.toml:4:11"), problems("mean_sd = inf"))
        XCTAssertTrue(problems("mean = -3").isEmpty, problems("mean = -3"))
        let unknown = problems("armz = 3")
        XCTAssertTrue(unknown.contains("t.toml:4:1") && unknown.contains("arms"), unknown)
    }

    /// The bandit kernel is the box: runs of pulls against as many ticks, bit for bit, for
    /// sample averages and a constant step, either tie rule, an optimistic start.
    func testTheBanditKernelIsEpsilonGreedysBox() throws {
        let level = try bundledModel("ten-armed-testbed")
        for (alpha, ties, initial) in [(nil, TieBreak.random, 0.0), (0.1, .first, 5), (0.5, .random, 5)] {
            let p = parameters(EpsilonGreedy.info, level, seed: 6) { $0.alpha = alpha; $0.ties = ties; $0.initialValue = initial }
            var running = try EpsilonGreedy.info.make(level, p), ticking = try EpsilonGreedy.info.make(level, p)
            for chunk in [1, 777, 5_000] {
                running.run(ticks: chunk)
                for _ in 0..<chunk { _ = ticking.tick() }
                XCTAssertEqual(running.counters, ticking.counters)
                XCTAssertEqual(running.actionValues?.map(\.bitPattern), ticking.actionValues?.map(\.bitPattern), "alpha \(String(describing: alpha))")
            }
            XCTAssertEqual(pulls(&running, 20), pulls(&ticking, 20), "the generator is where it was")
            let ends = running.runEpisodes(300, maxSamples: .max)
            let ticked = (0..<300).compactMap { _ in ticking.tick().episodeEnd }
            XCTAssertEqual(ends, ticked)
        }
    }

    /// `curve` at x = step on the testbed: the step's reward and whether its arm was the
    /// task's best, as the pulls themselves say (through the bandit kernel where the method
    /// has one, ticks elsewhere, and ticks on the walking testbed).
    func testCurvesAtEachStepAreThePullsOwn() throws {
        for (name, method) in [("ten-armed-testbed", EpsilonGreedy.info), ("ten-armed-testbed", UCB.info), ("ten-armed-nonstationary", EpsilonGreedy.info)] {
            let level = try bundledModel(name)
            let p = parameters(method, level, seed: 8)
            var settings = LearningCurves.Settings()
            settings.steps = 400
            settings.every = 1
            settings.measure = .reward
            let rewards = try LearningCurves.measure(model: level, method: method, parameters: p, truth: nil, settings: settings)
            settings.measure = .optimalAction
            let optimal = try LearningCurves.measure(model: level, method: method, parameters: p, truth: nil, settings: settings)
            var solver = try method.make(level, p)
            var expectedOptimal: [Double?] = []
            let pulled = (0..<400).map { _ -> Transition in
                let t = solver.tick().transition!
                let arms = solver.armValues!
                expectedOptimal.append(arms[t.action] >= arms.max()! ? 100 : 0)
                return t
            }
            XCTAssertEqual(rewards, pulled.map(\.reward), "\(name), \(method.id)")
            XCTAssertEqual(optimal, expectedOptimal, "\(name), \(method.id)")
        }
    }
}
