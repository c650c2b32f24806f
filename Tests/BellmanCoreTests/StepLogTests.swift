import XCTest
@testable import BellmanCore

/// One recorder of a step: the log written tick by tick (`record`, DP's walker) and the log a
/// kernel writes through its `Writer` keep the same tables by the same rules.
final class StepLogTests: XCTestCase {
    /// The counters after `ticks` ticks of a sample a tick.
    private static func counters(_ ticks: Int) -> Counters {
        var counters = Counters()
        (counters.ticks, counters.samples) = (ticks, ticks)
        return counters
    }

    func testTheObservedLogAndTheWritersKeepTheSameTables() {
        var rng = Xoshiro256(seed: 9)
        var events: [(state: Int, tdError: Double, ends: Bool)] = []
        // Episodes of every length around the trail's cap, so its older half goes often.
        for _ in 0..<40 {
            let length = 1 + rng.below(130)
            for t in 0..<length { events.append((rng.below(50), rng.unit() - 0.5, t == length - 1)) }
        }
        var observed = StepLog(states: 50, maxTrail: 64), written = observed
        for (i, e) in events.enumerated() {
            var tick = Tick()
            tick.transition = Transition(state: e.state, action: 0, reward: 0, next: 0, ends: e.ends)
            tick.update = Update(state: e.state, action: 0, old: 0, target: e.tdError, new: 0, stepSize: 1)
            if e.ends { tick.episodeEnd = EpisodeEnd(return_: Double(i), rewards: Double(i), steps: 1, cut: false) }
            observed.record(tick, counters: Self.counters(i + 1))
        }
        // The writer in runs of several lengths, as a kernel writes them between frames: the
        // trail's older half goes within a run and across runs.
        for part in [events[..<100], events[100..<101], events[101..<107], events[107..<1_000], events[1_000...]] {
            written.withWriter(room: part.count, firstTick: part.startIndex) { writer in
                var writer = writer
                for i in part.indices {
                    let e = events[i]
                    writer.visited(e.state, tick: i)
                    writer.updated(e.state, tdError: e.tdError)
                    if e.ends { writer.episodeEnded(EpisodeEnd(return_: Double(i), rewards: Double(i), steps: 1, cut: false), counters: Self.counters(i + 1)) }
                }
                return (writer, part.count)
            }
        }
        XCTAssertEqual(observed.visits, written.visits)
        XCTAssertEqual(observed.tdErrors.map(\.bitPattern), written.tdErrors.map(\.bitPattern))
        XCTAssertEqual(observed.trail, written.trail)
        var observedEnds: [Int] = [], writtenEnds: [Int] = []
        observed.takeEnds { _, ticks, _ in observedEnds.append(ticks) }
        written.takeEnds { _, ticks, _ in writtenEnds.append(ticks) }
        XCTAssertEqual(observedEnds, writtenEnds)
        XCTAssertEqual(observedEnds.count, events.filter(\.ends).count)
        XCTAssertEqual(observed.visits.reduce(0, +), Int32(events.count))
    }

    /// DP's walker keeps the trail's cap too (it used to append without one).
    func testTheWalkersTrailIsCapped() {
        var log = StepLog(states: 10, maxTrail: 100)
        for i in 0..<1_000 { log.walked(from: i % 10, ended: false) }
        XCTAssertLessThanOrEqual(log.trail.count, 100)
        XCTAssertGreaterThan(log.trail.count, 50)
        XCTAssertEqual(log.visits, Array(repeating: 100, count: 10))
        log.walked(from: 3, ended: true)
        XCTAssertEqual(log.trail, [])
        var ends = 0
        log.takeEnds { _, _, _ in ends += 1 }
        XCTAssertEqual(ends, 0, "a walk counts no episode")
    }
}
