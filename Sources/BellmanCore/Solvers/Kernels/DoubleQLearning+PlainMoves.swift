/// Double Q-learning's update as the plain-moves kernel runs it: the box of
/// `DoubleQLearning.step()` over the kernel's local Q (the average (Q1 + Q2) / 2, which the
/// agent acts in) and Q1 and Q2 through pointers.
extension DoubleQLearning: PlainMovesMethod {
    struct PlainUpdate: EpsilonGreedyUpdate {
        let Q1: UnsafeMutablePointer<Double>, Q2: UnsafeMutablePointer<Double>
        let alpha: Double, gamma: Double, epsilon: Double, ties: TieBreak

        /// With 0.5 probability: Q1(S,A) <- Q1(S,A) + alpha [R + gamma Q2(S', argmax_a Q1(S',a)) - Q1(S,A)];
        /// else the same with Q1 and Q2 swapped. The average follows.
        @inline(__always)
        func learn<Width: RowWidth, Log: StepRecorder>(_ S: Int, _ A: Int, _ R: Double, _ S2: Int, terminal: Bool, ended: Bool, then: Int,
                                                        _ Q: ActionValueTable.Rows<Width>, counters: inout Counters, log: inout Log,
                                                        rng: inout Xoshiro256) {
            let width = Q.width.count
            let (X, Y) = rng.below(2) == 0 ? (Q1, Q2) : (Q2, Q1)
            let best = ActionValueTable.greedy(X + S2 &* width, count: width, ties: ties, rng: &rng)
            let i = S &* width &+ A
            let old = X[i]
            let target = R + gamma * Y[S2 &* width &+ best]
            X[i] = old + alpha * (target - old)
            Q[S, A] = (Q1[i] + Q2[i]) / 2
            counters.backups += 1
            log.updated(S, tdError: target - old)
        }
    }

    mutating func lendUpdate(room: Int, _ body: (PlainUpdate) -> PlainUpdate) {
        var one = Q1.takeValues(), two = Q2.takeValues()
        let parameters = learner.parameters
        one.withUnsafeMutableBufferPointer { q1 in
            two.withUnsafeMutableBufferPointer { q2 in
                _ = body(PlainUpdate(Q1: q1.baseAddress!, Q2: q2.baseAddress!, alpha: learner.alpha, gamma: learner.gamma,
                                     epsilon: parameters.epsilon, ties: parameters.ties))
            }
        }
        Q1.putValues(one)
        Q2.putValues(two)
    }
}
