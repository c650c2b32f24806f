/// The policy-gradient methods (REINFORCE, with baseline, actor-critic, GRPO, RLOO, and
/// imitation, their supervised twin) on a world of plain moves: the episode generated
/// following pi in the episodic kernel (`EpisodicKernel.swift`), and the method's own learning
/// after each step and at each episode's end. A method says what it does with a step and with
/// an episode (`EpisodicKernelMethod`); acting is the same for all of them.
protocol EpisodicPolicyGradient: PolicyGradientLearner, EpisodicKernelMethod {}

extension EpisodicPolicyGradient {
    /// "A ~ pi(.|S)": the policy of S computed (the step's learning reads pi(A|S)) and an
    /// action drawn. (Only imitation may be driven, skipping this: its learning computes the
    /// policy of S itself.)
    @inline(__always)
    mutating func chooseAction(_ S: Int, state: Int, rng: inout Xoshiro256) -> Int {
        theta.policy(S)
        return theta.draw(S, using: &rng)
    }
}
