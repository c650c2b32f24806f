/// What a screen keeps of every step a method takes: the visits per state, the last TD error
/// per state, the states of the episode under way, and the episodes that ended. One recorder
/// for both of the playground's paths: a tick observed one at a time is recorded here
/// (`record`), and a kernel running free writes the same tables through a `Writer`, by the
/// same rules (see `StepRecorder`).
public struct StepLog: Sendable {
    /// Steps taken from each state.
    public var visits: [Int32]
    /// Per state, target - old of its last update (NaN before its first).
    public var tdErrors: [Double]
    /// The states the episode under way was in, oldest first; when it reaches `maxTrail`
    /// the older half goes.
    public var trail: [Int32] = []
    public let maxTrail: Int
    /// The episodes that ended and are not yet taken (`takeEnds`), in order, each with the
    /// ticks and samples counted just after.
    public private(set) var ends: [(end: EpisodeEnd, ticks: Int, samples: Int)] = []

    /// An empty log of `states` states.
    public init(states: Int, maxTrail: Int) {
        visits = Array(repeating: 0, count: states)
        tdErrors = Array(repeating: .nan, count: states)
        self.maxTrail = maxTrail
    }

    /// Calls `body` with each episode end recorded since the last call, in order, and
    /// forgets them (keeping the room: a kernel running free ends hundreds of thousands of
    /// episodes a second).
    public mutating func takeEnds(_ body: (_ end: EpisodeEnd, _ ticks: Int, _ samples: Int) -> Void) {
        for (end, ticks, samples) in ends { body(end, ticks, samples) }
        ends.removeAll(keepingCapacity: true)
    }

    /// The log of an edited map (see `StateMap`): a kept state keeps its counts and TD error;
    /// the trail belonged to the old map's states and goes.
    public func carried(to states: Int, from old: (Int) -> Int?) -> StepLog {
        var log = StepLog(states: states, maxTrail: maxTrail)
        for s in 0..<states {
            guard let o = old(s) else { continue }
            log.visits[s] = visits[o]
            log.tdErrors[s] = tdErrors[o]
        }
        return log
    }

    /// The log's tables through pointers, for a method's loop (see `withWriter`). A step
    /// counts its state's visit and notes the state at its tick's place in the run; the
    /// trail is made from the notes after the loop (`withWriter`), by the same rules. The
    /// writer keeps no count of its own that the loop would have to update (and, the writer
    /// living in memory the loop's writes to Q might alias, store) every step.
    public struct Writer: StepRecorder {
        /// Where the states visited in this run are noted, tick `firstTick + i`'s at [i], as
        /// the address tick 0's would have: tick t's note is at `notedOrigin + 4 t`, one value
        /// in the loop where the room's start and `firstTick` were two. A number, not a
        /// pointer, as a pointer outside its room is undefined even when not read.
        let notedOrigin: Int
        /// The ticks of the run: the kernel is run for at most these.
        let room: Int
        /// The ticks counted before the run: a tick's place in the run is its number less these.
        let firstTick: Int
        /// Where in `noted` the last episode of the run ended (its trail starts after); -1:
        /// none ended.
        var lastEnd = -1
        let tdErrors: UnsafeMutablePointer<Double>
        /// The episodes that ended in this run, in room made before it (a tick ends one at
        /// most), so that an episode's end calls nothing: appending to a list there took
        /// the registers the loop needed.
        let ended: UnsafeMutablePointer<(end: EpisodeEnd, ticks: Int, samples: Int)>
        var endedCount = 0
        /// Counted in the loop, where the increment overlaps the step's other work: counted
        /// from the notes after it, a visit was a dependent increment of its own, 2% of the
        /// playground's time running free.
        let visits: UnsafeMutablePointer<Int32>

        @inline(__always)
        public mutating func visited(_ state: Int, tick: Int) {
            // The run's ticks are `room` at most (`KernelRunner.run(ticks:logging:)` runs
            // `room`), and a run visits one state a tick: checked in debug builds, as a
            // bound checked every step would cost the loop a register.
            assert(tick &- firstTick >= 0 && tick &- firstTick < room, "a run visits one state a tick, within its room")
            let note = UnsafeMutablePointer<Int32>(bitPattern: notedOrigin &+ tick &* MemoryLayout<Int32>.stride)
            note.unsafelyUnwrapped.pointee = Int32(truncatingIfNeeded: state)
            visits[state] &+= 1
        }

