/// Double Q-learning, for estimating Q1 ~ Q2 ~ q* (S&B 2018, §6.7, boxed algorithm).
///
///     Loop for each episode:
///         Initialize S
///         Loop for each step of episode:         (one step per tick)
///             Choose A from S using the policy epsilon-greedy in Q1 + Q2
///             Take action A, observe R, S'
///             With 0.5 probability:
///                 Q1(S,A) <- Q1(S,A) + alpha [R + gamma Q2(S', argmax_a Q1(S',a)) - Q1(S,A)]
///             else:
///                 Q2(S,A) <- Q2(S,A) + alpha [R + gamma Q1(S', argmax_a Q2(S',a)) - Q2(S,A)]
///             S <- S'
///         until S is terminal
///
/// One table picks the best next action and the other values it, so the max over noisy
/// estimates no longer biases the target upward (maximization bias, Example 6.7).
///
/// The estimate shown (`actionValues`, and V as its max) is the average (Q1 + Q2) / 2, kept
/// up to date as a third table. Acting epsilon-greedily in it is acting epsilon-greedily in
/// Q1 + Q2: halving changes no comparison. `tick.update` reports the table that was updated
/// (Q1 or Q2), its old and new value and the target; the average moves by half that change.
///
/// Default alpha 0.5, Q-learning's default here, so the two compare at equal step size
/// (Figure 6.5 uses 0.1 for both; set `alpha` to reproduce it).
public struct DoubleQLearning: ActionValueLearner {
    public static let info = MethodInfo(
        id: "double-q-learning", family: .td,
        summary: "Q* by two Q tables, each valuing the other's greedy action, against maximization bias (S&B §6.7)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .epsilon, .initialValue, .seed, .ties],
        defaultAlpha: 0.5,
        make: { model, parameters in DoubleQLearning(model: model, parameters: parameters) })

    var learner: Learner
    /// Not private: build mode (TD+Editing.swift) carries them to the edited map.
    var Q1: ActionValueTable
    var Q2: ActionValueTable
    /// (Q1 + Q2) / 2: what is shown, and what the agent acts in.
    var Q: ActionValueTable

    public init(model: Model, parameters: Parameters) {
        learner = Learner(Self.info, model: model, parameters: parameters)
        Q1 = ActionValueTable(model: model, initial: parameters.initialValue)
        Q2 = Q1
        Q = Q1
    }

    mutating func step() -> Tick {
        var tick = Tick()
        let S = learner.state
        let A = learner.epsilonGreedy(Q, S)
        let (R, S2) = learner.take(A, into: &tick)
        let update = learner.agent.rng.below(2) == 0
            ? Self.learn(&Q1, from: Q2, S, A, R, S2, &learner)
            : Self.learn(&Q2, from: Q1, S, A, R, S2, &learner)
        Q[S, A] = (Q1[S, A] + Q2[S, A]) / 2
        learner.record(update, in: &tick)
        return tick
    }

    /// X(S,A) <- X(S,A) + alpha [R + gamma Y(S', argmax_a X(S',a)) - X(S,A)].
    private static func learn(_ X: inout ActionValueTable, from Y: ActionValueTable, _ S: Int, _ A: Int, _ R: Double,
                              _ S2: Int, _ learner: inout Learner) -> Update {
        let best = learner.greedy(X, S2)
        let old = X[S, A], alpha = learner.alpha
        let bootstrap = Y[S2, best]
        let target = R + learner.gamma * bootstrap
        X[S, A] = old + alpha * (target - old)
        return Update(state: S, action: A, old: old, target: target, new: X[S, A], stepSize: alpha,
                      bootstrap: bootstrap, nextAction: best)
    }
}
