/// Monte Carlo ES (exploring starts) for estimating pi* (S&B 2018, §5.3, boxed algorithm).
///
///     Loop forever (for each episode):
///         Choose S_0 and A_0 randomly such that all pairs have probability > 0
///         Generate an episode from S_0, A_0, following pi     (one step per tick)
///         G <- 0
///         Loop for each step of episode, t = T-1, T-2, ..., 0:   (in the episode's last tick)
///             G <- gamma G + R_{t+1}
///             Unless the pair S_t, A_t appears in S_0, A_0, ..., S_{t-1}, A_{t-1}:
///                 Append G to Returns(S_t, A_t)
///                 Q(S_t, A_t) <- average(Returns(S_t, A_t))
///                 pi(S_t) <- argmax_a Q(S_t, a)
///
/// S_0 is uniform over the cells an agent can occupy and A_0 uniform over the actions. pi is
/// greedy in Q (ties broken as `ties` says), so "pi(S_t) <- argmax" is the Q update itself.
/// A greedy policy can walk in circles; the step cap ends such episodes.
public struct MCExploringStarts: Solver {
    public static let info = MethodInfo(
        id: "mc-exploring-starts", family: .mc,
        summary: "pi* by Monte Carlo with exploring starts and a greedy policy (S&B §5.3)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .everyVisit, .initialValue, .seed, .ties],
        defaultAlpha: nil,
        make: { model, parameters in try MCExploringStarts(model: model, parameters: parameters) })

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
    /// The states an episode may start from.
    private let starts: [Int32]
    /// The first action of the episode under way, chosen at random; nil once taken.
    private var A0: Int?

    public init(model: Model, parameters: Parameters) throws {
        if parameters.gamma == 1, let refusal = model.undiscountedRefusal(method: "Monte Carlo ES") {
            throw SolverError(refusal)
        }
        self.parameters = parameters
        agent = Agent(model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        averages = ReturnAverages(model: model)
        episode = EpisodeMemory(keys: model.stateCount * model.actionCount)
        starts = (0..<model.stateCount).filter { model.isOccupiable[$0] }.map { Int32($0) }
        exploringStart()
    }

    /// Choose S_0 and A_0 randomly.
    private mutating func exploringStart() {
        let S0 = Int(starts[agent.rng.below(starts.count)])
        agent.restart(at: S0)
        A0 = agent.rng.below(Q.count(S0))
    }

    /// Live physics (see `Solver.replaceModel`).
    public mutating func replaceModel(_ model: Model) {
        agent.replaceModel(model)
    }

    public mutating func tick() -> Tick {
        var tick = Tick()
        let S = agent.state
        let A = A0 ?? Q.greedy(S, ties: parameters.ties, rng: &agent.rng)
        A0 = nil
        let (transition, episodeEnd) = agent.act(A, counting: &counters)
        episode.append(state: S, action: A, reward: transition.reward, key: S * Q.actionCount + A)
        counters.ticks += 1
        tick.transition = transition
        tick.episodeEnd = episodeEnd
        if episodeEnd != nil {
            returnPass(into: &tick)
            exploringStart()
        }
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
