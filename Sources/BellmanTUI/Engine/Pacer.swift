import BellmanCore
import Dispatch

/// Where the solver thread reads the time, in nanoseconds of a monotonic clock: the system's,
/// or a test's hand-set one (so pacing is tested without sleeping).
protocol EngineClock: Sendable {
    func now() -> UInt64
}

/// The system's monotonic clock.
struct SystemClock: EngineClock {
    func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}

/// A clock that moves only when told to.
final class ManualClock: EngineClock {
    private let time = Locked<UInt64>(1_000_000_000)
    func now() -> UInt64 { time.withLock { $0 } }
    func advance(seconds: Double) { time.withLock { $0 += UInt64(seconds * 1e9) } }
}

/// Keeps ticks to the asked rate, says how large a slice of work is, measures the rate
/// actually reached and decides when a frame's worth of change is worth publishing.
///
/// At 60 ticks a second or less a tick is one slice, taken at its time; faster, a slice is a
/// sixtieth of a second's worth of ticks (as many as fit in 15 ms when flat out), followed by
/// the wait that keeps the average to the rate.
struct Pacer {
    /// Ticks per second; `nil` is as fast as possible.
    private(set) var ticksPerSecond: Double? = AppState.speeds[AppState.defaultSpeedIndex]
    /// The ticks per second reached over the last half second of running.
    private(set) var measuredRate: Double = 0
    private var nextTickTime: UInt64 = 0
    private var windowStart: UInt64 = 0
    private var windowTicks = 0
    private var lastPublish: UInt64 = 0

    /// A slice of work: at most `budget` ticks, stopping at `deadline`.
    struct Slice: Equatable {
        var budget: Int
        var deadline: UInt64
    }

    static let sliceNanoseconds: UInt64 = 15_000_000
    static let framesPerSecond = 30.0

    /// Slow enough to watch tick by tick (and to publish every tick).
    var isWatched: Bool { (ticksPerSecond ?? .infinity) <= 60 }

    mutating func setRate(_ rate: Double?, at now: UInt64) {
        ticksPerSecond = rate
        nextTickTime = now
    }

    /// Running starts (again) now: the rate window is measured from here.
    mutating func start(at now: UInt64) {
        nextTickTime = now
        windowStart = now
        windowTicks = 0
        measuredRate = 0
    }

    /// The rewound present is not a run: no rate until running again.
    mutating func forgetRate() { measuredRate = 0 }

    /// The slice to run now while running, or `nil` when the next tick's time has not come
    /// (`wait(at:)` says how long).
    func slice(at now: UInt64) -> Slice? {
        guard let rate = ticksPerSecond else { return Slice(budget: .max, deadline: now + Self.sliceNanoseconds) }
        if rate <= 60 { return now >= nextTickTime ? Slice(budget: 1, deadline: .max) : nil }
        return Slice(budget: max(1, Int(rate / 60)), deadline: now + Self.sliceNanoseconds)
    }

    /// A step asked for while paused (`budget` ticks at most: 1 for a tick, unbounded for an
    /// episode or a sweep) runs in slices of 15 ms, whatever the rate.
    func stepSlice(budget: Int, at now: UInt64) -> Slice { Slice(budget: budget, deadline: now + Self.sliceNanoseconds) }

    /// Seconds until the next tick is due.
    func wait(at now: UInt64) -> Double { nextTickTime > now ? Double(nextTickTime - now) / 1e9 : 0 }

    /// `done` ticks of a running slice that started at `start` are over at `now`: returns how
    /// long to wait before the next slice (nil: at once).
    mutating func ran(_ done: Int, started start: UInt64, now: UInt64) -> Double? {
        count(done, startedAt: start)
        guard let rate = ticksPerSecond else { return nil }
        if rate <= 60 {
            nextTickTime = max(nextTickTime + UInt64(1e9 / rate), start)
            return Double(nextTickTime > now ? nextTickTime - now : 0) / 1e9
        }
        // This slice's ticks are worth done/rate seconds.
        let due = start + UInt64(Double(done) / rate * 1e9)
        return due > now ? Double(due - now) / 1e9 : nil
    }

    /// Counts the ticks of a slice that started at `start` into the half-second rate window.
    /// The window closes at a slice's start, before its ticks are counted: it then holds
    /// whole slices only (counting the closing one would count a tick more than it spans).
    private mutating func count(_ ticks: Int, startedAt start: UInt64) {
        let elapsed = start &- windowStart
        if elapsed > 500_000_000 {
            measuredRate = Double(windowTicks) / (Double(elapsed) / 1e9)
            windowStart = start
            windowTicks = 0
        }
        windowTicks += ticks
    }

    /// Publish a changed state now: after every tick when watched or stepping, at most 30
    /// times a second when fast.
    func shouldPublish(at now: UInt64, fast: Bool) -> Bool {
        !fast || isWatched || now - lastPublish > UInt64(1e9 / Self.framesPerSecond)
    }

    mutating func published(at now: UInt64) { lastPublish = now }
}
