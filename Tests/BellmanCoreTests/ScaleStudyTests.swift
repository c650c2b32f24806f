@testable import BellmanCore
import XCTest

/// `bellman scale`'s core (DESIGN §10): the power-law fit and how value iteration's cost
/// grows with the number of states.
final class ScaleStudyTests: XCTestCase {
    func testAPowerLawIsFittedExactly() throws {
        let exact = try XCTUnwrap(PowerFit([(10, 3 * pow(10, 1.5)), (20, 3 * pow(20, 1.5)), (40, 3 * pow(40, 1.5))]))
        XCTAssertEqual(exact.k, 1.5, accuracy: 1e-12)
        XCTAssertEqual(exact.c, 3, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(exact.kLow), 1.5, accuracy: 1e-9, "no scatter: a zero-width interval")
        // Two points: a slope and no interval. Nothing to fit on one point, or a cost of 0.
        let two = try XCTUnwrap(PowerFit([(1, 1), (100, 10)]))
        XCTAssertEqual(two.k, 0.5, accuracy: 1e-12)
        XCTAssertNil(two.kLow)
        XCTAssertNil(PowerFit([(1, 1)]))
        XCTAssertNil(PowerFit([(1, 0), (2, 5)]))
        // Scatter around k = 2: the 95% interval (t with 3 degrees of freedom) holds it.
        let noisy = try XCTUnwrap(PowerFit([(10, 100 * 1.1), (20, 400 * 0.9), (40, 1_600 * 1.05), (80, 6_400 * 0.97), (160, 25_600 * 1.02)]))
        let low = try XCTUnwrap(noisy.kLow), high = try XCTUnwrap(noisy.kHigh)
        XCTAssertTrue(low < 2 && 2 < high && high - low < 0.3, "\(low) ... \(high)")
        XCTAssertEqual(PowerFit.t975(degreesOfFreedom: 3), 3.182)
    }

    /// A run that did not reach the goal counts as an infinite cost: the median is defined
    /// when more than half did.
    func testTheMedianCountsRunsThatDidNotReachTheGoal() {
        XCTAssertEqual(ScaleStudy.censoredMedian([3, 1, 2], runs: 5), 3)
        XCTAssertNil(ScaleStudy.censoredMedian([1, 2], runs: 5))
        XCTAssertEqual(ScaleStudy.censoredMedian([4, 1, 3, 2], runs: 4), 2.5)
        XCTAssertEqual(ScaleStudy.censoredMedian([1, 2, 3], runs: 4), 2.5)
        XCTAssertNil(ScaleStudy.censoredMedian([1, 2], runs: 4))
        XCTAssertEqual(ScaleStudy.censoredMedian([7], runs: 1), 7)
    }

    /// `--goal path` (Example 8.4's measure): value iteration's greedy path on the Dyna maze
    /// is a shortest one once it has converged, at every factor; a level with slip is refused.
    func testThePathGoalIsTheShortestPathFromTheStart() throws {
        let maze = try LevelCatalog.load("dyna-maze")
        XCTAssertEqual(Model(maze).stepsToGoal()[Int(Model(maze).startStates[0])], 14, "the book's 14 steps")
        var settings = RaceSettings()
        settings.threads = 2
        let study = try ScaleStudy.run(level: maze, methods: [ValueIteration.info], factors: [1, 2], goal: .path, settings: settings)
        XCTAssertTrue(study.rows.allSatisfy { $0.reached == 1 && $0.modelReads! > 0 }, "\(study.rows)")
        var slippery = maze
        slippery.slip = 0.1
        XCTAssertThrowsError(try ScaleStudy.run(level: slippery, methods: [ValueIteration.info], factors: [1], goal: .path, settings: settings)) {
            XCTAssertTrue("\($0)".contains("deterministic"), "\($0)")
        }
    }

    /// Value iteration on the small gridworld at factors 1 to 4: its model reads to an optimal
    /// policy grow as |S|^k with k between 1 and 2 (more states, and more sweeps as paths
    /// lengthen), the interval tight around it; every cost DP pays is fitted, samples are not.
    func testValueIterationsModelReadsGrowAsAPowerOfTheStates() throws {
        let level = try LevelCatalog.load("small-gridworld")
        var settings = RaceSettings()
        settings.threads = 2
        let study = try ScaleStudy.run(level: level, methods: [ValueIteration.info], factors: [1, 2, 3, 4], goal: .optimal, settings: settings)
        XCTAssertEqual(study.rows.map(\.states), [16, 64, 144, 256])
        XCTAssertTrue(study.rows.allSatisfy { $0.reached == 1 && $0.samples == 0 })
        let reads = try XCTUnwrap(study.fits.first { $0.cost == .modelReads }?.fit)
        let low = try XCTUnwrap(reads.kLow), high = try XCTUnwrap(reads.kHigh)
        XCTAssertTrue(1 < low && low <= reads.k && reads.k <= high && high < 2.5, "k = \(reads.k) [\(low), \(high)]")
        XCTAssertLessThan(high - low, 0.6)
        XCTAssertNil(study.fits.first { $0.cost == .samples }, "DP takes no samples: nothing to fit")
        // The medians are the race's: one sweep's reads times the sweeps.
        XCTAssertEqual(study.rows.map { $0.modelReads! }.sorted(), study.rows.map { $0.modelReads! })
    }

