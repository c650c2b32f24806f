/// One episode as Monte Carlo methods remember it: S_0, A_0, R_1, ..., S_{T-1}, A_{T-1}, R_T,
/// and for each step whether it is the first visit of its state (or state-action pair) in the
/// episode. The buffer is reused from episode to episode, so a step allocates nothing.
struct EpisodeMemory: Sendable, EpisodeSteps {
    /// S_t, A_t, R_{t+1}, and whether S_t (or S_t, A_t) was first visited at t.
    struct Visit: Sendable {
        var state: Int32
        var action: Int32
        var reward: Double
        var isFirstVisit: Bool
    }

    /// The first `count` are the episode; the rest is room kept from longer episodes.
    private var visits: [Visit] = []
    private(set) var count = 0
    /// Per key (a state, or a state-action pair): the episode that last saw it.
    private var seenIn: [Int32]
    private var episode: Int32 = 0

    /// `keys` is the number of distinct keys first visits are judged by.
    init(keys: Int) {
        seenIn = [Int32](repeating: -1, count: keys)
    }

    /// Step t of the episode (t < count).
    subscript(t: Int) -> Visit { visits[t] }

    /// Appends S_t, A_t and R_{t+1}; `key` identifies S_t (prediction) or (S_t, A_t) (control).
    mutating func append(state: Int, action: Int, reward: Double, key: Int) {
        let visit = Visit(state: Int32(state), action: Int32(action), reward: reward, isFirstVisit: seenIn[key] != episode)
        seenIn[key] = episode
        if count < visits.count { visits[count] = visit } else { visits.append(visit) }
        count += 1
    }

    /// Forgets the episode, keeping the buffer.
    mutating func clear() {
        count = 0
        episode &+= 1
    }

    /// Moves the memory out of `memory` (left empty, remembering nothing) for a loop of its own.
    static func take(_ memory: inout EpisodeMemory) -> EpisodeMemory {
        var taken = EpisodeMemory(keys: 0)
        swap(&taken, &memory)
        return taken
    }

    /// Calls `body` with a writer over this memory's buffers that has room for `room` more
    /// steps (the episode goes on where it was), and keeps what the writer it returns wrote.
    /// For a loop that appends with no copy-on-write or capacity check per step.
    mutating func withWriter<R>(room: Int, _ body: (Writer) -> (Writer, R)) -> R {
        if visits.count < count + room {
            let zero = Visit(state: 0, action: 0, reward: 0, isFirstVisit: false)
            visits.append(contentsOf: repeatElement(zero, count: Swift.max(count + room, 2 * visits.count) - visits.count))
        }
        let (count, episode, result) = visits.withUnsafeMutableBufferPointer { visits in
            seenIn.withUnsafeMutableBufferPointer { seenIn in
                let (written, result) = body(Writer(visits: visits.baseAddress!, seenIn: seenIn.baseAddress!,
                                                    count: self.count, episode: self.episode))
                return (written.count, written.episode, result)
            }
        }
        self.count = count
        self.episode = episode
        return result
    }

    /// `EpisodeMemory`'s append and clear through pointers (see `withWriter`).
    struct Writer: EpisodeSteps {
        let visits: UnsafeMutablePointer<Visit>
        let seenIn: UnsafeMutablePointer<Int32>
        private(set) var count: Int
        fileprivate var episode: Int32

        fileprivate init(visits: UnsafeMutablePointer<Visit>, seenIn: UnsafeMutablePointer<Int32>, count: Int, episode: Int32) {
            self.visits = visits
            self.seenIn = seenIn
            self.count = count
            self.episode = episode
        }

        subscript(t: Int) -> Visit { visits[t] }

        @inline(__always)
        mutating func append(state: Int, action: Int, reward: Double, key: Int) {
            visits[count] = Visit(state: Int32(state), action: Int32(action), reward: reward, isFirstVisit: seenIn[key] != episode)
            seenIn[key] = episode
            count += 1
        }

        @inline(__always)
        mutating func clear() {
            count = 0
            episode &+= 1
        }
    }
}

/// The steps of an episode in memory: `EpisodeMemory`, or its writer.
protocol EpisodeSteps {
    var count: Int { get }
    subscript(t: Int) -> EpisodeMemory.Visit { get }
}

extension EpisodeSteps {
    /// The backward pass of the book's Monte Carlo boxes: for t = T-1, T-2, ..., 0,
    /// G <- gamma G + R_{t+1}, yielding (t, G) for every step, or with `everyVisit` false only
    /// for the first visits ("unless S_t appears in S_0, ..., S_{t-1}").
    func returns(gamma: Double, everyVisit: Bool) -> Returns<Self> {
        Returns(episode: self, gamma: gamma, everyVisit: everyVisit, t: count, G: 0)
    }
}

/// See `EpisodeSteps.returns(gamma:everyVisit:)`. It holds its own reference to the episode's
/// steps, so the loop body may update the solver's tables freely.
struct Returns<Episode: EpisodeSteps>: Sequence, IteratorProtocol {
    let episode: Episode
    let gamma: Double
    let everyVisit: Bool
    var t: Int
    var G: Double

    @inline(__always)
    mutating func next() -> (t: Int, G: Double)? {
        while t > 0 {
            t -= 1
            let visit = episode[t]
            G = gamma * G + visit.reward
            if everyVisit || visit.isFirstVisit { return (t, G) }
        }
        return nil
    }
}
