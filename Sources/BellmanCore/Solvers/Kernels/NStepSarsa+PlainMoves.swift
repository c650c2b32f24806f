/// n-step Sarsa's update as the plain-moves kernel runs it: the box of `NStepSarsa.step()`
/// over the kernel's local Q, the stores of S_t, A_t and R_t (index t mod n + 1) through
/// pointers. A_t is carried in its store from the step before, as the box does.
extension NStepSarsa: PlainMovesMethod {
    struct PlainUpdate: PlainMovesUpdate {
        let states: UnsafeMutablePointer<Int>, actions: UnsafeMutablePointer<Int>, rewards: UnsafeMutablePointer<Double>
        let n: Int, alpha: Double, gamma: Double, epsilon: Double, ties: TieBreak
        /// t of the episode under way, and t mod (n + 1), where S_t and A_t are stored.
        var t: Int, at: Int

        /// Take action A_t (selected at the step before, or at the episode's start).
        @inline(__always)
        func choose<Width: RowWidth>(_ S: Int, _ Q: ActionValueTable.Rows<Width>, rng: inout Xoshiro256) -> Int { actions[at] }

        /// Observe and store R_{t+1} and S_{t+1}; if S_{t+1} is terminal, T <- t + 1, else select
        /// and store A_{t+1} (at the cap too); tau <- t - n + 1, and if tau >= 0 the update of
        /// tau. At the episode's end the updates of tau up to T - 1, then S_0 and A_0 of the next.
        @inline(__always)
        mutating func learn<Width: RowWidth, Log: StepRecorder>(_ S: Int, _ A: Int, _ R: Double, _ S2: Int, terminal: Bool, ended: Bool, then: Int,
                                                                 _ Q: ActionValueTable.Rows<Width>, counters: inout Counters, log: inout Log,
                                                                 rng: inout Xoshiro256) {
            let next = at + 1 == n + 1 ? 0 : at + 1
            states[next] = S2
            rewards[next] = R
            actions[next] = terminal ? 0 : Q.epsilonGreedy(S2, epsilon: epsilon, ties: ties, rng: &rng)
            guard ended else {
                let tau = t - n + 1
                if tau >= 0 {
                    let (s, tdError) = update(tau, T: .max, cut: false, Q)
                    counters.backups += 1
                    log.updated(s, tdError: tdError)
                }
                (t, at) = (t + 1, next)
                return
            }
            let T = t + 1
            // The report of a tick is its last update: the screen keeps that one's TD error.
            var last = (state: 0, tdError: 0.0)
            for tau in Swift.max(t - n + 1, 0)...(T - 1) {
                last = update(tau, T: T, cut: !terminal, Q)
                counters.backups += 1
            }
            log.updated(last.state, tdError: last.tdError)
            // Initialize and store S_0; select and store A_0 ~ pi(.|S_0).
            (t, at) = (0, 0)
            states[0] = then
            actions[0] = Q.epsilonGreedy(then, epsilon: epsilon, ties: ties, rng: &rng)
        }

        /// G <- sum_{i=tau+1}^{min(tau+n,T)} gamma^(i-tau-1) R_i; if tau + n < T (or the episode
        /// was cut at the cap), G <- G + gamma^(end-tau) Q(S_end, A_end);
        /// Q(S_tau, A_tau) <- Q(S_tau, A_tau) + alpha [G - Q(S_tau, A_tau)]. Returns S_tau and the TD error.
        @inline(__always)
        func update<Width: RowWidth>(_ tau: Int, T: Int, cut: Bool, _ Q: ActionValueTable.Rows<Width>) -> (state: Int, tdError: Double) {
            var i = tau % (n + 1)
            let s = states[i], a = actions[i]
            var G = 0.0, discount = 1.0
            for _ in (tau + 1)...Swift.min(tau + n, T) {
                i = i + 1 == n + 1 ? 0 : i + 1
                G += discount * rewards[i]
                discount *= gamma
            }
            // i is now where S_end and A_end are stored.
            if tau + n < T || cut { G += discount * Q[states[i], actions[i]] }
            let old = Q[s, a]
            Q[s, a] = old + alpha * (G - old)
            return (s, G - old)
        }
    }

    /// A driven step handed back waits for the policy's A_t (`NStepSarsa+Driving.swift`); an n
    /// changed live waits for the episode's end, where `step()` makes the stores anew.
    var kernelReady: Bool { !updateWaits && n == Swift.max(learner.parameters.n, 1) }

    mutating func lendUpdate(room: Int, _ body: (PlainUpdate) -> PlainUpdate) {
        let parameters = learner.parameters, alpha = learner.alpha, n = n, t = t
        let done = S.withUnsafeMutableBufferPointer { states in
            A.withUnsafeMutableBufferPointer { actions in
                R.withUnsafeMutableBufferPointer { rewards in
                    body(PlainUpdate(states: states.baseAddress!, actions: actions.baseAddress!, rewards: rewards.baseAddress!,
                                     n: n, alpha: alpha, gamma: parameters.gamma, epsilon: parameters.epsilon,
                                     ties: parameters.ties, t: t, at: t % (n + 1)))
                }
            }
        }
        self.t = done.t
    }
}
