import BellmanCore
@testable import BellmanTUI
import XCTest

/// Rewind: back N ticks and forward N again gives the same tables, counters and last update,
/// for every kind of solver state (traces, episode memory, Dyna's model, DP sweeps).
final class RewindTests: XCTestCase {
    func worker(_ level: String, _ method: MethodInfo) throws -> EngineWorker {
        let model = Model(try LevelCatalog.load(level))
        var worker = EngineWorker()
        worker.apply(.configure(model, method, method.defaults(for: model.level)))
        return worker
    }

    func step(_ worker: inout EngineWorker, _ size: StepSize, times: Int = 1) {
        for _ in 0..<times {
            worker.apply(.step(size))
            finishWork(&worker)
        }
    }

    func assertSame(_ a: Snapshot, _ b: Snapshot, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.values, b.values, message, file: file, line: line)
        XCTAssertEqual(a.q, b.q, message, file: file, line: line)
        XCTAssertEqual(a.counters, b.counters, message, file: file, line: line)
        XCTAssertEqual(a.visits, b.visits, message, file: file, line: line)
        XCTAssertEqual(a.agent, b.agent, message, file: file, line: line)
        XCTAssertEqual(a.lastTick?.update?.new, b.lastTick?.update?.new, message, file: file, line: line)
        XCTAssertEqual(a.lastTick?.transition?.next, b.lastTick?.transition?.next, message, file: file, line: line)
    }

    func testForwardBackForwardIsIdentical() throws {
        let cases: [(String, MethodInfo, Int)] = [
            ("cliff-walking", QLearning.info, 300), ("cliff-walking", SarsaLambda.info, 300), ("dyna-maze", DynaQ.info, 200),
            ("cliff-walking", MCControl.info, 400), ("windy-gridworld", NStepSarsa.info, 300), ("random-walk-19", TDLambda.info, 300),
            ("small-gridworld", ValueIteration.info, 40), ("gridworld-3-2", PolicyIteration.info, 60),
        ]
        for (level, method, n) in cases {
            var w = try worker(level, method)
            step(&w, .tick, times: 7)
            let early = w.snapshot()
            step(&w, .tick, times: n)
            let late = w.snapshot()
            // Back all the way, one tick at a time, then forward again.
            for _ in 0..<n { w.apply(.back(.tick)) }
            assertSame(w.snapshot(), early, "\(method.id) on \(level): back \(n) ticks")
            step(&w, .tick, times: n)
            assertSame(w.snapshot(), late, "\(method.id) on \(level): forward \(n) ticks again")
            awaitTruth(&w)
            w.apply(.back(.tick))
            XCTAssertNotNil(w.snapshot().rms, "\(method.id): the error against the truth after a rewind")
            step(&w, .tick, times: 1)
            // And a big jump back, replayed from a checkpoint in one go.
            w.apply(.back(.samples(n)))
            assertSame(w.snapshot(), early, "\(method.id) on \(level): back \(n) at once")
        }
    }

    func testBackOneEpisodeGoesToItsStartAndRunningKeepsHistory() throws {
        var w = try worker("cliff-walking", Sarsa.info)
        step(&w, .episode, times: 3)
        let third = w.snapshot()
        w.apply(.back(.episode))
        let second = w.snapshot()
        XCTAssertEqual(second.counters.episodes, 2)
        XCTAssertLessThan(second.counters.ticks, third.counters.ticks)
        XCTAssertEqual(second.lastTick?.episodeEnd != nil, true, "at the end of episode 2")
        step(&w, .episode)
        assertSame(w.snapshot(), third, "the same third episode")
        XCTAssertEqual(w.snapshot().historyHead, third.counters.ticks)

        // Running flat out keeps checkpoints too (at most ten a second), so a jump back works.
        w.apply(.speed(nil))
        w.apply(.run)
        let deadline = Date().addingTimeInterval(0.5)
        while Date() < deadline { _ = w.advance() }
        w.apply(.pause)
        let ran = w.snapshot()
        w.apply(.back(.samples(1_000)))
        XCTAssertEqual(w.snapshot().counters.ticks, ran.counters.ticks - 1_000)
        XCTAssertEqual(w.snapshot().historyHead, ran.counters.ticks)
        step(&w, .samples(ran.counters.samples))
        XCTAssertEqual(w.snapshot().q, ran.q, "forward again to the same place")
    }

    func testHistoryStaysWithinItsBudgetDroppingTheOldest() {
        var history = History(budget: 10_000)
        for ticks in stride(from: 0, to: 100, by: 10) { history.keep([], at: ticks, bytes: 3_000) }
        XCTAssertLessThanOrEqual(history.bytes, 10_000)
        XCTAssertTrue(history.dropped)
        XCTAssertEqual(history.oldest, 70)
        XCTAssertNil(history.checkpoint(atOrBefore: 50), "older than what is held")
        XCTAssertEqual(history.checkpoint(atOrBefore: 85)?.ticks, 80)
        history.forget(after: 75)
        XCTAssertEqual(history.checkpoints.map(\.ticks), [70])
    }
}

extension RewindTests {
    /// The playground's session (from its snapshot) restores headless to the same tables, and
    /// the worker's replay of a session reaches the same snapshot, parameter changes included.
    func testSessionsFromThePlaygroundRestoreExactly() throws {
        let level = try LevelCatalog.load("cliff-walking")
        var w = try worker("cliff-walking", QLearning.info)
        step(&w, .episode, times: 3)
        var p = QLearning.info.defaults(for: level)
        p.alpha = 0.2
        w.apply(.parameters(p))
        step(&w, .episode, times: 2)
        let shown = w.snapshot()
        XCTAssertEqual(shown.parameterChanges.count, 1)
        let session = Session(levelID: "cliff-walking", file: "levels/cliff-walking.toml",
                              source: try String(contentsOf: LevelCatalog.url(ofBundled: "cliff-walking")!, encoding: .utf8),
                              method: "q-learning", initial: try XCTUnwrap(shown.initialParameters), changes: shown.parameterChanges,
                              counters: shown.counters, values: shown.values, q: shown.q)
        let restored = try session.restore(file: "s.json").solver
        XCTAssertEqual(restored.actionValues, shown.q)

        var loaded = EngineWorker()
        loaded.apply(.configure(Model(level), QLearning.info, session.initialParameters))
        loaded.apply(.replay(session.replayOrder, worlds: [], ticks: session.ticks))
        assertSame(loaded.snapshot(), shown, "replayed in the playground")
        XCTAssertEqual(loaded.snapshot().parameters?.alpha, 0.2)
    }
}

extension RewindTests {
    /// Running flat out ends episodes by the million: the episode ends kept for `E` are bounded.
    func testEpisodeEndsKeptForRewindAreBounded() {
        var history = History()
        for t in 0..<(History.maxBoundaries * 3) { history.noteBoundary(at: t * 13) }
        XCTAssertLessThanOrEqual(history.boundaries.count, History.maxBoundaries)
        XCTAssertEqual(history.boundary(before: History.maxBoundaries * 3 * 13), (History.maxBoundaries * 3 - 1) * 13)
    }
}
