import XCTest
@testable import BellmanCore

/// `bellman curve`'s averages (DESIGN §11): the book's learning curves with the levels'
/// defaults, the same whatever the threads.
final class LearningCurvesTests: XCTestCase {
    private func curves(_ level: String, _ methods: [MethodInfo], _ change: (inout LearningCurves.Settings) -> Void) throws -> [LearningCurves.Curve] {
        let model = Model(try LevelCatalog.load(level))
        var settings = LearningCurves.Settings()
        change(&settings)
        let series = methods.map { LearningCurves.Series(label: $0.id, method: $0, parameters: $0.defaults(for: model.level)) }
        return try LearningCurves.run(model: model, series: series, settings: settings)
    }

    private func mean(_ curve: LearningCurves.Curve, _ xs: ClosedRange<Int>) -> Double {
        let values = curve.points.filter { xs.contains($0.x) }.compactMap(\.mean)
        return values.reduce(0, +) / Double(values.count)
    }

    /// Example 6.6's graph: Sarsa's sum of rewards per episode near -25, Q-learning's near
    /// -50 (episodes 200-500, 30 runs), and the same numbers on one thread or three.
    func testExample6_6SarsaAboveQLearningWhateverTheThreads() throws {
        let methods = [Sarsa.info, QLearning.info]
        let three = try curves("cliff-walking", methods) { $0.episodes = 500; $0.runs = 30; $0.threads = 3 }
        let one = try curves("cliff-walking", methods) { $0.episodes = 500; $0.runs = 30; $0.threads = 1 }
        XCTAssertEqual(three.map { $0.points.map(\.mean) }, one.map { $0.points.map(\.mean) })
        let sarsa = mean(three[0], 200...500), q = mean(three[1], 200...500)
        XCTAssertEqual(sarsa, -25, accuracy: 6, "Sarsa")
        XCTAssertEqual(q, -50, accuracy: 12, "Q-learning")
        XCTAssertEqual(three[0].points.first?.runs, 30)
    }

    /// Figure 6.5 with the level's defaults (alpha 0.1, epsilon 0.1): Q-learning goes left
    /// from A far more than epsilon-greedy's 5% early on; Double Q-learning stays near it.
    func testFigure6_5PercentLeftFromA() throws {
        let model = Model(try LevelCatalog.load("maximization-bias"))
        let a = try XCTUnwrap((0..<model.stateCount).first { model.name(of: $0) == "A" })
        let found = try curves("maximization-bias", [QLearning.info, DoubleQLearning.info]) {
            $0.episodes = 300; $0.runs = 300; $0.measure = .actionShare; $0.state = a; $0.action = 0
        }
        let q = mean(found[0], 5...30), double = mean(found[1], 200...300)
        XCTAssertGreaterThan(q, 50, "Q-learning's peak of lefts")
        XCTAssertLessThan(double, 12, "Double Q-learning near 5%")
        XCTAssertLessThan(mean(found[0], 250...300), q, "Q-learning comes down")
    }

    /// Figure 8.4 with the blocking maze's defaults: Dyna-Q+'s cumulative reward ahead of
    /// Dyna-Q's at 3,000 steps; x is the step.
    func testFigure8_4CumulativeRewardPerStep() throws {
        let found = try curves("blocking-maze", [DynaQ.info, DynaQPlus.info]) {
            $0.steps = 3_000; $0.every = 100; $0.runs = 10; $0.measure = .cumulativeReward
        }
        XCTAssertEqual(found[0].points.map(\.x), Array(stride(from: 100, through: 3_000, by: 100)))
        let dyna = try XCTUnwrap(found[0].points.last?.mean), plus = try XCTUnwrap(found[1].points.last?.mean)
        XCTAssertGreaterThan(plus, dyna, "Dyna-Q+ ahead (dyna-q \(dyna), dyna-q-plus \(plus))")
    }

