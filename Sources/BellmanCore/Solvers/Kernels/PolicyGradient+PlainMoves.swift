/// The policy-gradient methods (REINFORCE, with baseline, actor-critic, GRPO, RLOO) on a world
/// of plain moves: the episode generated following pi in one loop with no tick's report built,
/// and the method's own learning after each step and at each episode's end. A method gets it
/// by saying what it does with a step and with an episode; the kernel contract test holds it
/// bit for bit to the method's `step()`, which is made of the same parts (act, take, learn
/// from the step; at the episode's end, learn from the episode).
protocol EpisodicPolicyGradient: PolicyGradientLearner, KernelRunner {
    /// Keeps S_t, A_t, R_{t+1} of the episode under way (`state`: the true S_t).
    mutating func remember(_ S: Int, _ A: Int, _ R: Double, from state: Int)
    /// Learns from the step S, A, R, S' just taken (`ends`: S' is terminal) and returns the
    /// update the explain box shows; `nil` for a method that waits for the episode's end.
    mutating func learnFromStep(_ S: Int, _ A: Int, _ R: Double, next S2: Int, ends: Bool) -> Update?
    /// The table rows one step's learning changes (`learnFromStep`).
    static var backupsPerStep: Int { get }
    /// The episode just ended: the method's learning from it (its box's loop over the
    /// steps), recorded in `tick`.
    mutating func learnFromEpisode(into tick: inout Tick)
}

extension EpisodicPolicyGradient {
    /// One tick: one step of the episode generated following pi (GRPO: of the group's
    /// episodes, from its one start), then the method's learning from it, and at the
    /// episode's end from the episode. The kernel below is this loop with no tick built.
    mutating func step() -> Tick {
        var tick = Tick()
        let S = learner.state, state = learner.agent.state
        let A = act(S)                                                  // A ~ pi(.|S)
        let (R, S2) = learner.take(A, into: &tick)                      // take A, observe R, S'
        remember(S, A, R, from: state)
        if let u = learnFromStep(S, A, R, next: S2, ends: tick.transition?.ends ?? false) {
            learner.record(u, backups: Self.backupsPerStep, in: &tick)
        }
        if tick.episodeEnd != nil { learnFromEpisode(into: &tick) }
        return tick
    }

    /// An episodic method keeps the step for the episode's end (below); a step-by-step one
    /// (actor-critic) needs nothing kept.
    mutating func remember(_ S: Int, _ A: Int, _ R: Double, from state: Int) {}
    /// A method that learns only from whole episodes learns nothing from a step.
    mutating func learnFromStep(_ S: Int, _ A: Int, _ R: Double, next S2: Int, ends: Bool) -> Update? { nil }
    static var backupsPerStep: Int { 0 }
}

extension EpisodicPolicyGradient {
    /// A driven step (imitation is not one of these; a refused drive leaves none) is ticked
    /// before the kernel runs.
    var kernelReady: Bool { learner.driven == nil }

    /// Up to `steps` ticks (fewer when `log` is satisfied at an episode's end; returns the
    /// ticks taken), compiled for one reward a move or one per move.
    @discardableResult
    mutating func runKernel<Log: StepRecorder>(_ steps: Int, in world: PlainMoves, log: inout Log) -> Int {
        guard let rewards = world.rewards else { return runKernel(steps, PlainMoves.OneReward(world: world), log: &log) }
        return runKernel(steps, PlainMoves.RewardPerMove(world: world, rewards: rewards), log: &log)
    }

    /// The walk and the counters are moved out into locals for the loop (in registers, not
    /// written through `self` every step), and back while the method learns.
    @inline(__always)
    private mutating func runKernel<Log: StepRecorder, World: Moves>(_ steps: Int, _ moves: World, log: inout Log) -> Int {
        let model = learner.agent.model, cap = learner.agent.cap, gamma = learner.gamma
        var walk = learner.agent.walk, counters = learner.counters
        var taken = steps
        for i in 0..<steps {
            let state = walk.state, S = model.observed(state)
            // Generate the episode following pi.
            theta.policy(S)
            let A = theta.draw(S, using: &walk.rng)
            let (step, end) = walk.act(A, in: moves, starts: model, cap: cap, gamma: gamma, counting: &counters)
            counters.ticks += 1
            log.visited(state)
            remember(S, A, step.reward, from: state)
            if let u = learnFromStep(S, A, step.reward, next: model.observed(step.next), ends: step.ends) {
                counters.backups += Self.backupsPerStep
                log.updated(u.state, tdError: u.target - u.old)
            }
            guard let end else { continue }
            (learner.agent.walk, learner.counters) = (walk, counters)
            var tick = Tick()
            tick.episodeEnd = end
            learnFromEpisode(into: &tick)
            (walk, counters) = (learner.agent.walk, learner.counters)
            if let u = tick.update { log.updated(u.state, tdError: u.target - u.old) }
            log.episodeEnded(end, ticks: counters.ticks, samples: counters.samples)
            if log.isSatisfied { taken = i + 1; break }
        }
        (learner.agent.walk, learner.counters) = (walk, counters)
        return taken
    }
}
