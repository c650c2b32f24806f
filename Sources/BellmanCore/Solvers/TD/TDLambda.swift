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
public struct TDLambda: EpisodicPrediction {
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
    /// The values the last step's traced update changed: every state with a trace.
    private(set) var backupsPerStep = 0

    public init(model: Model, parameters: Parameters) {
        learner = Learner(Self.info, model: model, parameters: parameters)
        V = model.initialValues(parameters.initialValue)
        e = EligibilityTraces(count: model.stateCount)
    }

    /// The loop's body after "Take action A, observe R, S'".
    mutating func learnFromStep(_ S: Int, _ A: Int, _ R: Double, next S2: Int, ends: Bool) -> Update? {
        let alpha = learner.alpha, gamma = learner.gamma, lambda = learner.parameters.lambda
        e.visit(S, replacing: learner.parameters.replacingTraces)      // e(S) <- e(S) + 1 (or 1)
        let old = V[S]
        let bootstrap = V[S2]  // read before the traced update moves it
        let delta = R + gamma * bootstrap - old                         // delta <- R + gamma V(S') - V(S)
        // For all s: V(s) <- V(s) + alpha delta e(s); e(s) <- gamma lambda e(s)
        backupsPerStep = e.update(&V, step: alpha * delta, decay: gamma * lambda)
        return Update(state: S, action: nil, old: old, target: old + delta, new: V[S], stepSize: alpha, bootstrap: bootstrap)
    }

    /// The next episode starts with e = 0.
    mutating func learnFromEpisode(into tick: inout Tick) { e.clear() }
}
