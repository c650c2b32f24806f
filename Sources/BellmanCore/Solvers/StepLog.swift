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

    /// The episode ends recorded since the last call.
    public mutating func takeEnds() -> [(end: EpisodeEnd, ticks: Int, samples: Int)] {
        defer { ends.removeAll(keepingCapacity: true) }
        return ends
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

    /// The log's tables through pointers, for a method's loop (see `withWriter`).
    public struct Writer: StepRecorder {
        let visits: UnsafeMutablePointer<Int32>
        let tdErrors: UnsafeMutablePointer<Double>
        let trail: UnsafeMutablePointer<Int32>
        let maxTrail: Int
        var trailCount: Int
        var ends: [(end: EpisodeEnd, ticks: Int, samples: Int)]

        @inline(__always)
        public mutating func visited(_ state: Int) {
            visits[state] &+= 1
            if trailCount >= maxTrail { dropOlderHalf() }
            trail[trailCount] = Int32(state)
            trailCount &+= 1
        }

        @inline(__always)
        public mutating func updated(_ state: Int, tdError: Double) { tdErrors[state] = tdError }

        @inline(never)
        private mutating func dropOlderHalf() {
            let drop = trailCount / 2
            for i in 0..<(trailCount - drop) { trail[i] = trail[i + drop] }
            trailCount -= drop
        }

        /// The episode ended (the ticks and samples counted just after): its trail starts again.
        public mutating func episodeEnded(_ end: EpisodeEnd, ticks: Int, samples: Int) {
            trailCount = 0
            ends.append((end, ticks, samples))
        }
    }

    /// Calls `body` with a writer over the log's tables (the trail with room for `maxTrail`),
    /// and keeps what the writer it returns wrote.
    public mutating func withWriter(_ body: (Writer) -> Writer) {
        let count = trail.count
        trail.append(contentsOf: repeatElement(0, count: Swift.max(0, maxTrail - count)))
        var ends: [(end: EpisodeEnd, ticks: Int, samples: Int)] = []
        swap(&ends, &self.ends)
        let written = visits.withUnsafeMutableBufferPointer { visits in
            tdErrors.withUnsafeMutableBufferPointer { tdErrors in
                trail.withUnsafeMutableBufferPointer { trail in
                    body(Writer(visits: visits.baseAddress!, tdErrors: tdErrors.baseAddress!, trail: trail.baseAddress!,
                                maxTrail: maxTrail, trailCount: count, ends: ends))
                }
            }
        }
        self.ends = written.ends
        trail.removeLast(trail.count - written.trailCount)
    }
}

/// What a method's loop tells of each step: a `StepLog`, or nothing (`Unlogged`, compiled away).
public protocol StepRecorder {
    /// A step was taken from `state`.
    mutating func visited(_ state: Int)
    /// The update the explain box would show moved `state`'s value by `tdError` (target - old).
    mutating func updated(_ state: Int, tdError: Double)
    /// The episode ended; `ticks` and `samples` are counted just after.
    mutating func episodeEnded(_ end: EpisodeEnd, ticks: Int, samples: Int)
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
    mutating func record(_ tick: Tick, counters: Counters) {
        if let t = tick.transition { visited(t.state) }
        if let u = tick.update { updated(u.state, tdError: u.target - u.old) }
        if let end = tick.episodeEnd { episodeEnded(end, ticks: counters.ticks, samples: counters.samples) }
    }
}

/// The episodes' ends of a run, and nothing else: what an experiment measuring per episode
/// keeps of a kernel's run.
public struct EpisodeEnds: StepRecorder {
    public private(set) var ends: [EpisodeEnd] = []
    /// The episodes wanted: the run stops at the end of the last of them.
    public let wanted: Int
    public init(wanted: Int) { self.wanted = wanted }
    public var isSatisfied: Bool { ends.count >= wanted }
    @inline(__always) public mutating func visited(_ state: Int) {}
    @inline(__always) public mutating func updated(_ state: Int, tdError: Double) {}
    public mutating func episodeEnded(_ end: EpisodeEnd, ticks: Int, samples: Int) { ends.append(end) }
}

/// The recorder of runs nobody watches.
public struct Unlogged: StepRecorder {
    /// Never read. An empty type has no address, and ThreadSanitizer's check of an `inout`
    /// access in generic code (where the type is not known to be empty) writes the shadow of
    /// whatever the register held: a SEGV inside the sanitizer (swiftlang/swift#35579 covers
    /// only types known empty where the access is compiled). One byte gives it an address.
    private var addressable: UInt8 = 0
    public init() {}
    @inline(__always) public mutating func visited(_ state: Int) {}
    @inline(__always) public mutating func updated(_ state: Int, tdError: Double) {}
    @inline(__always) public mutating func episodeEnded(_ end: EpisodeEnd, ticks: Int, samples: Int) {}
}

extension StepRecorder {
    /// What is kept of an observed tick: the step's state visited, the update the explain box
    /// shows, the episode's end. `ticks` and `samples` are counted just after the tick.
    public mutating func record(_ tick: Tick, ticks: Int, samples: Int) {
        if let t = tick.transition { visited(t.state) }
        if let u = tick.update { updated(u.state, tdError: u.target - u.old) }
        if let end = tick.episodeEnd { episodeEnded(end, ticks: ticks, samples: samples) }
    }
}

/// The log kept in arrays, for ticks observed one at a time: the writer's rules.
extension StepLog: StepRecorder {
    public mutating func visited(_ state: Int) {
        visits[state] &+= 1
        if trail.count >= maxTrail { trail.removeFirst(trail.count / 2) }
        trail.append(Int32(state))
    }

    public mutating func updated(_ state: Int, tdError: Double) { tdErrors[state] = tdError }

    public mutating func episodeEnded(_ end: EpisodeEnd, ticks: Int, samples: Int) {
        trail.removeAll(keepingCapacity: true)
        ends.append((end, ticks, samples))
    }

    /// DP's walker (you drive a DP method) took a step from `state`: shown as any step, but
    /// no episode is counted (DP learns from the model, not from episodes).
    public mutating func walked(from state: Int, ended: Bool) {
        visited(state)
        if ended { trail.removeAll(keepingCapacity: true) }
    }
}