    /// Figure 5.3: off-policy MC prediction of blackjack's state 13,2,usable (every episode
    /// starts there) under "stick on 20 or 21", behaviour random: ordinary importance sampling
    /// starts far worse than weighted; both come down to near 0 by 1,000 episodes.
    func testFigure5_3WeightedBeatsOrdinaryEarly() throws {
        let model = Model(try LevelCatalog.load("blackjack"))
        let start = try StartState(named: "13,2,usable", in: model)
        let policy = try PolicyCatalog.load("blackjack-stick-20", for: model)
        var settings = LearningCurves.Settings()
        settings.episodes = 1_000
        settings.runs = 100
        settings.measure = .stateError
        settings.state = start.state
        let series = [true, false].map { weighted in
            var p = MCOffPolicyPrediction.info.defaults(for: model.level)
            p.start = start
            p.policy = policy
            p.weightedSampling = weighted
            return LearningCurves.Series(label: weighted ? "weighted" : "ordinary", method: MCOffPolicyPrediction.info, parameters: p)
        }
        let found = try LearningCurves.run(model: model, series: series, settings: settings)
        let weighted = found[0].points, ordinary = found[1].points
        XCTAssertGreaterThan(try XCTUnwrap(ordinary[0].mean), 5 * (try XCTUnwrap(weighted[0].mean)), "the first episode")
        XCTAssertLessThan(try XCTUnwrap(weighted[999].mean), 0.02)
        XCTAssertLessThan(try XCTUnwrap(ordinary[999].mean), 0.02)
    }

    /// % optimal action under q* (ties count): Q-learning acts optimally except when it
    /// explores (epsilon 0.1 of 4 actions: about 92.5%, a little more where actions tie);
    /// Sarsa's safe path is not optimal under q*, so it stays well below.
    func testOptimalActionShareOnTheCliff() throws {
        let found = try curves("cliff-walking", [Sarsa.info, QLearning.info]) { $0.episodes = 500; $0.runs = 20; $0.measure = .optimalAction }
        let sarsa = mean(found[0], 300...500), q = mean(found[1], 300...500)
        XCTAssertEqual(q, 93, accuracy: 3, "Q-learning")
        XCTAssertLessThan(sarsa, q - 8, "Sarsa")
    }

    func testRefusalsComeBeforeAnyWork() throws {
        XCTAssertThrowsError(try curves("cliff-walking", [ValueIteration.info]) { _ in }) {
            XCTAssertTrue("\($0)".contains("value-iteration is DP"), "\($0)")
        }
        XCTAssertThrowsError(try curves("cliff-walking", [QLearning.info]) { $0.measure = .actionShare }) {
            XCTAssertTrue("\($0)".contains("action-share needs --state ID and --action NAME"), "\($0)")
        }
    }

    /// Per step, the error and the episodes are measured between kernel runs: the same
    /// numbers as ticking one sample at a time and measuring at every `every`-th.
    func testPerStepMeasuresAreTheTicksOwn() throws {
        let model = Model(try LevelCatalog.load("cliff-walking"))
        let truth = try XCTUnwrap(TruthCache.shared.truth(for: model, gamma: 1, kind: .optimal).values)
        for method in [QLearning.info, Sarsa.info, TD0.info] {
            var parameters = method.defaults(for: model.level)
            parameters.seed = 9
            let truthHere = method.isPrediction ? try XCTUnwrap(TruthCache.shared.truth(for: model, gamma: parameters.gamma, kind: .randomPolicy).values) : truth
            for measure in [LearningCurves.Measure.rms, .episodes] {
                var settings = LearningCurves.Settings()
                (settings.steps, settings.every, settings.measure) = (3_000, 250, measure)
                let measured = try LearningCurves.measure(model: model, method: method, parameters: parameters, truth: truthHere, settings: settings)
                var solver = try method.make(model, parameters)
                var expected: [Double?] = []
                while solver.counters.samples < 3_000 {
                    _ = solver.tick()
                    guard solver.counters.samples % 250 == 0 else { continue }
                    expected.append(measure == .rms ? model.rmsError(of: solver, against: truthHere) : Double(solver.counters.episodes))
                }
                XCTAssertEqual(measured.count, 12, "\(method.id) \(measure)")
                XCTAssertEqual(measured.map { $0?.bitPattern }, expected.map { $0?.bitPattern }, "\(method.id) \(measure)")
            }
        }
    }
}
