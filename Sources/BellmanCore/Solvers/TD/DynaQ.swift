/// Tabular Dyna-Q: Q-learning from real steps plus planning from a learned model (S&B 2018,
/// §8.2, boxed algorithm).
///
///     Loop forever:                              (one real step per tick, with its planning)
///         (a) S <- current (nonterminal) state
///         (b) A <- epsilon-greedy(S, Q)
///         (c) Take action A; observe resultant reward, R, and state, S'
///         (d) Q(S,A) <- Q(S,A) + alpha [R + gamma max_a Q(S',a) - Q(S,A)]
///         (e) Model(S,A) <- R, S'                (assuming deterministic environment)
///         (f) Loop repeat n times:
///                 S <- random previously observed state
///                 A <- random action previously taken in S
///                 R, S' <- Model(S,A)
///                 Q(S,A) <- Q(S,A) + alpha [R + gamma max_a Q(S',a) - Q(S,A)]
///
/// n is `planningSteps`. The model is the agent's own, learned from its real steps (never
/// the level's true dynamics): the last outcome seen for each (S, A), as the book's
/// deterministic-environment model. Planning updates are backups, not samples (DESIGN §3), so
/// a tick counts 1 sample and 1 + n backups; `tick.update` is the direct update (d), the one
/// the real step made, and `tick.updates` counts all of them.
///
/// Default alpha 0.1 and epsilon 0.1, the values of Figure 8.2 (Example 8.1, the Dyna maze).
public struct DynaQ: Solver {
    public static let info = MethodInfo(
        id: "dyna-q", family: .td,
        summary: "Q-learning plus planning updates replayed from a learned model (S&B §8.2)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .epsilon, .planningSteps, .initialValue, .seed, .ties],
        defaultAlpha: 0.1,
        make: { model, parameters in try DynaQ(model: model, parameters: parameters) })

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
    /// Model(s, a) at `s * actionCount + a`: the next state, the reward, and whether it ended.
    private var modelNext: [Int32]
    private var modelReward: [Double]
    private var modelEnds: [Bool]
    /// The previously observed states, in the order first seen; `stateSeen` flags them.
    private var observedStates: [Int32]
    private var observedCount = 0
    private var stateSeen: [Bool]
    /// The actions previously taken in s at `s * actionCount + k`, k < `takenCount[s]`;
    /// `taken` flags them at `s * actionCount + a`.
    private var actionsTaken: [Int32]
    private var takenCount: [Int32]
    private var taken: [Bool]

    public init(model: Model, parameters: Parameters) throws {
        guard parameters.planningSteps >= 0 else {
            throw SolverError("Dyna-Q needs planning steps >= 0 (got \(parameters.planningSteps))")
        }
        self.parameters = parameters
        agent = Agent(model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        let pairs = model.stateCount * model.actionCount
        modelNext = [Int32](repeating: 0, count: pairs)
        modelReward = [Double](repeating: 0, count: pairs)
        modelEnds = [Bool](repeating: false, count: pairs)
        observedStates = [Int32](repeating: 0, count: model.stateCount)
        stateSeen = [Bool](repeating: false, count: model.stateCount)
        actionsTaken = [Int32](repeating: 0, count: pairs)
        takenCount = [Int32](repeating: 0, count: model.stateCount)
        taken = [Bool](repeating: false, count: pairs)
    }

    /// Live physics (see `Solver.replaceModel`).
    public mutating func replaceModel(_ model: Model) {
        agent.replaceModel(model)
    }

    public mutating func tick() -> Tick {
        var tick = Tick()
        // (a)-(c)
        let S = agent.state
        let A = Q.epsilonGreedy(S, epsilon: parameters.epsilon, ties: parameters.ties, rng: &agent.rng)
        let (transition, episodeEnd) = agent.act(A, counting: &counters)
        let R = transition.reward, S2 = transition.next
        // (d) direct reinforcement learning
        let old = Q[S, A]
        let bootstrap = Q.max(S2)
        let target = R + parameters.gamma * bootstrap
        Q[S, A] = old + alpha * (target - old)
        counters.backups += 1
        tick.update = Update(state: S, action: A, old: old, target: target, new: Q[S, A], stepSize: alpha,
                             bootstrap: bootstrap)
        // (e) model learning
        let i = S * Q.actionCount + A
        modelNext[i] = Int32(S2)
        modelReward[i] = R
        modelEnds[i] = transition.ends
        if !stateSeen[S] {
            stateSeen[S] = true
            observedStates[observedCount] = Int32(S)
            observedCount += 1
        }
        if !taken[i] {
            taken[i] = true
            actionsTaken[S * Q.actionCount + Int(takenCount[S])] = Int32(A)
            takenCount[S] += 1
        }
        // (f) planning
        let planningSteps = Swift.max(parameters.planningSteps, 0)
        for _ in 0..<planningSteps {
            let s = Int(observedStates[agent.rng.below(observedCount)])
            let a = Int(actionsTaken[s * Q.actionCount + agent.rng.below(Int(takenCount[s]))])
            let j = s * Q.actionCount + a
            let r = modelReward[j], s2 = Int(modelNext[j])
            let q = Q[s, a]
            Q[s, a] = q + alpha * (r + parameters.gamma * (modelEnds[j] ? 0 : Q.max(s2)) - q)
            counters.backups += 1
        }
        counters.ticks += 1
        tick.transition = transition
        tick.updates = 1 + planningSteps
        tick.episodeEnd = episodeEnd
        return tick
    }
}
