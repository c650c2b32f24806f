/// The state-value prediction methods (TD(0), n-step TD, TD(lambda), MC prediction, off-policy
/// MC prediction) on a world of plain moves: the episode generated following pi in the
/// episodic kernel (`EpisodicKernel.swift`), each method's learning from a step and from an
/// episode its own (`learnFromStep`, `learnFromEpisode` in its file, the book's box).
protocol EpisodicPrediction: StateValueLearner, EpisodicKernelMethod {}

extension EpisodicPrediction {
    /// "A <- action given by pi for S": the target policy in the true state (`--policy`, or
    /// the equiprobable random one).
    @inline(__always)
    mutating func chooseAction(_ S: Int, state: Int, rng: inout Xoshiro256) -> Int {
        let actions = learner.agent.model.actionCount(of: state)
        guard learner.parameters.policy != nil else { return rng.below(actions) }
        return learner.parameters.policy.unsafelyUnwrapped.sample(state, actions: actions, using: &rng)
    }
}

/// With `--batch` the steps go through `step()` (its learning is the same parts, batch kept
/// by `learnFromStep` and presented by `learnFromEpisode`): the passes over every episode so
/// far are the run's cost, not the steps, and the batch may stop the method at an episode's
/// end, which the playground's observed run and `runEpisodes` ask after every tick.
extension TD0 {
    var kernelReady: Bool { learner.driven == nil && batch == nil }
}

extension MCPrediction {
    var kernelReady: Bool { learner.driven == nil && batch == nil }
}
