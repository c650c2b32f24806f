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
public struct TDLambda: Solver {
    public static let info = MethodInfo(
        id: "td-lambda", family: .td,
        summary: "V of the random (or --policy) policy by TD(lambda) with eligibility traces (S&B §12.2)",
        learnsQ: false, isPrediction: true,
        parameters: [.gamma, .alpha, .lambda, .replacingTraces, .initialValue, .seed],
        defaultAlpha: 0.1,
        make: { model, parameters in TDLambda(model: model, parameters: parameters) })

    public var method: MethodInfo { Self.info }
    public var parameters: Parameters { didSet { agent.gamma = parameters.gamma } }
    public private(set) var counters = Counters()
    public var isFinished: Bool { false }
    public var agentState: Int? { agent.state }
    public var stateValues: [Double] { V }
    public var actionValues: [Double]? { nil }
    private var agent: Agent
    private var V: [Double]
    private var e: EligibilityTraces
    private var alpha: Double { parameters.alpha ?? Self.info.defaultAlpha! }

    public init(model: Model, parameters: Parameters) {
        self.parameters = parameters
        agent = Agent(model: model, parameters: parameters)
        V = model.isTerminal.map { $0 ? 0 : parameters.initialValue }
        e = EligibilityTraces(count: model.stateCount)
    }

    /// Live physics (see `Solver.replaceModel`).
    public mutating func replaceModel(_ model: Model) {
        agent.replaceModel(model)
    }

    public mutating func tick() -> Tick {
        var tick = Tick()
        let S = agent.state
        let A = agent.targetAction(parameters.policy)
        let (transition, episodeEnd) = agent.act(A, counting: &counters)
        let R = transition.reward, S2 = transition.next
        e.visit(S, replacing: parameters.replacingTraces)
        let old = V[S]
        let delta = R + parameters.gamma * V[S2] - V[S]
        let updated = e.update(&V, step: alpha * delta, decay: parameters.gamma * parameters.lambda)
        if episodeEnd != nil { e.clear() }
        counters.backups += updated
        counters.ticks += 1
        tick.transition = transition
        tick.update = Update(state: S, action: nil, old: old, target: old + delta, new: V[S], stepSize: alpha,
                             bootstrap: V[S2])
        tick.updates = updated
        tick.episodeEnd = episodeEnd
        return tick
    }
}
