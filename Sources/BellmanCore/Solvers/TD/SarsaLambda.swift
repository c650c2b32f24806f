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
public struct SarsaLambda: Solver {
    public static let info = MethodInfo(
        id: "sarsa-lambda", family: .td,
        summary: "Q by Sarsa(lambda): on-policy TD control with eligibility traces (S&B §12.7)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .epsilon, .lambda, .replacingTraces, .initialValue, .seed, .ties],
        defaultAlpha: 0.1,
        make: { model, parameters in SarsaLambda(model: model, parameters: parameters) })

    public var method: MethodInfo { Self.info }
    public var parameters: Parameters { didSet { agent.gamma = parameters.gamma } }
    public private(set) var counters = Counters()
    public var isFinished: Bool { false }
    public var agentState: Int? { agent.state }
    public var stateValues: [Double] { Q.stateValues() }
    public var actionValues: [Double]? { Q.values }
    private var agent: Agent
    private var Q: ActionValueTable
    private var e: EligibilityTraces
    private var A: Int
    private var alpha: Double { parameters.alpha ?? Self.info.defaultAlpha! }

    public init(model: Model, parameters: Parameters) {
        self.parameters = parameters
        agent = Agent(model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        e = EligibilityTraces(count: model.stateCount * model.actionCount)
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
        let A2 = Q.epsilonGreedy(S2, epsilon: parameters.epsilon, ties: parameters.ties, rng: &agent.rng)
        e.visit(S * Q.actionCount + A, replacing: parameters.replacingTraces)
        let old = Q[S, A]
        let bootstrap = Q[S2, A2]
        let delta = R + parameters.gamma * bootstrap - old
        let updated = e.update(&Q.values, step: alpha * delta, decay: parameters.gamma * parameters.lambda)
        counters.backups += updated
        counters.ticks += 1
        tick.transition = transition
        tick.update = Update(state: S, action: A, old: old, target: old + delta, new: Q[S, A], stepSize: alpha,
                             bootstrap: bootstrap, nextAction: A2)
        tick.updates = updated
        tick.episodeEnd = episodeEnd
        if episodeEnd != nil {
            e.clear()
            A = Q.epsilonGreedy(agent.state, epsilon: parameters.epsilon, ties: parameters.ties, rng: &agent.rng)
        } else {
            A = A2
        }
        return tick
    }
}
