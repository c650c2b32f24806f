/// A model as a bandit (DESIGN §12): one state to act in, every action of which ends the
/// episode; the testbed's tasks, one per seed.
extension Model {
    /// The one non-terminal state of a bandit, whose actions all end the episode (the
    /// testbed, or an explicit `[mdp]` of that shape); `nil` for any other model.
    public var banditState: Int? {
        guard let table else { return nil }
        let live = (0..<stateCount).filter { !isTerminal[$0] }
        guard live.count == 1, let s = live.first else { return nil }
        let pairs = Int(table.pairStart[s])..<Int(table.pairStart[s + 1])
        let endsEpisode = pairs.allSatisfy { pair in
            (Int(table.outcomeStart[pair])..<Int(table.outcomeStart[pair + 1])).allSatisfy { isTerminal[Int(table.next[$0])] }
        }
        return endsEpisode ? s : nil
    }

    /// The model is a bandit.
    public var isBandit: Bool { banditState != nil }

    /// q*(a) of each arm of a bandit: the expected reward of pulling it.
    public func armValues() -> [Double] {
        guard let s = banditState, let table else { return [] }
        return (0..<table.actionCount(s)).map { table.pairReward[Int(table.pairStart[s]) + $0] }
    }

    /// The testbed's task of `seed` (DESIGN §12: each run its own task); this model for any
    /// other level, and where it is a task already (a run's, whose truth is solved on it).
    public func task(seed: UInt64) -> Model {
        guard let mdp = level.mdp, mdp.testbed != nil, mdp.taskSeed == nil else { return self }
        var level = level
        level.mdp = mdp.task(seed: seed)
        return Model(level)
    }
}

extension Model {
    /// The level is the k-armed testbed, whose true values each run draws.
    public var isTestbed: Bool { level.mdp?.testbed != nil }
}
