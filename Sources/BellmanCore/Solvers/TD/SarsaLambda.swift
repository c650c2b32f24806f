/// Tabular Sarsa(lambda) with eligibility traces (S&B 2018, §12.7, the Sarsa(lambda) box
/// with one feature per state-action pair).
///
///     Loop for each episode:
///         Initialize S; choose A from S epsilon-greedily; e <- 0
///         Loop for each step of episode:        (one step per tick)
///             Take action A, observe R, S'
///             Choose A' from S' epsilon-greedily
///             e(S,A) <- e(S,A) + 1              (replacing traces: e(S,A) <- 1)
///             delta <- R + gamma Q(S',A') - Q(S,A)
///             For all s, a: Q(s,a) <- Q(s,a) + alpha delta e(s,a); e(s,a) <- gamma lambda e(s,a)
///             S <- S'; A <- A'
///         until S' is terminal
public struct SarsaLambda: ActionValueLearner {
    public static let info = MethodInfo(
        id: "sarsa-lambda", family: .td,
        summary: "Q by Sarsa(lambda): on-policy TD control with eligibility traces (S&B §12.7)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .epsilon, .lambda, .replacingTraces, .initialValue, .seed, .ties],
        defaultAlpha: 0.1,
        make: { model, parameters in SarsaLambda(model: model, parameters: parameters) })

    var learner: Learner
    var Q: ActionValueTable
    /// Not private: build mode (TD+Editing.swift) sizes the traces to the edited map.
    var e: EligibilityTraces
    /// A, chosen at the previous step (or at the episode's start). Not private, as `waiting`:
    /// driving (Sarsa+Driving.swift) takes your key as A.
    var A: Int
    /// You drive: the step you took, whose update waits for A' (Sarsa+Driving.swift).
    var waiting: SarsaStep?

    public init(model: Model, parameters: Parameters) {
        learner = Learner(Self.info, model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        e = EligibilityTraces(count: model.stateCount * model.actionCount)
        A = learner.epsilonGreedy(Q, learner.state)
    }

    mutating func step() -> Tick {
        var tick = Tick()
        // You drove the last step and handed back: A' is the policy's choice after all.
        if waiting != nil { handBack(into: &tick) }
        let S = learner.state
        let (R, S2) = learner.take(A, into: &tick)
        let A2 = chooseNext(S2, terminal: tick.transition?.ends ?? false)
        update((S, A, R, S2), A2: A2, into: &tick)
        if tick.episodeEnd != nil {
            startEpisode()
        } else {
            A = A2
        }
        return tick
    }

    /// e(S,A) <- e(S,A) + 1; delta <- R + gamma Q(S',A') - Q(S,A); every Q moves by alpha
    /// delta e and every e decays by gamma lambda. Returns A'.
    @inline(__always) @discardableResult
    mutating func update(_ step: SarsaStep, A2: Int, into tick: inout Tick) -> Int {
        let (S, A, R, S2) = step
        let parameters = learner.parameters, alpha = learner.alpha
        e.visit(S * Q.actionCount + A, replacing: parameters.replacingTraces)
        let old = Q[S, A]
        let bootstrap = Q[S2, A2]
        let delta = R + parameters.gamma * bootstrap - old
        let updated = e.update(&Q.values, step: alpha * delta, decay: parameters.gamma * parameters.lambda)
        learner.record(Update(state: S, action: A, old: old, target: old + delta, new: Q[S, A], stepSize: alpha,
                              bootstrap: bootstrap, nextAction: A2), backups: updated, in: &tick)
        return A2
    }

    /// Initialize S (the learner has); e <- 0; choose A from S.
    mutating func startEpisode() {
        e.clear()
        A = learner.epsilonGreedy(Q, learner.state)
    }
}
