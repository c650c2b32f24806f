/// Tabular TD(0) for estimating v_pi of the equiprobable random policy (S&B 2018, §6.1,
/// boxed algorithm).
///
///     Loop for each episode:
///         Initialize S
///         Loop for each step of episode:         (one step per tick)
///             A <- action given by pi for S
///             Take action A, observe R, S'
///             V(S) <- V(S) + alpha [R + gamma V(S') - V(S)]
///             S <- S'
///         until S is terminal
public struct TD0: Solver {
    public static let info = MethodInfo(
        id: "td0", family: .td,
        summary: "V of the random (or --policy) policy by one-step TD updates (S&B §6.1)",
        learnsQ: false, isPrediction: true,
        parameters: [.gamma, .alpha, .initialValue, .seed],
        defaultAlpha: 0.1,
        make: { model, parameters in TD0(model: model, parameters: parameters) })

    public var method: MethodInfo { Self.info }
    public var parameters: Parameters { didSet { agent.gamma = parameters.gamma } }
    public private(set) var counters = Counters()
    public var isFinished: Bool { false }
    public var agentState: Int? { agent.state }
    public var stateValues: [Double] { V }
    public var actionValues: [Double]? { nil }
    private var agent: Agent
    private var V: [Double]
    private var alpha: Double { parameters.alpha ?? Self.info.defaultAlpha! }

    public init(model: Model, parameters: Parameters) {
        self.parameters = parameters
        agent = Agent(model: model, parameters: parameters)
        V = model.isTerminal.map { $0 ? 0 : parameters.initialValue }
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
        let old = V[S]
        let target = R + parameters.gamma * V[S2]
        V[S] = old + alpha * (target - old)
        counters.backups += 1
        counters.ticks += 1
        tick.transition = transition
        tick.update = Update(state: S, action: nil, old: old, target: target, new: V[S], stepSize: alpha,
                             bootstrap: V[S2])
        tick.updates = 1
        tick.episodeEnd = episodeEnd
        return tick
    }
}
