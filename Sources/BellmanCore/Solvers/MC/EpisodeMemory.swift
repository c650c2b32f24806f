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
