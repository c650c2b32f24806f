/// The gradient bandit's rule in the bandit kernel: the box of `GradientBandit.step()` (its
/// softmax, its draw, its ascent, written once) over the bandit's row of preferences.
extension GradientBandit: BanditKernelMethod {
    struct Preferences: BanditKernel.Rule {
        let H: UnsafeMutablePointer<Double>
        /// pi of the pull under way.
        let pi: UnsafeMutablePointer<Double>
        let k: Int, alpha: Double, baseline: Bool
        var averageReward: Double

        @inline(__always)
        func arm(pull t: Int, rng: inout Xoshiro256) -> Int {
            // pi(a) <- e^H(a) / sum_b e^H(b); A <- a drawn from pi
            GradientBandit.softmax(H, k, into: pi)
            return GradientBandit.drawn(pi, k, u: rng.unit())
        }

        @inline(__always)
        mutating func learn(_ A: Int, _ R: Double, pull t: Int) -> Double {
            let old = H[A]
            let baseline = GradientBandit.ascend(H, pi, k, A, R, t: t, alpha: alpha, averageReward: &averageReward,
                                                 baseline: self.baseline)
            return old + (R - baseline) * (1 - pi[A]) - old   // the explain box's target - old
        }

        var backupsPerPull: Int { k }
    }

    mutating func lendRule(state S: Int, _ body: (Preferences) -> Preferences) {
        let k = learner.agent.model.actionCount(of: S), row = S * learner.agent.model.actionCount
        let alpha = learner.alpha, baseline = learner.parameters.baseline, average = averageReward
        var after = average
        H.withUnsafeMutableBufferPointer { H in
            pi.withUnsafeMutableBufferPointer { pi in
                after = body(Preferences(H: H.baseAddress! + row, pi: pi.baseAddress!, k: k, alpha: alpha, baseline: baseline,
                                         averageReward: average)).averageReward
            }
        }
        averageReward = after
    }
}
