/// Prioritized sweeping for a deterministic environment (S&B 2018, §8.4, boxed algorithm):
/// planning backs up first the pairs whose values would change most, working backwards from
/// where something changed.
///
///     Loop forever:                              (one real step per tick, with its planning)
///         (a) S <- current (nonterminal) state
///         (b) A <- policy(S, Q)                  (epsilon-greedy)
///         (c) Take action A; observe resultant reward, R, and state, S'
///         (d) Model(S,A) <- R, S'
///         (e) P <- |R + gamma max_a Q(S',a) - Q(S,A)|
///         (f) if P > theta, then insert S,A into PQueue with priority P
///         (g) Loop repeat n times, while PQueue is not empty:
///                 S,A <- first(PQueue)
///                 R,S' <- Model(S,A)
///                 Q(S,A) <- Q(S,A) + alpha [R + gamma max_a Q(S',a) - Q(S,A)]
///                 Loop for all S-bar,A-bar predicted to lead to S:
///                     R-bar <- predicted reward for S-bar,A-bar,S
///                     P <- |R-bar + gamma max_a Q(S,a) - Q(S-bar,A-bar)|
///                     if P > theta then insert S-bar,A-bar into PQueue with priority P
///
/// n is `planningSteps`, theta `--priority-threshold` (default 1e-4). The real step updates
/// no value: every update is a planning backup from the queue (so a tick counts 1 sample and
/// as many backups as it made; the explain box shows the first). A pair already queued keeps
/// the higher of its priorities.
public struct PrioritizedSweeping: ActionValueLearner {
    public static let info = MethodInfo(
        id: "prioritized-sweeping", family: .td,
        summary: "planning backs up the pairs whose values would change most first (S&B §8.4)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .epsilon, .planningSteps, .priorityThreshold, .initialValue, .seed, .ties],
        defaultAlpha: 0.1,
        make: { model, parameters in try PrioritizedSweeping(model: model, parameters: parameters) })

    var learner: Learner
    var Q: ActionValueTable
    /// Not private: build mode (TD+Editing.swift) carries the model to the edited map and
    /// empties the queue.
    var model: LearnedModel
    var queue: PairQueue

    public init(model: Model, parameters: Parameters) throws {
        try ParameterRules.check(.planningSteps, parameters.planningSteps)
        learner = Learner(Self.info, model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        self.model = LearnedModel(model: model)
        queue = PairQueue(pairs: model.stateCount * model.actionCount)
    }

    mutating func step() -> Tick {
        var tick = Tick()
        let alpha = learner.alpha, gamma = learner.gamma, theta = learner.parameters.priorityThreshold
        let A_ = Q.actionCount
        // (a)-(c)
        let S = learner.state
        let A = learner.epsilonGreedy(Q, S)
        let (R, S2) = learner.take(A, into: &tick)
        let ends = tick.transition!.ends
        // (d)
        model.remember(S, A, R, S2, ends: ends, at: learner.counters.samples)
        // (e), (f)
        let P = abs(R + gamma * (ends ? 0 : Q.max(S2)) - Q[S, A])
        if P > theta { queue.insert(S * A_ + A, priority: P) }
        // (g)
        var n = 0
        while n < learner.parameters.planningSteps && !queue.isEmpty {
            n += 1
            let pair = queue.popFirst()
            let (s, a) = (pair / A_, pair % A_)
            let (r, s2, done) = model.outcome(s, a)
            let update = Q.qLearningBackup(s, a, toward: r, s2, ends: done, alpha: alpha, gamma: gamma)
            if n == 1 {
                learner.record(update, in: &tick)
            } else {
                learner.recordPlanning(in: &tick)
            }
            let valueOfS = Q.max(s)
            model.forEachPredecessor(of: s) { sBar, aBar in
                let rBar = model.outcome(sBar, aBar).R
                let p = abs(rBar + gamma * valueOfS - Q[sBar, aBar])
                if p > theta { queue.insert(sBar * A_ + aBar, priority: p) }
            }
        }
        return tick
    }
}
