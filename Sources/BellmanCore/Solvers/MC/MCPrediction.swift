/// First-visit (or every-visit) Monte Carlo prediction of v_pi for the equiprobable random
/// policy (S&B 2018, §5.1, boxed algorithm).
///
///     Loop forever (for each episode):
///         Generate an episode following pi       (one step per tick)
///         G <- 0
///         Loop for each step of episode, t = T-1, T-2, ..., 0:   (in the episode's last tick)
///             G <- gamma G + R_{t+1}
///             Unless S_t appears in S_0, S_1, ..., S_{t-1}:
///                 Append G to Returns(S_t)
///                 V(S_t) <- average(Returns(S_t))
///
/// The average is kept incrementally, V <- V + (G - V) / N (§2.4); with `alpha` it is the
/// constant-alpha MC of §6.1, V <- V + alpha (G - V). Episodes cut at the step cap are used
/// as they are.
public struct MCPrediction: Solver {
    public static let info = MethodInfo(
        id: "mc-prediction", family: .mc,
        summary: "V of the random (or --policy) policy by averaging returns, first-visit (S&B §5.1)",
        learnsQ: false, isPrediction: true,
        parameters: [.gamma, .alpha, .everyVisit, .initialValue, .seed],
        defaultAlpha: nil,
        make: { model, parameters in try MCPrediction(model: model, parameters: parameters) })

    public var method: MethodInfo { Self.info }
    public var parameters: Parameters { didSet { agent.gamma = parameters.gamma } }
    public private(set) var counters = Counters()
    public var isFinished: Bool { false }
    public var agentState: Int? { agent.state }
    public var stateValues: [Double] { V }
    public var actionValues: [Double]? { nil }
    private var agent: Agent
    private var V: [Double]
    /// N(s): the number of returns averaged into V(s).
    private var N: [Int]
    private var episode: EpisodeMemory

    public init(model: Model, parameters: Parameters) throws {
        if parameters.gamma == 1, let refusal = model.undiscountedRefusal(method: "Monte Carlo prediction") {
            throw SolverError(refusal)
        }
        self.parameters = parameters
        agent = Agent(model: model, parameters: parameters)
        V = model.isTerminal.map { $0 ? 0 : parameters.initialValue }
        N = Array(repeating: 0, count: model.stateCount)
        episode = EpisodeMemory(keys: model.stateCount)
    }

    /// Live physics (see `Solver.replaceModel`).
    public mutating func replaceModel(_ model: Model) {
        agent.replaceModel(model)
    }

    public mutating func tick() -> Tick {
        var tick = Tick()
        // Generate the episode following pi, one step per tick.
        let S = agent.state
        let A = agent.targetAction(parameters.policy)
        let (transition, episodeEnd) = agent.act(A, counting: &counters)
        episode.append(state: S, action: A, reward: transition.reward, key: S)
        counters.ticks += 1
        tick.transition = transition
        tick.episodeEnd = episodeEnd
        if episodeEnd != nil { returnPass(into: &tick) }
        return tick
    }

    private mutating func returnPass(into tick: inout Tick) {
        for (t, G) in episode.returns(gamma: parameters.gamma, everyVisit: parameters.everyVisit) {
            let s = Int(episode.states[t])
            N[s] += 1
            let stepSize = parameters.alpha ?? 1 / Double(N[s])
            let old = V[s]
            V[s] = old + stepSize * (G - old)
            counters.backups += 1
            tick.updates += 1
            tick.update = Update(state: s, action: nil, old: old, target: G, new: V[s], stepSize: stepSize)
        }
        episode.clear()
    }
}
