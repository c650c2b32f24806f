/// Q-learning: off-policy TD control (S&B 2018, §6.5, boxed algorithm).
///
///     Loop for each episode:
///         Initialize S
///         Loop for each step of episode:         (one step per tick)
///             Choose A from S using policy derived from Q (epsilon-greedy)
///             Take action A, observe R, S'
///             Q(S,A) <- Q(S,A) + alpha [R + gamma max_a Q(S',a) - Q(S,A)]
///             S <- S'
///         until S is terminal
public struct QLearning: ActionValueLearner {
    public static let info = MethodInfo(
        id: "q-learning", family: .td,
        summary: "Q* by off-policy TD control, behaving epsilon-greedily (S&B §6.5)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .epsilon, .initialValue, .seed, .ties],
        defaultAlpha: 0.5,
        make: { model, parameters in QLearning(model: model, parameters: parameters) })

    var learner: Learner
    var Q: ActionValueTable

    public init(model: Model, parameters: Parameters) {
        learner = Learner(Self.info, model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
    }

    @inline(__always)
    mutating func step() -> Tick {
        var tick = Tick()
        let S = learner.state
        let A = learner.epsilonGreedy(Q, S)
        let (R, S2) = learner.take(A, into: &tick)
        let old = Q[S, A], alpha = learner.alpha
        let bootstrap = Q.max(S2)
        let target = R + learner.gamma * bootstrap
        Q[S, A] = old + alpha * (target - old)
        learner.record(Update(state: S, action: A, old: old, target: target, new: Q[S, A], stepSize: alpha,
                              bootstrap: bootstrap), in: &tick)
        return tick
    }
}

extension QLearning {
    public mutating func run(ticks count: Int) {
        runSteps(count) { solver, steps, world in
            var unlogged = Unlogged()
            solver.runPlain(steps, in: world, recording: &unlogged)
        }
    }

    /// The playground's run (see `Solver.run(ticks:logging:)`): `count - 1` ticks of the plain
    /// loop, told to `log`, then one `tick()` whose report is returned.
    public mutating func run(ticks count: Int, logging log: inout StepLog) -> Tick? {
        guard count > 1, !learner.agent.scheduled, let world = learner.agent.model.plainMoves else { return nil }
        log.withWriter { writer in
            var writer = writer
            runPlain(count - 1, in: world, recording: &writer)
            return writer
        }
        return tick()
    }

    /// `steps` ticks of the box above on plain moves, bit for bit the ticks `step()` takes (a
    /// test checks it), in a loop of its own over local values: Q through a pointer (no
    /// copy-on-write check per write) and the walk in registers.
    private mutating func runPlain<Recorder: StepRecorder>(_ steps: Int, in world: PlainMoves, recording recorder: inout Recorder) {
        let alpha = learner.alpha, gamma = learner.gamma
        let epsilon = learner.parameters.epsilon, ties = learner.parameters.ties
        let model = learner.agent.model, cap = learner.agent.cap
        var values = Q.takeValues()
        let (walk, counters, recorded) = values.withUnsafeMutableBufferPointer { buffer in
            func loop<Width: RowWidth>(_ width: Width) -> (Walk, Counters, Recorder) {
                Self.plainLoop(steps, Q: ActionValueTable.Rows(buffer, width: width), world: world,
                               walk: learner.agent.walk, counters: learner.counters, recorder: recorder,
                               alpha: alpha, gamma: gamma, epsilon: epsilon, ties: ties, starts: model, cap: cap)
            }
            return world.actionCount == 4 ? loop(FourActions()) : loop(ActionCount(count: world.actionCount))
        }
        Q.putValues(values)
        learner.agent.walk = walk
        learner.counters = counters
        recorder = recorded
    }

    /// The loop of `runPlain`. The walk, counters and recorder come in and go out by value:
    /// held in an inout they would stay in the caller's memory, as the writes to Q might
    /// alias them.
    @inline(never)
    private static func plainLoop<Width: RowWidth, Recorder: StepRecorder>(
        _ steps: Int, Q: ActionValueTable.Rows<Width>, world: PlainMoves, walk start: Walk, counters before: Counters,
        recorder given: Recorder, alpha: Double, gamma: Double, epsilon: Double, ties: TieBreak, starts: Model, cap: Int
    ) -> (Walk, Counters, Recorder) {
        var walk = start, counters = before, recorder = given
        for i in 0..<steps {
            let S = walk.state
            let A = Q.epsilonGreedy(S, epsilon: epsilon, ties: ties, rng: &walk.rng)
            let (step, end) = walk.act(A, in: world, starts: starts, cap: cap, gamma: gamma, counting: &counters)
            let old = Q[S, A]
            let target = step.reward + gamma * Q.max(step.next)
            Q[S, A] = old + alpha * (target - old)
            recorder.step(from: S, tdError: target - old)
            if let end { recorder.episodeEnded(end, ticks: before.ticks + i + 1, samples: counters.samples) }
        }
        counters.ticks += steps
        counters.backups += steps
        return (walk, counters, recorder)
    }

    /// Build mode: the tables carried to the edited map (see `StateMap`); the episode starts again.
    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
    }
}
