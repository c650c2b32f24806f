/// Sarsa(lambda)'s update as the plain-moves kernel runs it: the box of `SarsaLambda.step()`
/// over the kernel's local Q, the traces through a pointer, carrying A from one step to the
/// next as the box does.
extension SarsaLambda: PlainMovesMethod {
    struct PlainUpdate: CarriedActionUpdate {
        let e: UnsafeMutablePointer<EligibilityTraces>
        let alpha: Double, gamma: Double, epsilon: Double, ties: TieBreak, decay: Double, replacing: Bool
        var A: Int

        /// Choose A' from S' (none at a terminal); e(S,A) <- e(S,A) + 1 (or 1);
        /// delta <- R + gamma Q(S',A') - Q(S,A); for all s, a: Q(s,a) <- Q(s,a) + alpha delta e(s,a),
        /// e(s,a) <- gamma lambda e(s,a); S <- S'; A <- A' (a new episode: e <- 0, A from its start).
        @inline(__always)
        mutating func learn<Width: RowWidth, Log: StepRecorder>(_ S: Int, _ A: Int, _ R: Double, _ S2: Int, terminal: Bool, ended: Bool, then: Int,
                                                                 _ Q: ActionValueTable.Rows<Width>, counters: inout Counters, log: inout Log,
                                                                 rng: inout Xoshiro256) {
            let A2 = terminal ? 0 : Q.epsilonGreedy(S2, epsilon: epsilon, ties: ties, rng: &rng)
            e.pointee.visit(S &* Q.width.count &+ A, replacing: replacing)
            let old = Q[S, A]
            let delta = R + gamma * Q[S2, A2] - old
            counters.backups += e.pointee.update(Q.q, step: alpha * delta, decay: decay)
            // As `step()` reports it: the target old + delta, less old.
            log.updated(S, tdError: (old + delta) - old)
            if ended {
                e.pointee.clear()
                self.A = Q.epsilonGreedy(then, epsilon: epsilon, ties: ties, rng: &rng)
            } else {
                self.A = A2
            }
        }
    }

    /// A driven step handed back waits for its A' from the policy (`Sarsa+Driving.swift`).
    var kernelReady: Bool { waiting == nil }

    mutating func lendUpdate(room: Int, _ body: (PlainUpdate) -> PlainUpdate) {
        let p = learner.parameters, alpha = learner.alpha, A = A
        let done = withUnsafeMutablePointer(to: &e) { e in
            body(PlainUpdate(e: e, alpha: alpha, gamma: p.gamma, epsilon: p.epsilon, ties: p.ties,
                             decay: p.gamma * p.lambda, replacing: p.replacingTraces, A: A))
        }
        self.A = done.A
    }
}
