/// Tabular Dyna-Q: Q-learning from real steps plus planning from a learned model (S&B 2018,
/// §8.2, boxed algorithm).
///
///     Loop forever:                              (one real step per tick, with its planning)
///         (a) S <- current (nonterminal) state
///         (b) A <- epsilon-greedy(S, Q)
///         (c) Take action A; observe resultant reward, R, and state, S'
///         (d) Q(S,A) <- Q(S,A) + alpha [R + gamma max_a Q(S',a) - Q(S,A)]
///         (e) Model(S,A) <- R, S'                (assuming deterministic environment)
///         (f) Loop repeat n times:
///                 S <- random previously observed state
///                 A <- random action previously taken in S
///                 R, S' <- Model(S,A)
///                 Q(S,A) <- Q(S,A) + alpha [R + gamma max_a Q(S',a) - Q(S,A)]
///
/// n is `planningSteps`. The model is the agent's own, learned from its real steps (never
/// the level's true dynamics): the last outcome seen for each (S, A), as the book's
/// deterministic-environment model. Planning updates are backups, not samples (DESIGN §3), so
/// a tick counts 1 sample and 1 + n backups; `tick.update` is the direct update (d), the one
/// the real step made, and `tick.updates` counts all of them.
///
/// Default alpha 0.1 and epsilon 0.1, the values of Figure 8.2 (Example 8.1, the Dyna maze).
public struct DynaQ: ActionValueLearner {
    public static let info = MethodInfo(
        id: "dyna-q", family: .td,
        summary: "Q-learning plus planning updates replayed from a learned model (S&B §8.2)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .epsilon, .planningSteps, .initialValue, .seed, .ties],
        defaultAlpha: 0.1,
        make: { model, parameters in try DynaQ(model: model, parameters: parameters) })

    var learner: Learner
    var Q: ActionValueTable
    /// Not private: build mode (TD+Editing.swift) carries it to the edited map.
    var model: LearnedModel
    /// `bench w7` only: the kernel draws its planning pairs as `ref.c` does (see
    /// `DynaQ+PlainMoves.swift`); `step()` is always the book's.
    var drawsLikeReference = false

    public init(model: Model, parameters: Parameters) throws {
        try ParameterRules.check(.planningSteps, parameters.planningSteps)
        learner = Learner(Self.info, model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        self.model = LearnedModel(model: model)
    }

    mutating func step() -> Tick {
        var tick = Tick()
        let alpha = learner.alpha, gamma = learner.gamma
        // (a)-(c)
        let S = learner.state
        let A = learner.epsilonGreedy(Q, S)
        let (R, S2) = learner.take(A, into: &tick)
        // (d) direct reinforcement learning
        learner.record(Q.qLearningBackup(S, A, toward: R, S2, ends: false, alpha: alpha, gamma: gamma), in: &tick)
        // (e) model learning
        model.remember(S, A, R, S2, ends: tick.transition!.ends, at: learner.counters.samples)
        // (f) planning
        for _ in 0..<Swift.max(learner.parameters.planningSteps, 0) {
            let s = model.randomObservedState(&learner.agent.rng)
            let a = model.randomTakenAction(s, &learner.agent.rng)
            let (r, s2, ends) = model.outcome(s, a)
            Q.qLearningBackup(s, a, toward: r, s2, ends: ends, alpha: alpha, gamma: gamma)
            learner.recordPlanning(in: &tick)
        }
        return tick
    }
}
