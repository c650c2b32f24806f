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
