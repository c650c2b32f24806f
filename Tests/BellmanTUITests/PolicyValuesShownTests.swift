import XCTest
@testable import BellmanCore
@testable import BellmanTUI

/// A learned policy's V^pi on screen (DESIGN §13): exact and current when paused or stepping;
/// while running free, evaluated again only once nineteen times its cost has passed, and the
/// snapshot says from which sample count.
final class PolicyValuesShownTests: XCTestCase {
    /// A clock that moves a fixed step at every reading: each evaluation "costs" one step.
    final class TickingClock: EngineClock {
        private let time = Locked<UInt64>(1_000)
        func now() -> UInt64 { time.withLock { $0 += 10; return $0 } }
        func advance(_ nanoseconds: UInt64) { time.withLock { $0 += nanoseconds } }
    }

    func testRunningFreeReusesTheLastEvaluationAndSaysFromWhen() throws {
        let model = Model(try LevelCatalog.load("small-gridworld"))
        var state = LearningState(model: model, method: Reinforce.info, parameters: Reinforce.info.defaults(for: model.level))
        let clock = TickingClock()
        _ = state.run(budget: 500, until: nil, deadline: .max, clock: clock)
        state.refreshShownValues(runningFree: true, clock: clock)
        let first = state.snapshot(truth: TruthTracker())
        XCTAssertNil(first.valuesAtSamples, "just evaluated: current")
        let evaluatedAt = state.samples
        XCTAssertEqual(first.values.map(\.bitPattern), try XCTUnwrap(state.solver).stateValues.map(\.bitPattern))

        _ = state.run(budget: 500, until: nil, deadline: .max, clock: clock)
        state.refreshShownValues(runningFree: true, clock: clock)
        let lagging = state.snapshot(truth: TruthTracker())
        XCTAssertEqual(lagging.valuesAtSamples, evaluatedAt, "too soon to evaluate again: the earlier V^pi, said so")
        XCTAssertEqual(lagging.values, first.values)

        clock.advance(1_000)
        state.refreshShownValues(runningFree: true, clock: clock)
        let again = state.snapshot(truth: TruthTracker())
        XCTAssertNil(again.valuesAtSamples, "nineteen times the cost has passed: evaluated again")
        XCTAssertEqual(again.values.map(\.bitPattern), try XCTUnwrap(state.solver).stateValues.map(\.bitPattern))

        _ = state.run(budget: 500, until: nil, deadline: .max, clock: clock)
        state.refreshShownValues(runningFree: false, clock: clock)
        let paused = state.snapshot(truth: TruthTracker())
        XCTAssertNil(paused.valuesAtSamples)
        XCTAssertEqual(paused.values.map(\.bitPattern), try XCTUnwrap(state.solver).stateValues.map(\.bitPattern), "paused: V^pi afresh")
    }

    /// A method that shows its own estimate (Q-learning's max Q, actor-critic's v) is never
    /// held back.
    func testOtherMethodsShowTheirOwnValues() throws {
        let model = Model(try LevelCatalog.load("small-gridworld"))
        for method in [QLearning.info, ActorCritic.info] {
            var state = LearningState(model: model, method: method, parameters: method.defaults(for: model.level))
            let clock = TickingClock()
            _ = state.run(budget: 300, until: nil, deadline: .max, clock: clock)
            state.refreshShownValues(runningFree: true, clock: clock)
            _ = state.run(budget: 300, until: nil, deadline: .max, clock: clock)
            state.refreshShownValues(runningFree: true, clock: clock)
            let shown = state.snapshot(truth: TruthTracker())
            XCTAssertNil(shown.valuesAtSamples, method.id)
            XCTAssertEqual(shown.values.map(\.bitPattern), try XCTUnwrap(state.solver).stateValues.map(\.bitPattern), method.id)
        }
    }
}

extension PolicyValuesShownTests {
    /// REINFORCE at gamma = 1 on the windy gridworld loops for ever after two cut episodes:
    /// the panel gives no error, says where V^pi is unbounded and why, and the inspector's
    /// cell says "unbounded" where it would say nan.
    func testUnboundedValuesAreSaidSo() throws {
        var state = try appState("windy-gridworld")
        _ = update(&state, .input(.key(.character("4"))))
        XCTAssertEqual(state.method.id, Reinforce.info.id)
        XCTAssertEqual(state.parameters.gamma, 1)
        _ = update(&state, .snapshot(snapshot(of: state, after: [.samples(20_000)])))
        let canvas = Screen.render(state), screen = canvas.text
        // No value, no colour: an unbounded cell is not drawn as the scale's low end, and the
        // legend has no range to show.
        let layout = Layout(state)
        let start = canvas[layout.gridOrigin.x + 1, layout.gridOrigin.y + 3 * layout.cellHeight]
        XCTAssertEqual(start.style.background, .default)
        XCTAssertTrue(screen.contains("V none finite"), screen)
        XCTAssertNotNil(screen.range(of: "RMS Vπ vs V\\* +none", options: .regularExpression), screen)
        XCTAssertNotNil(screen.range(of: "Vπ unbounded at [0-9]+ of 69 cells:", options: .regularExpression), screen)
        XCTAssertTrue(screen.contains("γ = 1: π may loop for ever"), screen)
        XCTAssertTrue(screen.contains("V unbounded   visits"), screen)
        XCTAssertTrue(screen.contains("samples   last none"), screen)
        XCTAssertFalse(screen.contains("nan"), screen)
    }
}
