@testable import BellmanCore
import XCTest

/// `bellman sweep`'s core (DESIGN §10) on the book's parameter studies, with fixed seeds.
final class ParameterSweepTests: XCTestCase {
    private func rows(_ level: String, _ methods: [MethodInfo], _ axes: [ParameterSweep.Axis], runs: Int, episodes: Int,
                      measure: ParameterSweep.Measure, threads: Int = 2) throws -> [ParameterSweep.Row] {
        var settings = ParameterSweep.Settings()
        settings.runs = runs
        settings.episodes = episodes
        settings.window = .first(episodes)
        settings.measure = measure
        settings.threads = threads
        return try ParameterSweep.run(model: Model(try LevelCatalog.load(level)), methods: methods, axes: axes, settings: settings)
    }

    private let alphas = ParameterSweep.Axis(name: .alpha, values: (1...10).map { Double($0) / 10 })

    /// Figure 7.2's shape: n-step TD on the 19-state walk, the RMS error over the 19 states
    /// averaged over the first 10 episodes, at each n's best alpha: n = 4 below n = 1 below
    /// n = 512. 50 runs.
    func testFigure7_2IntermediateNIsBestAtItsBestAlpha() throws {
        let study = try rows("random-walk-19", [NStepTD.info], [alphas, ParameterSweep.Axis(name: .n, values: [1, 4, 512])],
                             runs: 50, episodes: 10, measure: .rms)
        func best(_ n: Double) -> Double { study.filter { $0.values[1] == n }.compactMap(\.mean).min()! }
        XCTAssertLessThan(best(4), best(1))
        XCTAssertLessThan(best(1), best(512))
        XCTAssertTrue(study.allSatisfy { $0.runs == 50 && ($0.se ?? 1) < 0.05 }, "every cell measured, the errors small")
    }

    /// Figure 6.3's interim shape (the first 100 episodes on the cliff): Expected Sarsa far
    /// above Sarsa at alpha = 1, and Sarsa's online return above Q-learning's. 20 runs.
    func testFigure6_3ExpectedSarsaHoldsUpAtLargeAlphaAndSarsaBeatsQLearningOnline() throws {
        let study = try rows("cliff-walking", [Sarsa.info, ExpectedSarsa.info, QLearning.info], [alphas], runs: 20, episodes: 100, measure: .return)
        func at(_ method: String, _ alpha: Double) -> Double { study.first { $0.method == method && $0.values[0] == alpha }!.mean! }
        func mean(_ method: String) -> Double { alphas.values.map { at(method, $0) }.reduce(0, +) / Double(alphas.values.count) }
        XCTAssertGreaterThan(at("expected-sarsa", 1) - at("sarsa", 1), 15, "Expected Sarsa far above Sarsa at alpha = 1")
        XCTAssertGreaterThan(mean("sarsa") - mean("q-learning"), 5, "Sarsa's online return above Q-learning's")
        for alpha in [0.1, 0.3, 0.5] { XCTAssertGreaterThan(at("sarsa", alpha), at("q-learning", alpha), "alpha \(alpha)") }
    }

    /// Figure 12.6's corner: TD(lambda) with accumulating traces at lambda 1 and alpha 1
    /// diverges; the sweep counts those runs and leaves them out of the mean (no 1e135, no
    /// nan in a cell), while a safe corner is measured as usual.
    func testDivergedRunsAreCountedNotAveraged() throws {
        let study = try rows("random-walk-19", [TDLambda.info], [ParameterSweep.Axis(name: .alpha, values: [0.1, 1]),
                                                                 ParameterSweep.Axis(name: .lambda, values: [0.8, 1])],
                             runs: 4, episodes: 10, measure: .rms)
        let safe = try XCTUnwrap(study.first { $0.values == [0.1, 0.8] }), wild = try XCTUnwrap(study.first { $0.values == [1, 1] })
        XCTAssertEqual(safe.diverged, 0)
        XCTAssertEqual(safe.runs, 4)
        XCTAssertLessThan(try XCTUnwrap(safe.mean), 0.6)
        XCTAssertEqual(wild.diverged, 4)
        XCTAssertNil(wild.mean)
        let level = try LevelCatalog.load("random-walk-19")
        var settings = ParameterSweep.Settings()
        settings.measure = .rms
        let text = SweepReport.text(level: level, axes: [ParameterSweep.Axis(name: .alpha, values: [0.1, 1]), ParameterSweep.Axis(name: .lambda, values: [0.8, 1])],
                                    rows: study, settings: settings)
        XCTAssertNotNil(text.range(of: "td-lambda +1 +1 +diverged +- +0 \\(4 diverged\\)", options: .regularExpression), text)
        XCTAssertFalse(text.contains("nan") || text.contains("e+"), text)
    }

