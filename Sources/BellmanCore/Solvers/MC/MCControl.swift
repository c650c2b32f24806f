/// On-policy first-visit Monte Carlo control for epsilon-soft policies (S&B 2018, §5.4,
/// boxed algorithm).
///
///     Loop forever (for each episode):
///         Generate an episode following pi       (one step per tick)
///         G <- 0
///         Loop for each step of episode, t = T-1, T-2, ..., 0:   (in the episode's last tick)
///             G <- gamma G + R_{t+1}
///             Unless the pair S_t, A_t appears in S_0, A_0, ..., S_{t-1}, A_{t-1}:
///                 Append G to Returns(S_t, A_t)
///                 Q(S_t, A_t) <- average(Returns(S_t, A_t))
///                 A* <- argmax_a Q(S_t, a)
///                 pi(.|S_t) <- epsilon-greedy around A*
///
/// pi is kept implicitly as epsilon-greedy in Q, so "pi <- epsilon-greedy around A*" is the
/// Q update itself and the argmax is taken when acting. `every-visit` averages every
/// occurrence; `alpha` replaces the average by a constant step.
public struct MCControl: Solver {
    public static let info = MethodInfo(
        id: "mc-control", family: .mc,
        summary: "Q by on-policy first-visit MC control with an epsilon-soft policy (S&B §5.4)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .epsilon, .alpha, .everyVisit, .initialValue, .seed, .ties],
        defaultAlpha: nil,
        make: { model, parameters in try MCControl(model: model, parameters: parameters) })

    public var method: MethodInfo { Self.info }
    public var parameters: Parameters { didSet { agent.gamma = parameters.gamma } }
    public private(set) var counters = Counters()
    public var isFinished: Bool { false }
    public var agentState: Int? { agent.state }
    public var stateValues: [Double] { Q.stateValues() }
    public var actionValues: [Double]? { Q.values }
    private var agent: Agent
    private var Q: ActionValueTable
    private var averages: ReturnAverages
    private var episode: EpisodeMemory

    public init(model: Model, parameters: Parameters) throws {
        if parameters.gamma == 1, let refusal = model.undiscountedRefusal(method: "Monte Carlo control") {
            throw SolverError(refusal)
        }
        self.parameters = parameters
        agent = Agent(model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        averages = ReturnAverages(model: model)
        episode = EpisodeMemory(keys: model.stateCount * model.actionCount)
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
        // Generate the episode following the epsilon-soft pi, one step per tick.
        let S = agent.state
        let A = Q.epsilonGreedy(S, epsilon: parameters.epsilon, ties: parameters.ties, rng: &agent.rng)
        let (transition, episodeEnd) = agent.act(A, counting: &counters)
        episode.append(state: S, action: A, reward: transition.reward, key: S * Q.actionCount + A)
        counters.ticks += 1
        if reporting {
            tick.transition = transition
            tick.episodeEnd = episodeEnd
        }
        if episodeEnd != nil { returnPass(into: &tick) }
        return tick
    }

    private mutating func returnPass(into tick: inout Tick) {
        for (t, G) in episode.returns(gamma: parameters.gamma, everyVisit: parameters.everyVisit) {
            // Append G to Returns(S_t, A_t); Q(S_t, A_t) <- average(Returns(S_t, A_t))
            let s = Int(episode.states[t]), a = Int(episode.actions[t])
            tick.update = averages.update(&Q, s, a, toward: G, alpha: parameters.alpha)
            counters.backups += 1
            tick.updates += 1
        }
        episode.clear()
    }
}