        @inline(__always)
        public mutating func updated(_ state: Int, tdError: Double) { tdErrors[state] = tdError }

        /// The episode ended (the counters just after): its trail starts again.
        public mutating func episodeEnded(_ end: EpisodeEnd, counters: Counters) {
            lastEnd = counters.ticks - firstTick
            precondition(endedCount < room, "a run ends one episode a tick at most")
            (ended + endedCount).initialize(to: (end, counters.ticks, counters.samples))
            endedCount &+= 1
        }
    }

    /// Calls `body` with a writer over the log's tables, with room for `room` visits (a run
    /// of `room` ticks from `firstTick`, the ticks counted before it), and keeps what the
    /// writer it returns wrote in the ticks it says it ran: the episodes it ended and the
    /// trail extended from the states it noted.
    public mutating func withWriter(room: Int, firstTick: Int, _ body: (Writer) -> (writer: Writer, ticks: Int)) {
        let room = Swift.max(0, room)
        let noted = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(1, room))
        defer { noted.deallocate() }
        let ended = UnsafeMutablePointer<(end: EpisodeEnd, ticks: Int, samples: Int)>.allocate(capacity: Swift.max(1, room))
        defer { ended.deallocate() }
        let written = tdErrors.withUnsafeMutableBufferPointer { tdErrors in
            visits.withUnsafeMutableBufferPointer { visits in
                let origin = Int(bitPattern: noted) &- firstTick &* MemoryLayout<Int32>.stride
                return body(Writer(notedOrigin: origin, room: room, firstTick: firstTick, tdErrors: tdErrors.baseAddress!,
                                   ended: ended, visits: visits.baseAddress!))
            }
        }
        precondition(written.ticks <= room, "a run of ticks within its writer's room")
        ends.append(contentsOf: UnsafeBufferPointer(start: ended, count: written.writer.endedCount))
        let count = written.ticks
        let lastEnd = written.writer.lastEnd
        if lastEnd >= 0 { trail.removeAll(keepingCapacity: true) }
        // The trail's rule applied to the states since the last end: only its final length
        // needs the rule step by step, as the older states always leave first.
        let fresh = UnsafeBufferPointer(start: noted + Swift.max(lastEnd, 0), count: count - Swift.max(lastEnd, 0))
        var length = trail.count
        for _ in 0..<fresh.count {
            if length >= maxTrail { length -= length / 2 }
            length += 1
        }
        if length <= fresh.count {
            trail.removeAll(keepingCapacity: true)
            trail.append(contentsOf: fresh.suffix(length))
        } else {
            trail.removeFirst(trail.count - (length - fresh.count))
            trail.append(contentsOf: fresh)
        }
    }

    /// The trail's rule: a state joins its end; at `maxTrail` the older half goes first.
    @inline(__always)
    private mutating func extendTrail(_ state: Int32) {
        if trail.count >= maxTrail { trail.removeFirst(trail.count / 2) }
        trail.append(state)
    }
}

/// What a method's loop tells of each step: a `StepLog`, or nothing (`Unlogged`, compiled away).
public protocol StepRecorder {
    /// A step was taken from `state` at tick number `tick` (the ticks counted before it).
    mutating func visited(_ state: Int, tick: Int)
    /// The update the explain box would show moved `state`'s value by `tdError` (target - old).
    mutating func updated(_ state: Int, tdError: Double)
    /// The episode ended; `counters` are counted just after (its ticks too).
    mutating func episodeEnded(_ end: EpisodeEnd, counters: Counters)
    /// Whether the run can stop: asked only after an episode ended (a kernel's loop pays
    /// for it once an episode, never once a step).
    var isSatisfied: Bool { get }
}

extension StepRecorder {
    /// Recorders that keep what they are shown never ask a run to stop.
    @inline(__always) public var isSatisfied: Bool { false }
}

extension StepRecorder {
    /// What a tick observed one at a time tells the recorder: its step, its update, its
    /// episode's end (with the counters after it).
    @inline(__always)
    public mutating func record(_ tick: Tick, counters: Counters) {
        if let t = tick.transition { visited(t.state, tick: counters.ticks &- 1) }
        if let u = tick.update { updated(u.state, tdError: u.target - u.old) }
        if let end = tick.episodeEnd { episodeEnded(end, counters: counters) }
    }
}

