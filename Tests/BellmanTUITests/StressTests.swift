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
            if i % 750 == 749 {
                // A breath between the storms: the solver runs between the changes. Waited
                // for, not sampled (how far it gets in a sampled instant depends on the
                // machine: on a busy one, nothing).
                method = QLearning.info
                parameters = method.defaults(for: model.level)
                engine.send(.configure(model, method, parameters))
                engine.send(.speed(nil))
                engine.send(.run)
                sent += 3
                let ran = waitFor(engine, timeout: 60) { $0.acknowledged == sent && $0.counters.ticks > 0 }
                XCTAssertEqual(ran.acknowledged, sent, "the commands before the breath handled (command \(i))")
                XCTAssertGreaterThan(ran.counters.ticks, 0, "the solver ran between the changes (command \(i))")
            }
            if i % 25 == 0 {
                // The UI side: take the latest snapshot and draw a frame with it.
                let snapshot = engine.snapshot
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
        // And after thousands of changes it still runs flat out: 1,000 ticks, waited for.
        engine.send(.configure(levels[0], QLearning.info, QLearning.info.defaults(for: levels[0].level)))
        engine.send(.speed(nil))
        engine.send(.run)
        let ran = waitFor(engine, timeout: 60) { $0.acknowledged == sent + 4 && $0.counters.ticks > 1_000 }
        XCTAssertGreaterThan(ran.counters.ticks, 1_000, "the solver runs after the storm")
    }
}

extension StressTests {
    /// A poor policy on the 31x31 maze with gamma = 1 could wander for ever: an episode step
    /// ends at the cap, the panel counts the cut and the explain box says so.
    func testLongEpisodesEndAtTheCapWithAVisibleNote() throws {
        var state = try appState("maze-31")
        _ = update(&state, .input(.key(.character("2"))))  // Monte Carlo: learns only at episode ends
        var parameters = state.parameters
        parameters.gamma = 1
        var worker = EngineWorker()
        worker.apply(.configure(state.model, state.method, parameters))
        worker.apply(.step(.episode))
        var advances = 0
        while worker.hasWork && advances < 100_000 { _ = worker.advance(); advances += 1 }
        XCTAssertFalse(worker.hasWork, "the episode step finished")
        let snapshot = worker.snapshot()
        XCTAssertEqual(snapshot.counters.episodes, 1, "\(snapshot.counters)")
        XCTAssertEqual(snapshot.counters.episodesCut, 1, "the first episode of a blind walk through the maze is cut")
        XCTAssertEqual(snapshot.counters.samples, state.model.episodeCap)
        _ = update(&state, .snapshot(snapshot))
        let screen = Screen.render(state).text
        XCTAssertTrue(screen.contains("cut at the step cap"), "no note of the cut on screen")
        XCTAssertNotNil(screen.range(of: "cut at cap +1\\b", options: .regularExpression), "no count of cut episodes on screen")
        XCTAssertNotNil(screen.range(of: "last Σ rewards +-5000.00", options: .regularExpression), "the panel's label stays whole")
    }
}