    /// Q-learning's samples on the same gridworld grow faster than |S|: experience is paid
    /// per state and per step of the longer paths. Fixed seeds; 3 runs per factor.
    func testQLearningsSamplesGrowFasterThanTheStates() throws {
        let level = try LevelCatalog.load("small-gridworld")
        var settings = RaceSettings()
        settings.runs = 3
        settings.threads = 2
        settings.budget = 500_000
        let study = try ScaleStudy.run(level: level, methods: [QLearning.info], factors: [1, 2, 3], goal: .optimal, settings: settings)
        XCTAssertTrue(study.rows.allSatisfy { $0.reached == $0.runs }, "\(study.rows)")
        let samples = try XCTUnwrap(study.fits.first { $0.cost == .samples }?.fit)
        XCTAssertGreaterThan(samples.k, 1.2)
    }

    /// The seed's claim on a maze (the bundled small maze, `--goal path`, alpha 0.1 for both
    /// sample-based methods): every method's cost has a fitted exponent, and Monte Carlo
    /// control's experience grows fastest (its first episodes wander the corridors).
    /// Fixed seeds; 5 runs per factor, factors 1 and 2 (docs/experiments.md's table goes to 4).
    func testOnTheSmallMazeMonteCarloPaysMostForMoreStates() throws {
        let level = try LevelCatalog.load("small-maze")
        XCTAssertEqual(Model(level).stepsToGoal()[Int(Model(level).startStates[0])], 8)
        var settings = RaceSettings()
        settings.runs = 5
        settings.threads = 2
        settings.budget = 2_000_000
        let methods = [ValueIteration.info, QLearning.info, MCControl.info]
        let study = try ScaleStudy.run(level: level, methods: methods, factors: [1, 2], goal: .path, settings: settings) { method, scaled in
            var parameters = method.defaults(for: scaled)
            if method.family != .dp { parameters.alpha = 0.1 }
            return parameters
        }
        XCTAssertEqual(Set(study.rows.map(\.states)), [19, 76])
        XCTAssertTrue(study.rows.allSatisfy { $0.reached == $0.runs }, "\(study.rows)")
        func k(_ method: MethodInfo, _ cost: ScaleStudy.Cost) throws -> Double {
            try XCTUnwrap(study.fits.first { $0.method == method.id && $0.cost == cost }?.fit.k, "\(method.id) \(cost)")
        }
        let vi = try k(ValueIteration.info, .modelReads), q = try k(QLearning.info, .samples), mc = try k(MCControl.info, .samples)
        XCTAssertTrue(vi > 1 && q > 1, "VI k = \(vi), Q-learning k = \(q)")
        XCTAssertGreaterThan(mc, q + 0.3, "MC control k = \(mc) against Q-learning's \(q)")
    }

    func testTheReportsSayWhatWasMeasured() throws {
        let level = try LevelCatalog.load("small-gridworld")
        var settings = RaceSettings()
        settings.threads = 1
        let study = try ScaleStudy.run(level: level, methods: [ValueIteration.info], factors: [1, 2, 3], goal: .optimal, settings: settings)
        let text = ScaleReport.text(level: level, rows: study.rows, fits: study.fits, factors: [1, 2, 3], goal: .optimal, settings: settings)
        XCTAssertTrue(text.contains("factor  states  method"), text)
        XCTAssertTrue(text.contains("value-iteration  model reads  k = "), text)
        XCTAssertTrue(text.contains("1 value-iteration: model reads"), "the chart's legend:\n\(text)")
        let json = ScaleReport.json(level: level, rows: study.rows, fits: study.fits, goal: .optimal, settings: settings)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["level"] as? String, "small-gridworld")
        XCTAssertEqual(object["goal"] as? String, "optimal")
        let rows = try XCTUnwrap(object["rows"] as? [[String: Any]])
        XCTAssertEqual(Set(rows[0].keys), ["factor", "states", "method", "reached", "runs", "samples", "backups", "model_reads"])
        let fits = try XCTUnwrap(object["fits"] as? [[String: Any]])
        XCTAssertTrue(Set(fits[0].keys).isSuperset(of: ["method", "cost", "k", "k_low", "k_high"]))
        let csv = ScaleReport.csv(rows: study.rows).split(separator: "\n")
        XCTAssertEqual(csv.first, "factor,states,method,family,reached,runs,samples,backups,model_reads")
        XCTAssertEqual(csv.count, 4)
    }
}
