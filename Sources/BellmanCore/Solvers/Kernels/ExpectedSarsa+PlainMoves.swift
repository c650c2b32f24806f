/// Expected Sarsa's update as the plain-moves kernel runs it: the box of
/// `ExpectedSarsa.step()` over the kernel's local Q.
extension ExpectedSarsa: PlainMovesMethod {
    struct PlainUpdate: EpsilonGreedyUpdate {
        let alpha: Double, gamma: Double, epsilon: Double, ties: TieBreak

        /// Q(S,A) <- Q(S,A) + alpha [R + gamma sum_a pi(a|S') Q(S',a) - Q(S,A)]
        @inline(__always)
        func learn<Width: RowWidth, Log: StepRecorder>(_ S: Int, _ A: Int, _ R: Double, _ S2: Int, terminal: Bool, ended: Bool, then: Int,
                                                        _ Q: ActionValueTable.Rows<Width>, counters: inout Counters, log: inout Log,
                                                        rng: inout Xoshiro256) {
            let old = Q[S, A]
            let target = R + gamma * ExpectedSarsa.expectedValue(of: S2, count: Q.width.count, epsilon: epsilon) { Q[S2, $0] }
            Q[S, A] = old + alpha * (target - old)
            counters.backups += 1
            log.updated(S, tdError: target - old)
        }
    }

    mutating func lendUpdate(room: Int, _ body: (PlainUpdate) -> PlainUpdate) {
        _ = body(PlainUpdate(alpha: learner.alpha, gamma: learner.gamma, epsilon: learner.parameters.epsilon,
                             ties: learner.parameters.ties))
    }
}