/// The episodes' ends of a run, and nothing else: what an experiment measuring per episode
/// keeps of a kernel's run.
public struct EpisodeEnds: StepRecorder {
    public private(set) var ends: [EpisodeEnd] = []
    /// The counters just after each of `ends` (a curve's point carries them).
    public private(set) var counters: [Counters] = []
    /// The episodes wanted: the run stops at the end of the last of them.
    public let wanted: Int
    public init(wanted: Int) { self.wanted = wanted }
    public var isSatisfied: Bool { ends.count >= wanted }
    @inline(__always) public mutating func visited(_ state: Int, tick: Int) {}
    @inline(__always) public mutating func updated(_ state: Int, tdError: Double) {}
    public mutating func episodeEnded(_ end: EpisodeEnd, counters: Counters) {
        ends.append(end)
        self.counters.append(counters)
    }

    /// The recorder a kernel's run writes through: the ends into room made before the run,
    /// so that an episode's end calls nothing. (Appending to the lists from inside the loop
    /// took the registers the loop needed: the kernel compiled for this recorder kept the
    /// generator's state on the stack, 30 instructions a step more than with none.)
    struct Writer: StepRecorder {
        let written: UnsafeMutablePointer<(end: EpisodeEnd, counters: Counters)>
        /// The episodes the run may end: it stops at the end of the last.
        let room: Int
        var count = 0
        var isSatisfied: Bool { count >= room }
        @inline(__always) mutating func visited(_ state: Int, tick: Int) {}
        @inline(__always) mutating func updated(_ state: Int, tdError: Double) {}
        @inline(__always) mutating func episodeEnded(_ end: EpisodeEnd, counters: Counters) {
            // Every run stops at an end once satisfied; checked at an end, not at a step.
            precondition(count < room, "a run ends no more episodes than its writer has room for")
            (written + count).initialize(to: (end, counters))
            count &+= 1
        }
    }

    /// Calls `body` with a writer with room for the episodes still wanted (at most 4,096 at
    /// a time), and keeps the ends the writer it returns wrote.
    mutating func withWriter(_ body: (Writer) -> Writer) {
        let room = Swift.max(1, Swift.min(wanted - ends.count, 4_096))
        let written = UnsafeMutablePointer<(end: EpisodeEnd, counters: Counters)>.allocate(capacity: room)
        defer { written.deallocate() }
        let writer = body(Writer(written: written, room: room))
        for (end, counters) in UnsafeBufferPointer(start: written, count: writer.count) {
            ends.append(end)
            self.counters.append(counters)
        }
    }
}

/// The recorder of runs nobody watches.
public struct Unlogged: StepRecorder {
    /// Never read. An empty type has no address, and ThreadSanitizer's check of an `inout`
    /// access in generic code (where the type is not known to be empty) writes the shadow of
    /// whatever the register held: a SEGV inside the sanitizer (swiftlang/swift#35579 covers
    /// only types known empty where the access is compiled). One byte gives it an address.
    private var addressable: UInt8 = 0
    public init() {}
    @inline(__always) public mutating func visited(_ state: Int, tick: Int) {}
    @inline(__always) public mutating func updated(_ state: Int, tdError: Double) {}
    @inline(__always) public mutating func episodeEnded(_ end: EpisodeEnd, counters: Counters) {}
}

/// The log kept in arrays, for ticks observed one at a time: the writer's rules.
extension StepLog: StepRecorder {
    public mutating func visited(_ state: Int, tick: Int) {
        visits[state] &+= 1
        extendTrail(Int32(state))
    }

    public mutating func updated(_ state: Int, tdError: Double) { tdErrors[state] = tdError }

    public mutating func episodeEnded(_ end: EpisodeEnd, counters: Counters) {
        trail.removeAll(keepingCapacity: true)
        ends.append((end, counters.ticks, counters.samples))
    }

    /// DP's walker (you drive a DP method) took a step from `state`: shown as any step, but
    /// no episode is counted (DP learns from the model, not from episodes).
    public mutating func walked(from state: Int, ended: Bool) {
        visited(state, tick: 0)
        if ended { trail.removeAll(keepingCapacity: true) }
    }
}
