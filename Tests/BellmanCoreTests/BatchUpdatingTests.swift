import XCTest
@testable import BellmanCore

/// Batch updating (S&B §6.3, Figure 6.2): after each episode every step so far is presented
/// again until the values settle. Batch MC settles on the average return of each state; batch
/// TD(0) on the values for which the batch's TD errors cancel (the certainty-equivalence
/// estimate), and on the random walk it is the better of the two.
final class BatchUpdatingTests: XCTestCase {
    private struct Experience { var state: Int; var reward: Double; var next: Int }

    /// Runs `episodes` episodes and keeps every step the solver took.
    private func run(_ info: MethodInfo, alpha: Double, episodes: Int, seed: UInt64 = 3) throws -> (any Solver, [Experience], Model) {
        let model = try bundledModel("random-walk")
        var p = info.defaults(for: model.level)
        p.alpha = alpha
        p.batch = true
        p.seed = seed
        var solver = try info.make(model, p)
        var steps: [Experience] = []
        while solver.counters.episodes < episodes && !solver.isFinished {
            let tick = solver.tick()
            if let t = tick.transition { steps.append(Experience(state: t.state, reward: t.reward, next: t.ends ? -1 : t.next)) }
        }
        return (solver, steps, model)
    }

    func testBatchTDSettlesWhereTheBatchsTDErrorsCancel() throws {
        let alpha = 0.005
        let (solver, steps, model) = try run(TD0.info, alpha: alpha, episodes: 20)
        XCTAssertNil(solver.stopReason)
        let V = solver.stateValues
        var residual = [Double](repeating: 0, count: model.stateCount)
        for e in steps { residual[e.state] += e.reward + (e.next < 0 ? 0 : V[e.next]) - V[e.state] }
        for s in 0..<model.stateCount {
            // A pass changes V(s) by alpha x its summed TD errors; the last changed none by more than 1e-4.
            XCTAssertLessThanOrEqual(abs(alpha * residual[s]), BatchOutcome.tolerance * 1.0001, "state \(model.name(of: s))")
        }
        XCTAssertEqual(solver.counters.samples, steps.count, "samples count the real steps only")
        XCTAssertGreaterThan(solver.counters.backups, 20 * steps.count / 2, "backups count every increment of every pass")
    }

    func testBatchMCSettlesOnEachStatesAverageReturn() throws {
        let alpha = 0.02
        let (solver, steps, model) = try run(MCPrediction.info, alpha: alpha, episodes: 20)
        // gamma 1 and a reward only at the end: every visit's return is its episode's last reward.
        var sums = [Double](repeating: 0, count: model.stateCount), counts = [Double](repeating: 0, count: model.stateCount)
        var episode: [Int] = []
        for e in steps {
            episode.append(e.state)
            guard e.next < 0 else { continue }
            for s in episode { sums[s] += e.reward; counts[s] += 1 }  // every visit (the level's default)
            episode = []
        }
        for s in 0..<model.stateCount where counts[s] > 0 {
            XCTAssertEqual(solver.stateValues[s], sums[s] / counts[s], accuracy: BatchOutcome.tolerance / (alpha * counts[s]) * 1.0001,
                           "state \(model.name(of: s))")
        }
    }

    func testAStepTooLargeForTheBatchStopsWithTheReasonAndFiniteValues() throws {
        let (solver, _, _) = try run(TD0.info, alpha: 1, episodes: 1)
        var s = solver
        while !s.isFinished && s.counters.episodes < 200 { _ = s.tick() }
        XCTAssertTrue(s.isFinished)
        XCTAssertTrue(s.stopReason?.contains("diverged at alpha 1") == true, s.stopReason ?? "no reason")
        XCTAssertTrue(s.stateValues.allSatisfy(\.isFinite))
    }

    func testBatchMCNeedsAConstantStep() throws {
        let model = try bundledModel("random-walk")
        var p = MCPrediction.info.defaults(for: model.level)
        p.batch = true
        XCTAssertThrowsError(try MCPrediction.info.make(model, p)) { XCTAssertTrue("\($0)".contains("give --alpha")) }
    }

    /// Figure 6.2: over 100 episodes, batch TD's RMS error stays below batch MC's.
    func testFigure6_2BatchTDBelowBatchMC() throws {
        let model = try bundledModel("random-walk")
        var settings = LearningCurves.Settings()
        settings.runs = 20
        settings.episodes = 100
        settings.measure = .rms
        let series = [TD0.info, MCPrediction.info].map { info -> LearningCurves.Series in
            var p = info.defaults(for: model.level)
            p.alpha = 0.001
            p.batch = true
            return LearningCurves.Series(label: info.id, method: info, parameters: p)
        }
        let curves = try LearningCurves.run(model: model, series: series, settings: settings)
        for x in [25, 50, 100] {
            let td = try XCTUnwrap(curves[0].points[x - 1].mean), mc = try XCTUnwrap(curves[1].points[x - 1].mean)
            XCTAssertLessThan(td, mc, "episode \(x): batch TD \(td), batch MC \(mc)")
        }
    }
}
