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
        runSteps(count) { solver, steps, world in solver.runPlain(steps, in: world) }
    }

    /// `steps` ticks of the box above on plain moves, bit for bit the ticks `step()` takes (a
    /// test checks it), in a loop of its own over local values: Q through a pointer (no
    /// copy-on-write check per write) and the walk in registers.
    private mutating func runPlain(_ steps: Int, in world: PlainMoves) {
        let alpha = learner.alpha, gamma = learner.gamma
        let epsilon = learner.parameters.epsilon, ties = learner.parameters.ties
        let model = learner.agent.model, cap = learner.agent.cap
        var values = Q.takeValues()
        let (walk, counters) = values.withUnsafeMutableBufferPointer { buffer in
            func loop<Width: RowWidth>(_ width: Width) -> (Walk, Counters) {
                Self.plainLoop(steps, Q: ActionValueTable.Rows(buffer, width: width), world: world,
                               walk: learner.agent.walk, counters: learner.counters, alpha: alpha, gamma: gamma,
                               epsilon: epsilon, ties: ties, starts: model, cap: cap)
            }
            return world.actionCount == 4 ? loop(FourActions()) : loop(ActionCount(count: world.actionCount))
        }
        Q.putValues(values)
        learner.agent.walk = walk
        learner.counters = counters
    }

    /// The loop of `runPlain`. The walk and counters come in and go out by value: held in an
    /// inout they would stay in the caller's memory, as the writes to Q might alias them.
    @inline(never)
    private static func plainLoop<Width: RowWidth>(_ steps: Int, Q: ActionValueTable.Rows<Width>, world: PlainMoves, walk start: Walk,
                                  counters before: Counters, alpha: Double, gamma: Double, epsilon: Double,
                                  ties: TieBreak, starts: Model, cap: Int) -> (Walk, Counters) {
        var walk = start, counters = before
        for _ in 0..<steps {
            let S = walk.state
            let A = Q.epsilonGreedy(S, epsilon: epsilon, ties: ties, rng: &walk.rng)
            let (step, _) = walk.act(A, in: world, starts: starts, cap: cap, gamma: gamma, counting: &counters)
            let old = Q[S, A]
            Q[S, A] = old + alpha * (step.reward + gamma * Q.max(step.next) - old)
        }
        counters.ticks += steps
        counters.backups += steps
        return (walk, counters)
    }

    /// Build mode: the tables carried to the edited map (see `StateMap`); the episode starts again.
    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
    }
}
