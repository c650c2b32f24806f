/// Sarsa: on-policy TD control (S&B 2018, §6.4, boxed algorithm).
///
///     Loop for each episode:
///         Initialize S
///         Choose A from S using policy derived from Q (epsilon-greedy)
///         Loop for each step of episode:         (one step per tick)
///             Take action A, observe R, S'
///             Choose A' from S' using policy derived from Q (epsilon-greedy)
///             Q(S,A) <- Q(S,A) + alpha [R + gamma Q(S',A') - Q(S,A)]
///             S <- S'; A <- A'
///         until S is terminal
public struct Sarsa: Solver {
    public static let info = MethodInfo(
        id: "sarsa", family: .td,
        summary: "Q by on-policy TD control with an epsilon-greedy policy (S&B §6.4)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .epsilon, .initialValue, .seed, .ties],
        defaultAlpha: 0.5,
        make: { model, parameters in Sarsa(model: model, parameters: parameters) })

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
    /// A, chosen at the previous step (or at the episode's start).
    private var A: Int

    public init(model: Model, parameters: Parameters) {
        self.parameters = parameters
        agent = Agent(model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        A = Q.epsilonGreedy(agent.state, epsilon: parameters.epsilon, ties: parameters.ties, rng: &agent.rng)
    }

    /// Live physics (see `Solver.replaceModel`).
    public mutating func replaceModel(_ model: Model) {
        agent.replaceModel(model)
    }

    public mutating func tick() -> Tick {
        var tick = Tick()
        let S = agent.state
        let (transition, episodeEnd) = agent.act(A, counting: &counters)
        let R = transition.reward, S2 = transition.next
        // A' from S' (Q of a terminal S' is 0, so its A' does not matter).
        let A2 = Q.epsilonGreedy(S2, epsilon: parameters.epsilon, ties: parameters.ties, rng: &agent.rng)
        let old = Q[S, A]
        let bootstrap = Q[S2, A2]
        let target = R + parameters.gamma * bootstrap
        Q[S, A] = old + alpha * (target - old)
        counters.backups += 1
        counters.ticks += 1
        tick.transition = transition
        tick.update = Update(state: S, action: A, old: old, target: target, new: Q[S, A], stepSize: alpha,
                             bootstrap: bootstrap, nextAction: A2)
        tick.updates = 1
        tick.episodeEnd = episodeEnd
        // S <- S'; A <- A'. A new episode chooses its first action from its start state.
        A = episodeEnd == nil ? A2
            : Q.epsilonGreedy(agent.state, epsilon: parameters.epsilon, ties: parameters.ties, rng: &agent.rng)
        return tick
    }
}
