/// Expected Sarsa: TD control whose target is the expected value of the next action under the
/// epsilon-greedy policy (S&B 2018, §6.6, equation 6.9; the book's Q-learning box with this
/// target).
///
///     Loop for each episode:
///         Initialize S
///         Loop for each step of episode:         (one step per tick)
///             Choose A from S using policy derived from Q (epsilon-greedy)
///             Take action A, observe R, S'
///             Q(S,A) <- Q(S,A) + alpha [R + gamma sum_a pi(a|S') Q(S',a) - Q(S,A)]
///             S <- S'
///         until S is terminal
///
/// pi is epsilon-greedy in Q: every action gets epsilon/|A|, and the greedy mass 1 - epsilon
/// is split equally among the actions tied for the best value. The tied actions all have the
/// value max_a Q(S',a), so the expectation is exactly
///
///     sum_a pi(a|S') Q(S',a) = epsilon/|A| sum_a Q(S',a) + (1 - epsilon) max_a Q(S',a)
///
/// whichever way ties are broken when acting (`ties = first` puts the whole greedy mass on one
/// of the tied actions, whose value is the same max). Computed in this form, epsilon = 0 gives
/// exactly Q-learning's target.
public struct ExpectedSarsa: Solver {
    public static let info = MethodInfo(
        id: "expected-sarsa", family: .td,
        summary: "Q by TD control toward the expected Q of the epsilon-greedy policy (S&B §6.6)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .epsilon, .initialValue, .seed, .ties],
        defaultAlpha: 0.5,
        make: { model, parameters in ExpectedSarsa(model: model, parameters: parameters) })

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

    public mutating func tick() -> Tick {
        var tick = Tick()
        let S = agent.state
        let A = Q.epsilonGreedy(S, epsilon: parameters.epsilon, ties: parameters.ties, rng: &agent.rng)
        let (transition, episodeEnd) = agent.act(A, counting: &counters)
        let R = transition.reward, S2 = transition.next
        let old = Q[S, A]
        let bootstrap = expectedValue(S2)
        let target = R + parameters.gamma * bootstrap
        Q[S, A] = old + alpha * (target - old)
        counters.backups += 1
        counters.ticks += 1
        tick.transition = transition
        tick.update = Update(state: S, action: A, old: old, target: target, new: Q[S, A], stepSize: alpha,
                             bootstrap: bootstrap)
        tick.updates = 1
        tick.episodeEnd = episodeEnd
        return tick
    }

    /// sum_a pi(a|s) Q(s,a) under epsilon-greedy pi: epsilon/|A| sum_a Q(s,a) + (1 - epsilon) max_a Q(s,a).
    private func expectedValue(_ s: Int) -> Double {
        var sum = 0.0, best = Q[s, 0]
        let count = Q.count(s)
        for a in 0..<count {
            sum += Q[s, a]
            best = Swift.max(best, Q[s, a])
        }
        let epsilon = parameters.epsilon
        return epsilon / Double(count) * sum + (1 - epsilon) * best
    }
}
