import BellmanCore

/// What the screen keeps of a bandit's pulls (every step of a bandit is a tick seen by
/// `LearningState.record`: there is no kernel for one): the pulls of each arm, the rewards
/// summed, and the pulls of an arm best among the arms as they stood (ties count), for the
/// panel's average reward and % optimal action.
struct PullTally {
    private(set) var pulls: [Int32]
    private(set) var rewards = 0.0
    private(set) var optimalPulls = 0
    /// Which arms are best in the task run; on a nonstationary testbed, after every pull.
    private var best: [Bool]
    /// The true values walk (Exercise 2.5): the best arms are found again after each pull.
    let armsWalk: Bool

    /// The tally of a bandit whose arms' true values are `arms`.
    init(arms: [Double], walks: Bool) {
        pulls = Array(repeating: 0, count: arms.count)
        best = Self.best(arms)
        armsWalk = walks
    }

    var total: Int { pulls.reduce(0) { $0 + Int($1) } }
    var averageReward: Double? { total > 0 ? rewards / Double(total) : nil }
    var optimalShare: Double? { total > 0 ? Double(optimalPulls) / Double(total) : nil }

    /// A pull of `arm` paid `reward` (`arms`: the true values as they stand now, where they
    /// walk); whether the arm was a best one.
    mutating func pulled(_ arm: Int, reward: Double, arms: [Double]?) -> Bool {
        if let arms { best = Self.best(arms) }
        pulls[arm] += 1
        rewards += reward
        let optimal = arm < best.count && best[arm]
        if optimal { optimalPulls += 1 }
        return optimal
    }

    private static func best(_ arms: [Double]) -> [Bool] {
        let top = arms.max() ?? 0
        return arms.map { $0 >= top - 1e-9 * max(1, abs(top)) }
    }
}
