import BellmanCore
@testable import BellmanTUI
import XCTest

/// The solver thread under a student mashing keys: thousands of method, level, parameter,
/// speed and step changes while it runs at full speed, with the UI side reading snapshots and
/// drawing screens all the while. Run under `swift test --sanitize=thread` by .ci/run.
final class StressTests: XCTestCase {
    func testThousandsOfChangesWhileRunningAtFullSpeed() throws {
        let levels = try ["cliff-walking", "maze-31", "frozenlake-8x8", "windy-gridworld", "random-walk-19"].map { Model(try LevelCatalog.load($0)) }
        let engine = SolverEngine()
        defer { engine.shutdown() }
        var rng = Xoshiro256(seed: 7)
        var state = try appState("cliff-walking")
        var model = levels[0]
        var method = QLearning.info
        var parameters = method.defaults(for: model.level)
        engine.send(.configure(model, method, parameters))
        engine.send(.speed(nil))
        engine.send(.run)
        var sent = 3
        var busiest = 0
        let commands = 3_000
        for i in 0..<commands {
            switch rng.below(10) {
            case 0:
                model = levels[rng.below(levels.count)]
                method = Methods.all[rng.below(Methods.all.count)]
                parameters = method.defaults(for: model.level)
                // gamma = 1 is refused for DP and MC on some levels: the engine must say so, not fail.
                engine.send(.configure(model, method, parameters))
            case 1:
                method = Methods.all[rng.below(Methods.all.count)]
                parameters = method.defaults(for: model.level)
                engine.send(.configure(model, method, parameters))
            case 2:
                parameters.alpha = 0.01 + rng.unit() * 0.99
                parameters.epsilon = rng.unit()
                parameters.lambda = rng.unit()
                engine.send(.parameters(parameters))
            case 3: engine.send(.speed([1, 60, 1_000, 100_000, nil][rng.below(5)]))
            case 4: engine.send(.pause)
            case 5: engine.send(.step([.tick, .episode, .sweep, .samples(1_000)][rng.below(4)]))
            case 6:
                let entries = Methods.all.shuffled(using: &rng).prefix(2 + rng.below(3)).map {
                    CompareEntry(method: $0, parameters: $0.defaults(for: model.level))
                }
                engine.send(.compare(model, entries))
            default: engine.send(.run)
            }
            sent += 1
            // Let the solver run between key presses (about 2,000 presses a second).
            Thread.sleep(forTimeInterval: 0.0005)
            if i % 25 == 0 {
                // The UI side: take the latest snapshot and draw a frame with it.
                let snapshot = engine.snapshot
                busiest = max(busiest, snapshot.counters.ticks)
                if snapshot.values.count == state.model.stateCount { _ = update(&state, .snapshot(snapshot)) }
                _ = Screen.render(state)
            }
        }
        let settled = waitFor(engine, timeout: 60) { $0.acknowledged == sent }
        XCTAssertEqual(settled.acknowledged, sent, "every command handled")
        engine.send(.pause)
        let paused = waitFor(engine, timeout: 60) { $0.acknowledged == sent + 1 && !$0.busy }
        XCTAssertFalse(paused.running)
        XCTAssertTrue(paused.values.allSatisfy(\.isFinite), "values stay numbers")
        XCTAssertGreaterThan(busiest, 1_000, "the solver ran between the changes")
    }

    private func waitFor(_ engine: SolverEngine, timeout: Double, _ condition: (Snapshot) -> Bool) -> Snapshot {
        let deadline = Date().addingTimeInterval(timeout)
        var snapshot = engine.snapshot
        while !condition(snapshot) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.002)
            snapshot = engine.snapshot
        }
        return snapshot
    }
}
