/// Tabular TD(lambda) with eligibility traces, estimating v_pi of the equiprobable random
/// policy (S&B 2018, §12.2, the semi-gradient TD(lambda) box with one feature per state).
///
///     Loop for each episode:
///         Initialize S; e <- 0
///         Loop for each step of episode:        (one step per tick)
///             A <- action given by pi for S
///             Take action A, observe R, S'
///             e(S) <- e(S) + 1                  (replacing traces: e(S) <- 1)
///             delta <- R + gamma V(S') - V(S)
///             For all s: V(s) <- V(s) + alpha delta e(s); e(s) <- gamma lambda e(s)
///             S <- S'
///         until S' is terminal
public struct TDLambda: StateValueLearner {
    public static let info = MethodInfo(
        id: "td-lambda", family: .td,
        summary: "V of the random (or --policy) policy by TD(lambda) with eligibility traces (S&B §12.2)",
        learnsQ: false, isPrediction: true,
        parameters: [.gamma, .alpha, .lambda, .replacingTraces, .initialValue, .seed],
        defaultAlpha: 0.1,
        make: { model, parameters in TDLambda(model: model, parameters: parameters) })

    var learner: Learner
    var V: [Double]
    /// Not private: build mode (TD+Editing.swift) sizes it to the edited map.
    var e: EligibilityTraces

    public init(model: Model, parameters: Parameters) {
        learner = Learner(Self.info, model: model, parameters: parameters)
        V = model.initialValues(parameters.initialValue)
        e = EligibilityTraces(count: model.stateCount)
    }

    mutating func step() -> Tick {
        var tick = Tick()
        let S = learner.state
        let A = learner.targetAction()
        let (R, S2) = learner.take(A, into: &tick)
        let parameters = learner.parameters, alpha = learner.alpha
        e.visit(S, replacing: parameters.replacingTraces)
        let old = V[S]
        let bootstrap = V[S2]  // read before the traced update moves it
        let delta = R + parameters.gamma * bootstrap - old
        let updated = e.update(&V, step: alpha * delta, decay: parameters.gamma * parameters.lambda)
        if tick.episodeEnd != nil { e.clear() }
        learner.record(Update(state: S, action: nil, old: old, target: old + delta, new: V[S], stepSize: alpha,
                              bootstrap: bootstrap), backups: updated, in: &tick)
        return tick
    }
}
