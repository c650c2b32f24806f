/// What a screen shows of every step a method takes, kept by the method's own loop (see
/// `Solver.run(ticks:logging:)`) with a few stores per step, where an observer called per
/// tick would cost more than the step: the visits per state, the last TD error per state,
/// the states of the episode under way, and the episodes that ended.
public struct StepLog: Sendable {
    /// Steps taken from each state.
    public var visits: [Int32]
    /// Per state, target - old of its last update (NaN before its first).
    public var tdErrors: [Double]
    /// The states the episode under way was in, oldest first; when it reaches `maxTrail`
    /// the older half goes.
    public var trail: [Int32]
    public let maxTrail: Int
    /// The episodes that ended, in order, each with the ticks and samples counted just after.
    public var ends: [(end: EpisodeEnd, ticks: Int, samples: Int)] = []

    public init(visits: [Int32], tdErrors: [Double], trail: [Int32], maxTrail: Int) {
        self.visits = visits
        self.tdErrors = tdErrors
        self.trail = trail
        self.maxTrail = maxTrail
    }

    /// The log's tables through pointers, for a method's loop (see `withWriter`).
    struct Writer: StepRecorder {
        let visits: UnsafeMutablePointer<Int32>
        let tdErrors: UnsafeMutablePointer<Double>
        let trail: UnsafeMutablePointer<Int32>
        let maxTrail: Int
        var trailCount: Int
        var ends: [(end: EpisodeEnd, ticks: Int, samples: Int)]

        @inline(__always)
        mutating func visited(_ state: Int) {
            visits[state] &+= 1
            if trailCount >= maxTrail { dropOlderHalf() }
            trail[trailCount] = Int32(state)
            trailCount &+= 1
        }

        @inline(__always)
        mutating func updated(_ state: Int, tdError: Double) { tdErrors[state] = tdError }

        @inline(never)
        private mutating func dropOlderHalf() {
            let drop = trailCount / 2
            for i in 0..<(trailCount - drop) { trail[i] = trail[i + drop] }
            trailCount -= drop
        }

        /// The episode ended (the ticks and samples counted just after): its trail starts again.
        mutating func episodeEnded(_ end: EpisodeEnd, ticks: Int, samples: Int) {
            trailCount = 0
            ends.append((end, ticks, samples))
        }
    }

    /// Calls `body` with a writer over the log's tables (the trail with room for `maxTrail`),
    /// and keeps what the writer it returns wrote.
    mutating func withWriter(_ body: (Writer) -> Writer) {
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
protocol StepRecorder {
    /// A step was taken from `state`.
    mutating func visited(_ state: Int)
    /// The update the explain box would show moved `state`'s value by `tdError` (target - old).
    mutating func updated(_ state: Int, tdError: Double)
    /// The episode ended; `ticks` and `samples` are counted just after.
    mutating func episodeEnded(_ end: EpisodeEnd, ticks: Int, samples: Int)
}

/// The recorder of runs nobody watches.
struct Unlogged: StepRecorder {
    @inline(__always) mutating func visited(_ state: Int) {}
    @inline(__always) mutating func updated(_ state: Int, tdError: Double) {}
    @inline(__always) mutating func episodeEnded(_ end: EpisodeEnd, ticks: Int, samples: Int) {}
}
