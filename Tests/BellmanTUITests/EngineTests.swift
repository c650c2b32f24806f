import BellmanCore
@testable import BellmanTUI
import XCTest

/// The solver thread: commands in, snapshots out.
final class EngineTests: XCTestCase {
    func testRunsPausesAndStepsOnItsOwnThread() throws {
        let engine = SolverEngine()
        defer { engine.shutdown() }
        let model = Model(try LevelCatalog.load("cliff-walking"))
        var parameters = QLearning.info.defaults(for: model.level)
        parameters.seed = 5
        engine.send(.configure(model, QLearning.info, parameters))
        engine.send(.speed(nil))
        engine.send(.run)
        let running = waitFor(engine) { $0.counters.episodes >= 50 }
        XCTAssertGreaterThanOrEqual(running.counters.episodes, 50)
        XCTAssertTrue(running.running)
        engine.send(.pause)
        let paused = waitFor(engine) { $0.acknowledged == 4 && !$0.busy }
        XCTAssertFalse(paused.running)
        Thread.sleep(forTimeInterval: 0.05)
        XCTAssertEqual(engine.snapshot.counters.samples, paused.counters.samples, "paused means no ticks")
        engine.send(.step(.tick))
        let stepped = waitFor(engine) { $0.acknowledged == 5 && !$0.busy }
        XCTAssertEqual(stepped.counters.samples, paused.counters.samples + 1)
        XCTAssertFalse(stepped.errors.isEmpty, "an error curve against V*")
        XCTAssertEqual(stepped.progress.count, stepped.counters.episodes, "a return per episode")
    }

    /// The same seed gives the same learning in the playground as headless.
    func testPlaygroundLearnsExactlyAsHeadless() throws {
        let model = Model(try LevelCatalog.load("cliff-walking"))
        let parameters = Sarsa.info.defaults(for: model.level)
        var worker = EngineWorker()
        worker.apply(.configure(model, Sarsa.info, parameters))
        for _ in 0..<20 {
            worker.apply(.step(.episode))
            while worker.hasWork { _ = worker.advance() }
        }
        let headless = try Runner.run(model: model, method: Sarsa.info, parameters: parameters, budget: .episodes(20), truth: nil)
        let shown = worker.snapshot()
        XCTAssertEqual(shown.q, headless.actionValues)
        XCTAssertEqual(shown.counters, headless.counters)
    }

    func testSlowSpeedPacesTicks() throws {
        let engine = SolverEngine()
        defer { engine.shutdown() }
        let model = Model(try LevelCatalog.load("cliff-walking"))
        engine.send(.configure(model, TD0.info, TD0.info.defaults(for: model.level)))
        engine.send(.speed(20))
        engine.send(.run)
        Thread.sleep(forTimeInterval: 0.5)
        let ticks = engine.snapshot.counters.ticks
        XCTAssertGreaterThanOrEqual(ticks, 5)
        XCTAssertLessThanOrEqual(ticks, 16, "about 10 ticks in half a second at 20/s")
    }
}
