/// A bandit method whose pulls the bandit kernel runs where the world is a stationary testbed
/// and the next pull is the box's own (`step()` elsewhere): epsilon-greedy, UCB and the
/// gradient bandit, each lending its rule (`BanditKernel.Rule`) over its tables.
protocol BanditKernelMethod: SampleBasedSolver {
    associatedtype Rule: BanditKernel.Rule
    /// Calls `body` with the method's rule over its tables' row of the bandit's state `S`
    /// (pointers valid only inside), and keeps what the rule `body` returns holds.
    mutating func lendRule(state S: Int, _ body: (Rule) -> Rule)
}

extension BanditKernelMethod {
    public mutating func run(ticks count: Int) {
        var unlogged = Unlogged()
        run(ticks: count, recording: &unlogged)
    }

    /// See `Solver.runEpisodes`: a pull is an episode.
    public mutating func runEpisodes(into ends: inout EpisodeEnds, maxSamples: Int) {
        run(ticks: Swift.min(ends.wanted - ends.ends.count, maxSamples - learner.counters.samples), recording: &ends)
    }

    /// `count` pulls told to `log`: through the kernel where it serves, else step by step.
    mutating func run<Log: StepRecorder>(ticks count: Int, recording log: inout Log) {
        pull(count, log: &log) { method, S, body in method.lendRule(state: S, body) }
    }

    /// `count` pulls told to `log` with the rule `lend` lends: through the kernel where it
    /// serves (not on a walking testbed, another world, or with a driven pull waiting), else
    /// step by step.
    mutating func pull<Log: StepRecorder, Lent: BanditKernel.Rule>(
        _ count: Int, log: inout Log, lend: (inout Self, _ S: Int, (Lent) -> Lent) -> Void
    ) {
        let agent = learner.agent
        guard count > 0, learner.driven == nil, let arms = agent.arms, arms.walkSD == 0, let S = agent.model.banditState,
              agent.state == S, agent.cap >= 1 else {
            runSteps(count, log: &log, kernel: false) { _, _, _, _ in 0 }
            return
        }
        var rng = agent.rng, counters = learner.counters, logged = log
        arms.trueValues.withUnsafeBufferPointer { trueValues in
            let task = BanditKernel.Task(trueValues: trueValues.baseAddress!, rewardSD: arms.rewardSD, state: S)
            lend(&self, S) { rule in
                let after = BanditKernel.pull(count, task, rule: rule, rng: rng, counters: counters, log: logged)
                (rng, counters, logged) = (after.rng, after.counters, after.log)
                return after.rule
            }
        }
        learner.agent.rng = rng
        learner.counters = counters
        log = logged
    }
}

/// Epsilon-greedy and UCB: sample averages (`ReturnAverages`), each with its rule for the arm
/// (`BanditKernel.ArmChoice`).
protocol BanditPulls: ActionValueLearner, BanditKernelMethod where Rule == BanditKernel.SampleAverages<Choice> {
    associatedtype Choice: BanditKernel.ArmChoice
    var averages: ReturnAverages { get set }
    /// The method's rule for the arm, given `room` for a number per arm that it may write at
    /// every pull.
    func armChoice(room: UnsafeMutablePointer<Double>) -> Choice
}

extension BanditPulls {
    mutating func lendRule(state S: Int, _ body: (Rule) -> Rule) {
        lendAverages(state: S, choice: armChoice, body)
    }

    /// Q and N of the bandit's row lent with `choice` (made given room for a number per arm).
    mutating func lendAverages<Chosen: BanditKernel.ArmChoice>(
        state S: Int, choice: (UnsafeMutablePointer<Double>) -> Chosen,
        _ body: (BanditKernel.SampleAverages<Chosen>) -> BanditKernel.SampleAverages<Chosen>
    ) {
        var values = Q.takeValues(), counts = averages.takeCounts()
        var room = [Double](repeating: 0, count: Q.actionCount)
        let k = learner.agent.model.actionCount(of: S), A = Q.actionCount, alpha = learner.parameters.alpha
        values.withUnsafeMutableBufferPointer { q in
            counts.withUnsafeMutableBufferPointer { n in
                room.withUnsafeMutableBufferPointer { room in
                    let arms = BanditKernel.Arms(q: q.baseAddress! + S * A, n: n.baseAddress! + S * A, k: k, alpha: alpha)
                    _ = body(BanditKernel.SampleAverages(arms: arms, choice: choice(room.baseAddress!)))
                }
            }
        }
        Q.putValues(values)
        averages.putCounts(counts)
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
        let choice = BanditKernel.EpsilonGreedyChoice<Draw>(epsilon: parameters.epsilon, ties: parameters.ties)
        pull(count, log: &log) { method, S, body in method.lendAverages(state: S, choice: { _ in choice }, body) }
    }
}

extension UCB: BanditPulls {
    func armChoice(room: UnsafeMutablePointer<Double>) -> BanditKernel.UpperConfidenceChoice {
        BanditKernel.UpperConfidenceChoice(c: learner.parameters.c, ties: learner.parameters.ties, bounds: room)
    }
}
