/// The episodic kernel: many ticks of a method that acts, takes the step and learns from it, and
/// learns again at each episode's end, in one loop on a world of plain moves with no tick's
/// report built. The policy-gradient methods and imitation (`EpisodicPolicyGradient`), the
/// state-value prediction methods (`EpisodicPrediction`) and Monte Carlo ES (whose learning
/// from an episode chooses the next one's start) get it by saying what they do with a step and
/// with an episode; their `step()` is written once below from the same parts, so the kernel
/// contract test holds the loop bit for bit to it.
protocol EpisodicKernelMethod: KernelRunner {
    /// A in S (`state`: the true S_t, `S` as the method sees it), the behaviour policy's choice
    /// with its random numbers drawn from `rng` exactly as `step()` draws them. A driven action
    /// (`Learner.driven`) is taken by `step()` before this is asked.
    mutating func chooseAction(_ S: Int, state: Int, rng: inout Xoshiro256) -> Int
    /// Keeps S_t, A_t, R_{t+1} of the episode under way (`state`: the true S_t).
    mutating func remember(_ S: Int, _ A: Int, _ R: Double, from state: Int)
    /// Learns from the step S, A, R, S' just taken (`ends`: S' is terminal) and returns the
    /// update the explain box shows; `nil` for a method that waits for the episode's end.
    /// The kernel calls it with the walk and the counters still in its locals: it reads only
    /// the method's own tables and parameters.
    mutating func learnFromStep(_ S: Int, _ A: Int, _ R: Double, next S2: Int, ends: Bool) -> Update?
    /// The values the last `learnFromStep` changed (the counters' backups); read just after it.
    var backupsPerStep: Int { get }
    /// The episode just ended (`tick.episodeEnd`; the walk is on the next one's start): the
    /// method's learning from it (its box's loop over the steps), recorded in `tick`. It may
    /// start the next episode elsewhere (exploring starts): the kernel reads the walk after it.
    mutating func learnFromEpisode(into tick: inout Tick)
}

extension EpisodicKernelMethod {
    /// One tick: one step of the episode (A chosen, taken, observed), the method's learning
    /// from it, and at the episode's end from the episode. The kernel below is this loop with
    /// no tick built.
    mutating func step() -> Tick {
        var tick = Tick()
        let S = learner.state, state = learner.agent.state
        let A: Int
        if let driven = learner.takeDriven() {
            A = driven
        } else {
            // Out and back: the choice may change the method's own tables (a cached softmax).
            var rng = learner.agent.rng
            A = chooseAction(S, state: state, rng: &rng)
            learner.agent.rng = rng
        }
        let (R, S2) = learner.take(A, into: &tick)                      // take A, observe R, S'
        remember(S, A, R, from: state)
        if let u = learnFromStep(S, A, R, next: S2, ends: tick.transition?.ends ?? false) {
            learner.record(u, backups: backupsPerStep, in: &tick)
        }
        if tick.episodeEnd != nil { learnFromEpisode(into: &tick) }
        return tick
    }

    /// A method that keeps nothing of a step for the episode's end keeps nothing.
    mutating func remember(_ S: Int, _ A: Int, _ R: Double, from state: Int) {}
    /// A method that learns only from whole episodes learns nothing from a step.
    mutating func learnFromStep(_ S: Int, _ A: Int, _ R: Double, next S2: Int, ends: Bool) -> Update? { nil }
    /// A step's update changes one value.
    var backupsPerStep: Int { 1 }

    /// A driven step is ticked before the kernel runs.
    var kernelReady: Bool { learner.driven == nil }

    /// Up to `steps` ticks (fewer when `log` is satisfied at an episode's end; returns the
    /// ticks taken), compiled for one reward a move or one per move.
    @discardableResult
    mutating func runKernel<Log: StepRecorder>(_ steps: Int, in world: PlainMoves, log: inout Log) -> Int {
        guard let rewards = world.rewards else { return runKernel(steps, PlainMoves.OneReward(world: world), log: &log) }
        return runKernel(steps, PlainMoves.RewardPerMove(world: world, rewards: rewards), log: &log)
    }

    /// The walk and the counters are moved out into locals for the loop (in registers, not
    /// written through `self` every step), and back while the method learns from an episode.
    @inline(__always)
    private mutating func runKernel<Log: StepRecorder, World: Moves>(_ steps: Int, _ moves: World, log: inout Log) -> Int {
        let model = learner.agent.model, cap = learner.agent.cap, gamma = learner.gamma
        var walk = learner.agent.walk, counters = learner.counters
        var taken = steps
        for i in 0..<steps {
            let state = walk.state, S = model.observed(state)
            let A = chooseAction(S, state: state, rng: &walk.rng)
            let (step, end) = walk.act(A, in: moves, starts: model, cap: cap, gamma: gamma, counting: &counters)
            counters.ticks += 1
            log.visited(state, tick: counters.ticks &- 1)
            remember(S, A, step.reward, from: state)
            let stepUpdate = learnFromStep(S, A, step.reward, next: model.observed(step.next), ends: step.ends)
            if stepUpdate != nil { counters.backups += backupsPerStep }
            guard let end else {
                if let u = stepUpdate { log.updated(u.state, tdError: u.target - u.old) }
                continue
            }
            (learner.agent.walk, learner.counters) = (walk, counters)
            var tick = Tick()
            tick.episodeEnd = end
            learnFromEpisode(into: &tick)
            (walk, counters) = (learner.agent.walk, learner.counters)
            // A tick reports its last update: the episode's, if it made one, else the step's.
            if let u = tick.update ?? stepUpdate { log.updated(u.state, tdError: u.target - u.old) }
            log.episodeEnded(end, counters: counters)
            if log.isSatisfied { taken = i + 1; break }
        }
        (learner.agent.walk, learner.counters) = (walk, counters)
        return taken
    }
}
