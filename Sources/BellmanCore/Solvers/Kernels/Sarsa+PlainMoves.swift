/// Sarsa's update as the plain-moves kernel runs it: the box of `Sarsa.step()` over the
/// kernel's local Q, carrying A from one step to the next as the box does.
extension Sarsa: PlainMovesMethod {
    struct PlainUpdate: CarriedActionUpdate {
        let alpha: Double, gamma: Double, epsilon: Double, ties: TieBreak
        var A: Int

        /// Choose A' from S' (epsilon-greedy; none at a terminal); Q(S,A) <- Q(S,A) + alpha [R + gamma Q(S',A') - Q(S,A)];
        /// S <- S'; A <- A' (a new episode chooses its first action from its start state).
        @inline(__always)
        mutating func learn<Width: RowWidth, Log: StepRecorder>(_ S: Int, _ A: Int, _ R: Double, _ S2: Int, terminal: Bool, ended: Bool, then: Int,
                                                                 _ Q: ActionValueTable.Rows<Width>, counters: inout Counters, log: inout Log,
                                                                 rng: inout Xoshiro256) {
            let A2 = terminal ? 0 : Q.epsilonGreedy(S2, epsilon: epsilon, ties: ties, rng: &rng)
            let old = Q[S, A]
            let target = R + gamma * Q[S2, A2]
            Q[S, A] = old + alpha * (target - old)
            counters.backups += 1
            log.updated(S, tdError: target - old)
            self.A = ended ? Q.epsilonGreedy(then, epsilon: epsilon, ties: ties, rng: &rng) : A2
        }
    }

    /// A driven step handed back waits for its A' from the policy (`Sarsa+Driving.swift`).
    var kernelReady: Bool { waiting == nil }

    mutating func lendUpdate(room: Int, _ body: (PlainUpdate) -> PlainUpdate) {
        let done = body(PlainUpdate(alpha: learner.alpha, gamma: learner.gamma, epsilon: learner.parameters.epsilon,
                                    ties: learner.parameters.ties, A: A))
        A = done.A
    }
}

/// A kernel update that carries A from one step to the next (Sarsa, Sarsa(lambda)): the
/// behaviour's choice in S was made at the step before (or at the episode's start).
protocol CarriedActionUpdate: PlainMovesUpdate {
    var A: Int { get }
}

extension CarriedActionUpdate {
    @inline(__always)
    func choose<Width: RowWidth>(_ S: Int, _ Q: ActionValueTable.Rows<Width>, rng: inout Xoshiro256) -> Int { A }
}
