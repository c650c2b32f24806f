/// The episodes of one group (GRPO, RLOO; DESIGN §13): G episodes played from one start state
/// by pi_old, the policy as it stood when the group began, and the one update both group
/// methods make once the group is over. The buffers are kept from group to group.
struct Group: Sendable {
    /// G, the episodes of a group.
    let size: Int
    /// Every step of the group, episode after episode.
    private(set) var steps = Trajectory()
    /// R_i, the undiscounted sum of each finished episode's rewards.
    private(set) var rewardSums: [Double] = []
    /// The episode of each step.
    private var episodeOf: [Int32] = []
    /// The start state (a true state) every episode of the group starts from.
    private var start: Int?
    /// pi_old(.|S_t) of every step, taken before any row moves.
    private var oldPi: [Double] = []
    private var rewards = 0.0

    init(size: Int) { self.size = size }

    /// S_t, A_t, R_{t+1} of the episode under way; `from` is the true state S_t, which the
    /// group's first step takes as every episode's start.
    mutating func append(_ s: Int, _ a: Int, _ r: Double, from state: Int) {
        if start == nil { start = state }
        steps.append(s, a, r)
        episodeOf.append(Int32(rewardSums.count))
        rewards += r
    }

    /// The episode under way is over: true when the group is complete; else the next episode
    /// starts on the group's start state.
    mutating func endEpisode(_ agent: inout Agent) -> Bool {
        rewardSums.append(rewards)
        rewards = 0
        if rewardSums.count == size { return true }
        if let start { agent.restart(at: start) }
        return false
    }

    /// theta += alpha A_i (e_{A_t} - pi_old(.|S_t)) / G for every step t of every episode i:
    /// the group's gradient, each step's share added in turn (pi_old fixed, so the order does
    /// not matter). Then the next group begins, from a start drawn as any episode's.
    /// Returns the last row's update (the one the explain box shows) and the rows updated.
    mutating func update(_ theta: inout Preferences, advantages A: [Double], alpha: Double) -> (last: Update, backups: Int)? {
        let width = theta.width
        oldPi.removeAll(keepingCapacity: true)
        oldPi.append(contentsOf: repeatElement(0, count: steps.count * width))
        for t in 0..<steps.count {
            let s = steps[t].state
            theta.policy(s)
            for b in 0..<theta.actions(s) { oldPi[t * width + b] = theta.pi(b) }
        }
        let step = alpha / Double(size)
        var last: Update?
        for t in 0..<steps.count {
            let (s, a) = steps[t]
            let advantage = A[Int(episodeOf[t])]
            let (old, new) = theta.ascend(s, toward: a, by: step * advantage, policy: oldPi, at: t * width)
            last = .policyStep(s, a, old: old, new: new, step: step, signal: advantage, probability: oldPi[t * width + a])
        }
        let backups = steps.count
        clear()
        return last.map { ($0, backups) }
    }

    /// The group under way is dropped (the world changed under it).
    mutating func clear() {
        steps.clear()
        rewardSums.removeAll(keepingCapacity: true)
        episodeOf.removeAll(keepingCapacity: true)
        start = nil
        rewards = 0
    }
}

/// A group-relative method: its group and an advantage per episode from the group's reward
/// sums.
protocol GroupRelative: EpisodicPolicyGradient {
    var group: Group { get set }
    /// A_i of each episode of a complete group, from R_i.
    func advantages(_ R: [Double]) -> [Double]
}

extension GroupRelative {
    mutating func remember(_ S: Int, _ A: Int, _ R: Double, from state: Int) { group.append(S, A, R, from: state) }

    /// An episode of the group is over; once the group is complete, its one update with the
    /// method's advantages.
    mutating func learnFromEpisode(into tick: inout Tick) {
        // The group is moved out while theta and the learner change beside it (a protocol's
        // properties may not be borrowed together); moving shares its buffers, copies none.
        var episodes = group
        group = Group(size: episodes.size)
        defer { group = episodes }
        guard episodes.endEpisode(&learner.agent) else { return }
        if let (last, backups) = episodes.update(&theta, advantages: advantages(episodes.rewardSums), alpha: learner.alpha) {
            learner.record(last, backups: backups, in: &tick)
        }
    }

    mutating func remap(_ map: StateMap) {
        theta.remap(map)
        group.clear()
    }
}
