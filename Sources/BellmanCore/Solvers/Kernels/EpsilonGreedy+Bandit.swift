/// Epsilon-greedy's runs of many pulls through the bandit kernel where the world is a
/// stationary testbed and the next pull is the box's own; `step()` elsewhere.
extension EpsilonGreedy {
    public mutating func run(ticks count: Int) {
        var unlogged = Unlogged()
        run(ticks: count, recording: &unlogged, draw: BanditKernel.MethodsDraw.self)
    }

    /// See `Solver.runEpisodes`: a pull is an episode.
    public mutating func runEpisodes(_ count: Int, maxSamples: Int = Runner.maxBudget) -> [EpisodeEnd] {
        var recorder = EpisodeEnds(wanted: count)
        run(ticks: Swift.min(count, maxSamples - learner.counters.samples), recording: &recorder, draw: BanditKernel.MethodsDraw.self)
        return recorder.ends
    }

    /// `count` pulls told to `log`; `draw` is how an exploring pull picks its arm (the
    /// methods' rule; the benchmark's W9 takes `ref.c`'s).
    mutating func run<Log: StepRecorder, Draw: BanditKernel.ArmDraw>(ticks count: Int, recording log: inout Log, draw: Draw.Type) {
        let agent = learner.agent
        guard count > 0, learner.driven == nil, let arms = agent.arms, arms.walkSD == 0, let S = agent.model.banditState,
              agent.state == S, agent.cap >= 1 else {
            runSteps(count, log: &log, kernel: false) { _, _, _, _ in 0 }
            return
        }
        var values = Q.takeValues(), counts = averages.takeCounts()
        let k = agent.model.actionCount(of: S), A = Q.actionCount
        let after = values.withUnsafeMutableBufferPointer { q in
            counts.withUnsafeMutableBufferPointer { n in
                arms.trueValues.withUnsafeBufferPointer { trueValues in
                    BanditKernel.epsilonGreedy(count, BanditKernel.Arms(q: q.baseAddress! + S * A, n: n.baseAddress! + S * A,
                                                                       trueValues: trueValues.baseAddress!, k: k, rewardSD: arms.rewardSD,
                                                                       epsilon: learner.parameters.epsilon, alpha: learner.parameters.alpha,
                                                                       ties: learner.parameters.ties, state: S),
                                               draw: draw, rng: agent.rng, counters: learner.counters, log: log)
                }
            }
        }
        Q.putValues(values)
        averages.putCounts(counts)
        learner.agent.rng = after.rng
        learner.counters = after.counters
        log = after.log
    }
}
