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
public struct Sarsa: ActionValueLearner {
    public static let info = MethodInfo(
        id: "sarsa", family: .td,
        summary: "Q by on-policy TD control with an epsilon-greedy policy (S&B §6.4)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .epsilon, .initialValue, .seed, .ties],
        defaultAlpha: 0.5,
        make: { model, parameters in Sarsa(model: model, parameters: parameters) })

    var learner: Learner
    var Q: ActionValueTable
    /// A, chosen at the previous step (or at the episode's start). Not private, as `waiting`:
    /// driving (Sarsa+Driving.swift) takes your key as A.
    var A: Int
    /// You drive: the step you took, whose update waits for A' (Sarsa+Driving.swift).
    var waiting: SarsaStep?

    public init(model: Model, parameters: Parameters) {
        learner = Learner(Self.info, model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        A = learner.epsilonGreedy(Q, learner.state)
    }

    mutating func step() -> Tick {
        var tick = Tick()
        // You drove the last step and handed back: A' is the policy's choice after all.
        if waiting != nil { handBack(into: &tick) }
        let S = learner.state
        let (R, S2) = learner.take(A, into: &tick)
        let A2 = chooseNext(S2, terminal: tick.transition?.ends ?? false)
        update((S, A, R, S2), A2: A2, into: &tick)
        // S <- S'; A <- A'. A new episode chooses its first action from its start state.
        A = tick.episodeEnd == nil ? A2 : learner.epsilonGreedy(Q, learner.state)
        return tick
    }

    /// Q(S,A) <- Q(S,A) + alpha [R + gamma Q(S',A') - Q(S,A)]; returns A'.
    @inline(__always) @discardableResult
    mutating func update(_ step: SarsaStep, A2: Int, into tick: inout Tick) -> Int {
        let (S, A, R, S2) = step
        let old = Q[S, A], alpha = learner.alpha
        let bootstrap = Q[S2, A2]
        let target = R + learner.gamma * bootstrap
        Q[S, A] = old + alpha * (target - old)
        learner.record(Update(state: S, action: A, old: old, target: target, new: Q[S, A], stepSize: alpha,
                              bootstrap: bootstrap, nextAction: A2), in: &tick)
        return A2
    }

    /// Initialize S (the learner has); choose A from S.
    mutating func startEpisode() {
        A = learner.epsilonGreedy(Q, learner.state)
    }
}
