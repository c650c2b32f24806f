/// A bandit method with sample averages whose pulls the bandit kernel runs where the world is
/// a stationary testbed and the next pull is the box's own (`step()` elsewhere): epsilon-greedy
/// and UCB, each giving its rule for the arm (`BanditKernel.ArmChoice`).
protocol BanditPulls: ActionValueLearner {
    associatedtype Choice: BanditKernel.ArmChoice
    var averages: ReturnAverages { get set }
    /// The method's rule for the arm, given `room` for a number per arm that it may write at
    /// every pull.
    func armChoice(room: UnsafeMutablePointer<Double>) -> Choice
}

extension BanditPulls {
    public mutating func run(ticks count: Int) {
        var unlogged = Unlogged()
        run(ticks: count, recording: &unlogged)
    }

    /// See `Solver.runEpisodes`: a pull is an episode.
    public mutating func runEpisodes(_ count: Int, maxSamples: Int = Runner.maxBudget) -> [EpisodeEnd] {
        var recorder = EpisodeEnds(wanted: count)
        run(ticks: Swift.min(count, maxSamples - learner.counters.samples), recording: &recorder)
        return recorder.ends
    }

    /// `count` pulls told to `log`, by the method's own rule.
    mutating func run<Log: StepRecorder>(ticks count: Int, recording log: inout Log) {
        var room = [Double](repeating: 0, count: Q.actionCount)
        room.withUnsafeMutableBufferPointer { room in pull(count, log: &log, choice: armChoice(room: room.baseAddress!)) }
    }

    /// `count` pulls told to `log` through the kernel with `choice`; `false`, with nothing
    /// done, where the kernel does not serve (a walking testbed, another world, a driven pull).
    mutating func pullThroughKernel<Log: StepRecorder, Choice: BanditKernel.ArmChoice>(_ count: Int, log: inout Log, choice: Choice) -> Bool {
        let agent = learner.agent
        guard count > 0, learner.driven == nil, let arms = agent.arms, arms.walkSD == 0, let S = agent.model.banditState,
              agent.state == S, agent.cap >= 1 else { return false }
        var values = Q.takeValues(), counts = averages.takeCounts()
        let k = agent.model.actionCount(of: S), A = Q.actionCount
        let after = values.withUnsafeMutableBufferPointer { q in
            counts.withUnsafeMutableBufferPointer { n in
                arms.trueValues.withUnsafeBufferPointer { trueValues in
                    BanditKernel.pull(count, BanditKernel.Arms(q: q.baseAddress! + S * A, n: n.baseAddress! + S * A,
                                                               trueValues: trueValues.baseAddress!, k: k, rewardSD: arms.rewardSD,
                                                               alpha: learner.parameters.alpha, state: S),
                                      choice: choice, rng: agent.rng, counters: learner.counters, log: log)
                }
            }
        }
        Q.putValues(values)
        averages.putCounts(counts)
        learner.agent.rng = after.rng
        learner.counters = after.counters
        log = after.log
        return true
    }

    /// `count` ticks told to `log`: through the kernel where it serves, else step by step.
    mutating func pull<Log: StepRecorder, Choice: BanditKernel.ArmChoice>(_ count: Int, log: inout Log, choice: Choice) {
        if !pullThroughKernel(count, log: &log, choice: choice) {
            runSteps(count, log: &log, kernel: false) { _, _, _, _ in 0 }
        }
    }
}

extension EpsilonGreedy: BanditPulls {
    func armChoice(room: UnsafeMutablePointer<Double>) -> BanditKernel.EpsilonGreedyChoice<BanditKernel.MethodsDraw> {
        BanditKernel.EpsilonGreedyChoice(epsilon: learner.parameters.epsilon, ties: learner.parameters.ties)
    }

    /// `count` pulls told to `log`, an exploring pull's arm drawn by `draw` (the benchmark's
    /// W9 takes `ref.c`'s rule).
    mutating func run<Log: StepRecorder, Draw: BanditKernel.ArmDraw>(ticks count: Int, recording log: inout Log, draw: Draw.Type) {
        let parameters = learner.parameters
        pull(count, log: &log, choice: BanditKernel.EpsilonGreedyChoice<Draw>(epsilon: parameters.epsilon, ties: parameters.ties))
    }
}

extension UCB: BanditPulls {
    func armChoice(room: UnsafeMutablePointer<Double>) -> BanditKernel.UpperConfidenceChoice {
        BanditKernel.UpperConfidenceChoice(c: learner.parameters.c, ties: learner.parameters.ties, bounds: room)
    }
}
