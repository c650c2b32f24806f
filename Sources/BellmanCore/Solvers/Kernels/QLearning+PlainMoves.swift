/// Q-learning's update as the plain-moves kernel runs it: the box of `QLearning.step()` over
/// the kernel's local Q.
extension QLearning: PlainMovesMethod {
    struct PlainUpdate: EpsilonGreedyUpdate {
        let alpha: Double, gamma: Double, epsilon: Double, ties: TieBreak

        /// Q(S,A) <- Q(S,A) + alpha [R + gamma max_a Q(S',a) - Q(S,A)]
        @inline(__always)
        func learn<Width: RowWidth, Log: StepRecorder>(_ S: Int, _ A: Int, _ R: Double, _ S2: Int, terminal: Bool, ended: Bool, then: Int,
                                                        _ Q: ActionValueTable.Rows<Width>, counters: inout Counters, log: inout Log,
                                                        rng: inout Xoshiro256) {
            let tdError = Q.qLearningUpdate(S, A, R, S2, alpha: alpha, gamma: gamma)
            counters.backups += 1
            log.updated(S, tdError: tdError)
        }
    }

    mutating func lendUpdate(room: Int, _ body: (PlainUpdate) -> PlainUpdate) {
        _ = body(PlainUpdate(alpha: learner.alpha, gamma: learner.gamma, epsilon: learner.parameters.epsilon,
                             ties: learner.parameters.ties))
    }
}

extension ActionValueTable.Rows {
    /// Q(S,A) <- Q(S,A) + alpha [R + gamma max_a Q(S',a) - Q(S,A)], the real step's update of
    /// Q-learning, Dyna-Q and Dyna-Q+ in the kernel; returns the TD error.
    @inline(__always)
    func qLearningUpdate(_ S: Int, _ A: Int, _ R: Double, _ S2: Int, alpha: Double, gamma: Double) -> Double {
        let old = self[S, A]
        let target = R + gamma * max(S2)
        self[S, A] = old + alpha * (target - old)
        return target - old
    }

    /// The planning methods' replayed backup in the kernel (`ActionValueTable.qLearningBackup`
    /// of `step()`), by the pair's index: Q(S',.) counts as 0 where S' ended the episode in the
    /// model. max_a Q(S',a) is read either way (its row is there) and masked to +0 where S'
    /// ended, so that no branch sits in the replay loop (written as a select, the compiler
    /// branched around the max).
    /// Returns the TD error (prioritized sweeping's log keeps its first).
    @inline(__always) @discardableResult
    func qLearningBackup(pair i: Int, toward R: Double, _ S2: Int, ends: Bool, alpha: Double, gamma: Double) -> Double {
        let old = self[pair: i]
        let kept = UInt64(ends ? 1 : 0) &- 1   // all ones unless S' ended
        let target = R + gamma * Double(bitPattern: max(S2).bitPattern & kept)
        self[pair: i] = old + alpha * (target - old)
        return target - old
    }
}
