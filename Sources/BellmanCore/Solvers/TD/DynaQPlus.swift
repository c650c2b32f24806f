/// Dyna-Q+: Dyna-Q whose planning rewards trying what has not been tried for long, so that it
/// finds out when the world has changed (S&B 2018, §8.3).
///
///     Loop forever:                              (one real step per tick, with its planning)
///         (a) S <- current (nonterminal) state
///         (b) A <- epsilon-greedy(S, Q)
///         (c) Take action A; observe resultant reward, R, and state, S'
///         (d) Q(S,A) <- Q(S,A) + alpha [R + gamma max_a Q(S',a) - Q(S,A)]
///         (e) Model(S,A) <- R, S'; tau(S,A) <- 0
///         (f) Loop repeat n times:
///                 S <- random previously observed state
///                 A <- random action in S, tried or not
///                 R, S' <- Model(S,A)
///                 Q(S,A) <- Q(S,A) + alpha [R + kappa sqrt(tau(S,A)) + gamma max_a Q(S',a) - Q(S,A)]
///
/// tau(S,A) counts the real steps since the pair was last tried (since the start for one never
/// tried). As the book's footnote says, actions never tried in an observed state are planned
/// too, their model going back to the same state with reward 0. The bonus is only in planning:
/// real steps learn the real reward. n is `planningSteps`, kappa `--kappa` (default 1e-3).
public struct DynaQPlus: ActionValueLearner {
    public static let info = MethodInfo(
        id: "dyna-q-plus", family: .td,
        summary: "Dyna-Q whose planning rewards long-untried actions, kappa sqrt(tau) (S&B §8.3)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .epsilon, .planningSteps, .kappa, .initialValue, .seed, .ties],
        defaultAlpha: 0.1,
        make: { model, parameters in try DynaQPlus(model: model, parameters: parameters) })

    var learner: Learner
    var Q: ActionValueTable
    /// Not private: build mode (TD+Editing.swift) carries it to the edited map.
    var model: LearnedModel

    public init(model: Model, parameters: Parameters) throws {
        try ParameterRules.check(.planningSteps, parameters.planningSteps)
        learner = Learner(Self.info, model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        self.model = LearnedModel(model: model)
    }

    mutating func step() -> Tick {
        var tick = Tick()
        let alpha = learner.alpha, gamma = learner.gamma, kappa = learner.parameters.kappa
        // (a)-(c)
        let S = learner.state
        let A = learner.epsilonGreedy(Q, S)
        let (R, S2) = learner.take(A, into: &tick)
        // (d) direct reinforcement learning, on the real reward
        learner.record(Q.qLearningBackup(S, A, toward: R, S2, ends: false, alpha: alpha, gamma: gamma), in: &tick)
        // (e) model learning; tau(S,A) starts again
        let now = learner.counters.samples
        model.remember(S, A, R, S2, ends: tick.transition!.ends, at: now)
        // (f) planning, with the exploration bonus
        for _ in 0..<Swift.max(learner.parameters.planningSteps, 0) {
            let s = model.randomObservedState(&learner.agent.rng)
            let a = learner.agent.rng.below(Q.count(s))
            let (r, s2, ends) = model.outcome(s, a)
            let tau = Double(model.sinceTried(s, a, at: now))
            Q.qLearningBackup(s, a, toward: r + kappa * tau.squareRoot(), s2, ends: ends, alpha: alpha, gamma: gamma)
            learner.recordPlanning(in: &tick)
        }
        return tick
    }
}
