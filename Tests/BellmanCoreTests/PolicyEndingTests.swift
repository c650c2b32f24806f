@testable import BellmanCore
import XCTest

/// A policy's values under gamma = 1 when it may never end (REINFORCE at gamma = 1 learns such
/// policies within two episodes): found on the graph of its moves, at once, before any sweep.
/// Where it loops for ever on rewards other than 0 its value is unbounded (NaN, and no truth);
/// where it loops on rewards of 0 its value is 0; elsewhere the exact values stand.
final class PolicyEndingTests: XCTestCase {
    /// pi(a | s) = 1 for one action everywhere (N, E, S, W: 3 is west).
    private func always(_ action: Int, _ model: Model) -> TargetPolicy {
        var p = [Double](repeating: 0, count: model.stateCount * model.actionCount)
        for s in 0..<model.stateCount { p[s * model.actionCount + action] = 1 }
        return TargetPolicy(file: "always.toml", actionCount: model.actionCount, probability: p)
    }

    func testAlwaysWestOnFigure41HasValuesOnlyOnTheTopRow() throws {
        let model = Model(try LevelCatalog.load("small-gridworld"))
        let west = always(3, model)
        let v = Truth.values(of: west, on: model, gamma: 1)
        // The top row walks into the grey corner; every other row walks into the west wall
        // and bumps there for ever at -1 a step.
        XCTAssertEqual(Array(v[0..<4]), [0, -1, -2, -3])
        for s in 4..<15 { XCTAssertTrue(v[s].isNaN, "state \(s): \(v[s])") }
        XCTAssertEqual(v[15], 0, "the other grey corner")
        let truth = Truth.solve(model, gamma: 1, kind: .policy(west))
        XCTAssertNil(truth.values)
        XCTAssertEqual(truth.note, "with gamma = 1 the policy in always.toml can go on for ever from cell r1c0 with rewards other than 0, so its return is unbounded there")
        // Discounted, every value is finite: -1 / (1 - gamma) against the wall.
        let discounted = Truth.values(of: west, on: model, gamma: 0.5)
        XCTAssertEqual(discounted[4], -2, accuracy: 1e-12)
        XCTAssertEqual(discounted[7], -1 - 0.5 - 0.25 - 0.125 * 2, accuracy: 1e-12)
    }

    func testALoopOnRewardsOfZeroIsWorthZero() throws {
        let source = "name = \"corridor\"\ngamma = 1\nstep_reward = 0\nmap = \"\"\"\nS..G\n\"\"\"\n[legend]\nG = { kind = \"goal\", reward = 1 }\n"
        let model = Model(try LevelParser.parse(source: source, file: "c.toml", id: "c"))
        let west = Truth.solve(model, gamma: 1, kind: .policy(always(3, model)))
        XCTAssertNil(west.note)
        XCTAssertEqual(west.values, [0, 0, 0, 0])
        let east = Truth.solve(model, gamma: 1, kind: .policy(always(1, model)))
        XCTAssertEqual(east.values, [1, 1, 1, 0])
    }

    func testTheRandomPolicysTruthIsUnchanged() throws {
        // Figure 4.1's k = infinity column, as printed (one decimal).
        let model = Model(try LevelCatalog.load("small-gridworld"))
        let truth = Truth.solve(model, gamma: 1, kind: .randomPolicy)
        XCTAssertNil(truth.note)
        let printed: [Double] = [0, -14, -20, -22, -14, -18, -20, -20, -20, -20, -18, -14, -22, -20, -14, 0]
        for (v, p) in zip(truth.values ?? [], printed) { XCTAssertEqual(v, p, accuracy: 0.05) }
    }

    /// REINFORCE at gamma = 1 on the windy gridworld: two episodes cut at the cap turn its
    /// policy to zeros and ones that never reach the goal. V^pi says so at once (it took tens
    /// of seconds of sweeps before, with the playground's solver thread waiting on it).
    func testReinforceAtGammaOneOnWindyGridworld() throws {
        let model = Model(try LevelCatalog.load("windy-gridworld"))
        var parameters = Reinforce.info.defaults(for: model.level)
        parameters.gamma = 1
        var solver = try Reinforce.info.make(model, parameters)
        solver.run(ticks: 20_000)
        XCTAssertEqual(solver.counters.episodesCut, 2)
        let v = solver.stateValues
        XCTAssertEqual(v.count, model.stateCount)
        XCTAssertTrue(v.contains { $0.isNaN }, "some states never end")
        for s in 0..<model.stateCount where model.isTerminal[s] { XCTAssertEqual(v[s], 0) }
    }

    /// `bellman run`'s report says so, and gives no RMS error in place of `nan`.
    func testTheRunReportCountsTheUnboundedStates() throws {
        let model = Model(try LevelCatalog.load("windy-gridworld"))
        var parameters = Reinforce.info.defaults(for: model.level)
        parameters.gamma = 1
        let truth = TruthCache.shared.truth(for: model, gamma: 1, kind: .optimal)
        let result = try Runner.run(model: model, method: Reinforce.info, parameters: parameters, budget: .episodes(2), truth: truth)
        XCTAssertNil(result.rms)
        let unbounded = (0..<model.stateCount).filter { result.stateValues[$0].isNaN }.count
        XCTAssertGreaterThan(unbounded, 0)
        XCTAssertTrue(result.notes.contains("V is unbounded at \(unbounded) of 69 states (printed nan, null in the JSON): with gamma = 1 the learned policy can go on for ever from them with rewards other than 0; no RMS error is given"), "\(result.notes)")
        XCTAssertFalse(RunReport.text(result).contains("RMS error vs"))
    }

    /// `bellman curve --measure rms` says why its cells read nan.
    func testTheCurveReportSaysWhyItsErrorIsNaN() throws {
        let model = Model(try LevelCatalog.load("windy-gridworld"))
        var settings = LearningCurves.Settings()
        settings.runs = 2
        settings.episodes = 3
        settings.measure = .rms
        var parameters = Reinforce.info.defaults(for: model.level)
        parameters.gamma = 1
        let curves = try LearningCurves.run(model: model, series: [.init(label: "reinforce", method: Reinforce.info, parameters: parameters)], settings: settings)
        XCTAssertTrue(curves[0].points.allSatisfy { $0.mean?.isNaN == true }, "\(curves[0].points)")
        let text = CurveReport.text(level: model.level, curves: curves, settings: settings, tableEvery: 1)
        XCTAssertTrue(text.contains("nan: a run's values were not finite there; with gamma = 1 a learned policy can loop for ever"), text)
    }

    /// The random policy's truth (TD prediction's reference) where a pocket of the level
    /// reaches no goal: no truth, and the note says which policy and where, at once.
    func testTheRandomPolicyInAPocketHasNoTruth() throws {
        let source = "name = \"pocket\"\ngamma = 1\nstep_reward = -1\nmap = \"\"\"\nS.#G\n...#\n\"\"\"\n"
        let model = Model(try LevelParser.parse(source: source, file: "p.toml", id: "p"))
        let truth = Truth.solve(model, gamma: 1, kind: .randomPolicy)
        XCTAssertNil(truth.values)
        XCTAssertEqual(truth.note, "with gamma = 1 the random policy can go on for ever from cell r0c0 with rewards other than 0, so its return is unbounded there")
        XCTAssertNotNil(Truth.solve(model, gamma: 0.9, kind: .randomPolicy).values)
    }
}
