import XCTest
@testable import BellmanCore

/// The `sharp` goal (DESIGN §13): pi puts at least 0.9 on optimal actions in every state an
/// optimal policy visits from the start; what a prior saves and what a wrong one costs.
final class SharpGoalTests: XCTestCase {
    /// From S the optimal policy goes right twice: the row below is never visited.
    static let corridor = """
        name = "corridor over a field"
        gamma = 1
        step_reward = -1
        map = \"\"\"
        S.G
        ...
        \"\"\"
        """

    private func qStar(_ model: Model) throws -> [Double] {
        let v = try XCTUnwrap(TruthCache.shared.truth(for: model, gamma: 1, kind: .optimal).values)
        return model.actionValues(from: v, gamma: 1)
    }

    func testTheStatesAnOptimalPolicyVisitsFromTheStart() throws {
        let m = try model(Self.corridor)
        let goal = SharpGoal(model: m, qStar: try qStar(m), tolerance: 0.01)
        XCTAssertEqual(goal.visited.map(m.name), ["r0c0", "r0c1"])
    }

    /// On four actions a prior P puts P + (1 - P)/4 on the expert's: 0.9 gives 0.925 (sharp at
    /// sample 0), 0.85 gives 0.8875 (not yet).
    func testAPriorAboveTheMassIsSharpBeforeAnySample() throws {
        let m = try model(Self.corridor)
        let goal = SharpGoal(model: m, qStar: try qStar(m), tolerance: 0.01)
        for (prior, sharp) in [(0.9, true), (0.85, false)] {
            var p = Reinforce.info.defaults(for: m.level)
            p.prior = prior
            let solver = try Reinforce.info.make(m, p)
            let pi = try XCTUnwrap(solver.actionProbabilities)
            XCTAssertEqual(goal.massOnOptimal(pi, 0, in: m), prior + (1 - prior) / 4, accuracy: 1e-5)
            XCTAssertEqual(goal.isReached(by: solver, in: m), sharp, "prior \(prior)")
        }
    }

    /// A value method's policy is its greedy action: on the small gridworld (every state
    /// visited, episodes start anywhere) sharp and an optimal greedy policy come together.
    func testAValueMethodIsSharpWhenItsGreedyPolicyIs() throws {
        let grid = try bundledModel("small-gridworld")
        var settings = RaceSettings()
        settings.runs = 4
        settings.stopAt = .sharp
        let q = try XCTUnwrap(Methods.named("q-learning"))
        let entry = try Race.run(model: grid, methods: [(q, q.defaults(for: grid.level))], settings: settings).entries[0]
        XCTAssertEqual(entry.runs.map(\.toSharp), entry.runs.map(\.toOptimalPolicy))
        XCTAssertTrue(entry.runs.allSatisfy { $0.toSharp != nil })
    }

    /// The signal study's claim, measured on the small gridworld over 20 fixed seeds (medians,
    /// a run short of the goal counting as infinite): a prior of 0.5 on the expert cuts
    /// REINFORCE's samples to sharp (about 20,200 -> 14,200), a prior-noise of 0.3 gives some
    /// of that back (about 17,600); imitation's labels need about a tenth (about 2,000).
    func testAPriorSavesSamplesAndAPartlyWrongOneGivesSomeBack() throws {
        let grid = try bundledModel("small-gridworld")
        var settings = RaceSettings()
        settings.runs = 20
        settings.stopAt = .sharp
        func median(_ method: MethodInfo, prior: Double?, noise: Double = 0) throws -> Double {
            var p = method.defaults(for: grid.level)
            p.prior = prior
            p.priorNoise = noise
            let entry = try Race.run(model: grid, methods: [(method, p)], settings: settings).entries[0]
            return try XCTUnwrap(ScaleStudy.censoredMedian(entry.runs.compactMap(\.toSharp).map { Double($0.samples) }, runs: entry.runs.count))
        }
        let none = try median(Reinforce.info, prior: nil)
        let prior = try median(Reinforce.info, prior: 0.5)
        let noisy = try median(Reinforce.info, prior: 0.5, noise: 0.3)
        let labels = try median(Imitation.info, prior: nil)
        XCTAssertLessThan(prior, 0.8 * none, "a prior of 0.5 saves at least a fifth")
        XCTAssertGreaterThan(noisy, 1.1 * prior, "a partly wrong prior gives some back")
        XCTAssertLessThan(noisy, none)
        XCTAssertLessThan(labels * 5, none, "a label teaches more per sample than a return")
    }

    /// `sweep --measure samples-to-sharp`: the race's median per configuration; a prediction
    /// method, which learns no policy, is refused.
    func testTheSweepMeasuresSamplesToSharpAsTheRaceDoes() throws {
        let grid = try bundledModel("small-gridworld")
        var settings = ParameterSweep.Settings()
        settings.runs = 3
        settings.measure = .samplesToSharp
        let rows = try ParameterSweep.run(model: grid, methods: [Reinforce.info],
                                          axes: [.init(name: .prior, values: [0.9])], settings: settings)
        XCTAssertEqual(rows.map(\.mean), [0])
        XCTAssertEqual(rows.map(\.runs), [3])
        let td0 = try XCTUnwrap(Methods.named("td0"))
        XCTAssertThrowsError(try ParameterSweep.run(model: grid, methods: [td0], axes: [.init(name: .alpha, values: [0.1])], settings: settings)) {
            XCTAssertTrue("\($0)".contains("td0 is a prediction method: it learns no policy"), "\($0)")
        }
    }
}
