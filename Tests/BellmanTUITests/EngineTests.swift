import BellmanCore
@testable import BellmanTUI
import BellmanTestSupport
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
            finishWork(&worker)
        }
        let headless = try Runner.run(model: model, method: Sarsa.info, parameters: parameters, budget: .episodes(20), truth: nil)
        let shown = worker.snapshot()
        XCTAssertEqual(shown.q, headless.actionValues)
        XCTAssertEqual(shown.counters, headless.counters)
    }

    /// Pacing on a hand-set clock: at 20 ticks a second a tick is due every 50 ms, never
    /// sooner; the rate the panel shows is the one reached.
    func testSlowSpeedPacesTicksOnTheClock() throws {
        let clock = ManualClock()
        var worker = EngineWorker(clock: clock)
        let model = Model(try LevelCatalog.load("cliff-walking"))
        worker.apply(.configure(model, TD0.info, TD0.info.defaults(for: model.level)))
        worker.apply(.speed(20))
        worker.apply(.run)
        XCTAssertEqual(worker.advance() ?? -1, 0.05, accuracy: 1e-9, "one tick, then wait 50 ms")
        XCTAssertEqual(worker.samples, 1)
        XCTAssertEqual(worker.advance() ?? -1, 0.05, accuracy: 1e-9, "not due yet: wait, no tick")
        XCTAssertEqual(worker.samples, 1)
        for _ in 0..<40 {
            clock.advance(seconds: 0.025)
            _ = worker.advance()
        }
        XCTAssertEqual(worker.samples, 21, "a second at 20/s: 20 more ticks")
        XCTAssertEqual(worker.snapshot().ticksPerSecond, 20, accuracy: 1.5)
        worker.apply(.pause)
        clock.advance(seconds: 10)
        XCTAssertNil(worker.advance())
        XCTAssertEqual(worker.samples, 21, "paused means no ticks")
    }

    /// Fast rates run a sixtieth of a second's ticks per slice, then wait what they are worth.
    func testFastSpeedRunsSlicesAndWaitsWhatTheyAreWorth() throws {
        let clock = ManualClock()
        var worker = EngineWorker(clock: clock)
        let model = Model(try LevelCatalog.load("cliff-walking"))
        worker.apply(.configure(model, QLearning.info, QLearning.info.defaults(for: model.level)))
        worker.apply(.speed(6_000))
        worker.apply(.run)
        let wait = worker.advance()
        XCTAssertEqual(worker.snapshot().counters.ticks, 100, "6,000/s: slices of 100 ticks")
        XCTAssertEqual(wait ?? -1, 100.0 / 6_000, accuracy: 1e-9, "worth 1/60 s on a clock that did not move")
        XCTAssertTrue(worker.shouldPublish == false || worker.isDirty, "fast: published at most 30 times a second")
        _ = worker.snapshot()
        _ = worker.advance()
        XCTAssertFalse(worker.shouldPublish, "within 1/30 s of the last publication")
        clock.advance(seconds: 0.04)
        _ = worker.advance()
        XCTAssertTrue(worker.shouldPublish)
        // Stepping ignores the rate: a whole episode at once.
        worker.apply(.step(.episode))
        let episodes = worker.snapshot().counters.episodes
        repeatWhile({ worker.hasWork }) { XCTAssertNil(worker.advance()) }
        XCTAssertEqual(worker.snapshot().counters.episodes, episodes + 1)
    }
}

extension EngineTests {
    /// Compare mode follows the one method's rules: parameters, physics, and rewinding (by
    /// rounds) reach every compared method.
    func testCompareModeRewindsByRounds() throws {
        let model = Model(try LevelCatalog.load("cliff-walking"))
        let entries = [ValueIteration.info, Sarsa.info, QLearning.info].map { CompareEntry(method: $0, parameters: $0.defaults(for: model.level)) }
        var worker = comparing(model, entries, rate: 3_000)
        func round() {
            worker.apply(.step(.tick))
            finishWork(&worker)
        }
        for _ in 0..<4 { round() }
        let four = worker.snapshot()
        round()
        XCTAssertEqual(worker.snapshot().compared.map(\.counters.samples), [0, 500, 500])
        worker.apply(.back(.tick))
        let back = worker.snapshot()
        XCTAssertEqual(back.compared.map(\.counters), four.compared.map(\.counters), "back one round")
        XCTAssertEqual(back.compared.map(\.q), four.compared.map(\.q))
        XCTAssertEqual(back.historyHead, 500)
        round()
        worker.apply(.back(.episode))
        XCTAssertEqual(worker.snapshot().compared.map(\.values), four.compared.map(\.values), "the same round again, exactly")
        for _ in 0..<10 { worker.apply(.back(.tick)) }
        XCTAssertEqual(worker.snapshot().compared.map(\.counters.samples), [0, 0, 0], "back to the start, and no further")
    }
}
