/// Q-learning: off-policy TD control (S&B 2018, §6.5, boxed algorithm).
///
///     Loop for each episode:
///         Initialize S
///         Loop for each step of episode:         (one step per tick)
///             Choose A from S using policy derived from Q (epsilon-greedy)
///             Take action A, observe R, S'
///             Q(S,A) <- Q(S,A) + alpha [R + gamma max_a Q(S',a) - Q(S,A)]
///             S <- S'
///         until S is terminal
public struct QLearning: Solver {
    public static let info = MethodInfo(
        id: "q-learning", family: .td,
        summary: "Q* by off-policy TD control, behaving epsilon-greedily (S&B §6.5)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .epsilon, .initialValue, .seed, .ties],
        defaultAlpha: 0.5,
        make: { model, parameters in QLearning(model: model, parameters: parameters) })

    public var method: MethodInfo { Self.info }
    public var parameters: Parameters { didSet { agent.gamma = parameters.gamma } }
    public private(set) var counters = Counters()
    public var isFinished: Bool { false }
    public var agentState: Int? { agent.state }
    public var stateValues: [Double] { Q.stateValues() }
    public var actionValues: [Double]? { Q.values }
    private var agent: Agent
    private var Q: ActionValueTable
    private var alpha: Double { parameters.alpha ?? Self.info.defaultAlpha! }

    public init(model: Model, parameters: Parameters) {
        self.parameters = parameters
        agent = Agent(model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
    }

    /// Live physics (see `Solver.replaceModel`).
    public mutating func replaceModel(_ model: Model) {
        agent.replaceModel(model)
    }

    public mutating func tick() -> Tick { step(reporting: true) }

    /// The same steps as `tick()`, without building their reports.
    public mutating func run(ticks count: Int) {
        for _ in 0..<count { _ = step(reporting: false) }
    }

    @inline(__always)
    private mutating func step(reporting: Bool) -> Tick {
        var tick = Tick()
        let S = agent.state
        let A = Q.epsilonGreedy(S, epsilon: parameters.epsilon, ties: parameters.ties, rng: &agent.rng)
        let (transition, episodeEnd) = agent.act(A, counting: &counters)
        let R = transition.reward, S2 = transition.next
        let old = Q[S, A]
        let bootstrap = Q.max(S2)
        let target = R + parameters.gamma * bootstrap
        Q[S, A] = old + alpha * (target - old)
        counters.backups += 1
        counters.ticks += 1
        guard reporting else { return tick }
        tick.transition = transition
        tick.update = Update(state: S, action: A, old: old, target: target, new: Q[S, A], stepSize: alpha,
                             bootstrap: bootstrap)
        tick.updates = 1
        tick.episodeEnd = episodeEnd
        return tick
    }
}
