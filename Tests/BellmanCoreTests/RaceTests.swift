import XCTest
@testable import BellmanCore

/// `bellman race`: experience to a target error and to an optimal greedy policy.
final class RaceTests: XCTestCase {
    func race(_ ids: [String], level: String = "cliff-walking", runs: Int = 6, budget: Int = 60_000, threads: Int = 2) throws -> (entries: [RaceEntry], targets: RaceTargets) {
        let model = try bundledModel(level)
        var settings = RaceSettings()
        settings.runs = runs
        settings.budget = budget
        settings.threads = threads
        let methods = try ids.map { id -> (MethodInfo, Parameters) in
            let info = try XCTUnwrap(Methods.named(id))
            return (info, info.defaults(for: model.level))
        }
        return try Race.run(model: model, methods: methods, settings: settings)
    }

    func testDynamicProgrammingNeedsNoSamplesAndTDPaysInExperience() throws {
        let (entries, targets) = try race(["value-iteration", "q-learning"])
        XCTAssertEqual(targets.control, 0.846, accuracy: 0.001, "10% of the initial error against V* (8.46)")
        let dp = entries[0], q = entries[1]
        XCTAssertEqual(dp.runs.count, 1, "DP is deterministic: one run")
        XCTAssertEqual(dp.runs[0].toOptimalPolicy?.samples, 0)
        XCTAssertGreaterThan(try XCTUnwrap(dp.runs[0].toOptimalPolicy?.modelReads), 0)
        XCTAssertEqual(q.runs.count, 6)
        let reached = q.runs.compactMap(\.toOptimalPolicy)
        // Rarely visited corners can keep a run from an exactly optimal greedy policy within
        // the budget (1 of 6 here); the others need thousands of samples and no model reads.
        XCTAssertGreaterThanOrEqual(reached.count, 5)
        XCTAssertTrue(reached.allSatisfy { $0.samples > 1_000 && $0.modelReads == 0 }, "\(reached)")
    }

    /// Example 6.6: Sarsa's greedy policy keeps away from the edge (it learns the epsilon-greedy
    /// policy's values), Q-learning's becomes optimal.
    func testSarsaLearnsTheSafePathNotTheOptimalOne() throws {
        let (entries, _) = try race(["sarsa", "q-learning"], runs: 8)
        let sarsa = RaceReport.summary(entries[0], \.toOptimalPolicy, \.samples)
        let q = RaceReport.summary(entries[1], \.toOptimalPolicy, \.samples)
        XCTAssertLessThanOrEqual(sarsa.reached, 2, "Sarsa rarely has an optimal greedy policy")
        XCTAssertGreaterThanOrEqual(q.reached, 7)
    }

    func testResultsDoNotDependOnTheNumberOfThreads() throws {
        let one = try race(["q-learning", "mc-control", "td0"], runs: 5, budget: 20_000, threads: 1).entries
        let three = try race(["q-learning", "mc-control", "td0"], runs: 5, budget: 20_000, threads: 3).entries
        XCTAssertEqual(one.map(\.runs), three.map(\.runs))
    }

    func testSummaryIsMedianAndQuartiles() {
        func run(_ samples: Int?) -> RaceRun {
            var c = Counters()
            c.samples = samples ?? 0
            return RaceRun(toTarget: samples.map { _ in c }, toOptimalPolicy: nil, finalRMS: nil, total: c)
        }
        let entry = RaceEntry(method: QLearning.info, parameters: Parameters(gamma: 1),
                              runs: [run(10), run(40), run(20), run(nil), run(30)])
        let s = RaceReport.summary(entry, \.toTarget, \.samples)
        XCTAssertEqual(s.reached, 4)
        XCTAssertEqual(s.runs, 5)
        XCTAssertEqual(s.median, 25)
        XCTAssertEqual(s.lowerQuartile, 17.5)
        XCTAssertEqual(s.upperQuartile, 32.5)
    }
}