    func testResultsDoNotDependOnTheThreadsAndTheRulesAreChecked() throws {
        let axes = [ParameterSweep.Axis(name: .alpha, values: [0.2, 0.5])]
        let one = try rows("cliff-walking", [QLearning.info], axes, runs: 3, episodes: 5, measure: .return, threads: 1)
        let three = try rows("cliff-walking", [QLearning.info], axes, runs: 3, episodes: 5, measure: .return, threads: 3)
        XCTAssertEqual(one, three)
        XCTAssertThrowsError(try rows("cliff-walking", [QLearning.info], [ParameterSweep.Axis(name: .lambda, values: [0.5])], runs: 1, episodes: 1, measure: .return)) {
            XCTAssertTrue("\($0)".contains("q-learning has no lambda to vary"), "\($0)")
        }
        XCTAssertThrowsError(try rows("cliff-walking", [ValueIteration.info], axes, runs: 1, episodes: 1, measure: .return)) {
            XCTAssertTrue("\($0)".contains("no episodes"), "\($0)")
        }
        XCTAssertThrowsError(try Parameters(gamma: 1).setting(.alpha, 2)) { XCTAssertTrue("\($0)".contains("--alpha 2 is out of range")) }
        let single = try rows("cliff-walking", [QLearning.info], axes, runs: 1, episodes: 5, measure: .return)
        XCTAssertNil(single[0].se, "one run: no standard error")
    }

    /// Figure 2.6's kind of study: each line varies its own parameter, all on one axis. Each
    /// row is labelled by its line and names the parameter its value is of; a line measures
    /// exactly what a one-method study of that parameter measures; `reward` on a bandit (gamma
    /// 1, one pull an episode) is the return; and the threads change nothing.
    func testLinesThatEachVaryTheirOwnParameter() throws {
        let model = Model(try LevelCatalog.load("ten-armed-testbed"))
        var settings = ParameterSweep.Settings()
        settings.runs = 6
        settings.steps = 200
        settings.window = .first(Int.max)
        settings.measure = .reward
        let epsilons = ParameterSweep.Axis(name: .epsilon, values: [0.03125, 0.25]), cs = ParameterSweep.Axis(name: .c, values: [0.5, 4])
        var optimistic = try EpsilonGreedy.info.defaults(for: model.level).setting(.epsilon, 0).setting(.alpha, 0.1, for: EpsilonGreedy.info)
        optimistic.seed = 1
        let lines = [
            ParameterSweep.Line(label: "epsilon-greedy", method: EpsilonGreedy.info, parameters: EpsilonGreedy.info.defaults(for: model.level), axis: epsilons),
            ParameterSweep.Line(label: "ucb", method: UCB.info, parameters: UCB.info.defaults(for: model.level), axis: cs),
            ParameterSweep.Line(label: "greedy, optimistic", method: EpsilonGreedy.info, parameters: optimistic,
                                axis: ParameterSweep.Axis(name: .initialValue, values: [1])),
        ]
        let rows = try ParameterSweep.run(model: model, lines: lines, settings: settings)
        XCTAssertEqual(rows.map(\.line), ["epsilon-greedy", "epsilon-greedy", "ucb", "ucb", "greedy, optimistic"])
        XCTAssertEqual(rows.map(\.varied), [.epsilon, .epsilon, .c, .c, .initialValue])
        XCTAssertEqual(rows.map(\.values), [[0.03125], [0.25], [0.5], [4], [1]])
        XCTAssertTrue(rows.allSatisfy { $0.runs == 6 && $0.mean != nil })

        let alone = try ParameterSweep.run(model: model, methods: [UCB.info], axes: [cs], settings: settings)
        XCTAssertEqual(alone.map(\.mean), rows[2...3].map(\.mean), "a line measures what a study of its one parameter measures")
        settings.measure = .return
        let returns = try ParameterSweep.run(model: model, methods: [UCB.info], axes: [cs], settings: settings)
        XCTAssertEqual(returns.map(\.mean), alone.map(\.mean), "on a bandit the reward of the pull is its return")
        settings.measure = .reward
        settings.threads = 1
        XCTAssertEqual(try ParameterSweep.run(model: model, lines: lines, settings: settings), rows)

        let text = SweepReport.text(level: model.level, axes: [], rows: rows, settings: settings)
        XCTAssertNotNil(text.range(of: "series +parameter +value +reward +± se +runs", options: .regularExpression), text)
        XCTAssertNotNil(text.range(of: "\ngreedy, optimistic +init +1 ", options: .regularExpression), text)
        XCTAssertTrue(text.contains("epsilon, c, init (log)"), text)
        let csv = SweepReport.csv(axes: [], rows: rows).split(separator: "\n")
        XCTAssertEqual(csv.first, "series,method,parameter,value,mean,se,runs")
        XCTAssertTrue(csv.last?.hasPrefix("\"greedy, optimistic\",epsilon-greedy,init,1,") ?? false, "\(csv)")
        XCTAssertTrue(SweepReport.json(level: model.level, axes: [], rows: rows, settings: settings)
            .contains(#""method": "ucb", "series": "ucb", "c": 4"#))

        let wrong = ParameterSweep.Line(label: "ucb", method: UCB.info, parameters: UCB.info.defaults(for: model.level), axis: epsilons)
        XCTAssertThrowsError(try ParameterSweep.run(model: model, lines: [wrong], settings: settings)) {
            XCTAssertTrue("\($0)".contains("ucb has no epsilon to vary"), "\($0)")
        }
    }
}
