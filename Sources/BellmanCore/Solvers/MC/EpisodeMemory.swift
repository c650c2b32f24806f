/// One episode as Monte Carlo methods remember it: S_0, A_0, R_1, ..., S_{T-1}, A_{T-1}, R_T,
/// and for each step whether it is the first visit of its state (or state-action pair) in the
/// episode. Buffers are reused from episode to episode, so a step allocates nothing.
struct EpisodeMemory: Sendable {
    private(set) var states: [Int32] = []
    private(set) var actions: [Int32] = []
    private(set) var rewards: [Double] = []
    /// Per step: the first occurrence of its key in this episode.
    private(set) var isFirstVisit: [Bool] = []
    /// Per key (a state, or a state-action pair): the episode that last saw it.
    private var seenIn: [Int32]
    private var episode: Int32 = 0

    /// `keys` is the number of distinct keys first visits are judged by.
    init(keys: Int) {
        seenIn = [Int32](repeating: -1, count: keys)
    }

    var count: Int { states.count }

    /// Appends S_t, A_t and R_{t+1}; `key` identifies S_t (prediction) or (S_t, A_t) (control).
    mutating func append(state: Int, action: Int, reward: Double, key: Int) {
        states.append(Int32(state))
        actions.append(Int32(action))
        rewards.append(reward)
        isFirstVisit.append(seenIn[key] != episode)
        seenIn[key] = episode
    }

    /// Forgets the episode, keeping the buffers' capacity.
    mutating func clear() {
        states.removeAll(keepingCapacity: true)
        actions.removeAll(keepingCapacity: true)
        rewards.removeAll(keepingCapacity: true)
        isFirstVisit.removeAll(keepingCapacity: true)
        episode &+= 1
    }
}

extension EpisodeMemory {
    /// The backward pass of the book's Monte Carlo boxes: for t = T-1, T-2, ..., 0,
    /// G <- gamma G + R_{t+1}, yielding (t, G) for every step, or with `everyVisit` false only
    /// for the first visits ("unless S_t appears in S_0, ..., S_{t-1}").
    func returns(gamma: Double, everyVisit: Bool) -> Returns {
        Returns(episode: self, gamma: gamma, everyVisit: everyVisit, t: count, G: 0)
    }

    /// See `returns(gamma:everyVisit:)`. It holds its own reference to the episode's buffers,
    /// so the loop body may update the solver's tables freely.
    struct Returns: Sequence, IteratorProtocol {
        let episode: EpisodeMemory
        let gamma: Double
        let everyVisit: Bool
        var t: Int
        var G: Double

        mutating func next() -> (t: Int, G: Double)? {
            while t > 0 {
                t -= 1
                G = gamma * G + episode.rewards[t]
                if everyVisit || episode.isFirstVisit[t] { return (t, G) }
            }
            return nil
        }
    }
}
