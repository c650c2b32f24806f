/// Off-policy Monte Carlo control with weighted importance sampling, for estimating
/// pi* (S&B 2018, §5.7, boxed algorithm).
///
///     Loop forever (for each episode):
///         b <- any soft policy                 (here: epsilon-greedy in the current Q)
///         Generate an episode using b          (one step per tick)
///         G <- 0; W <- 1
///         Loop for each step of episode, t = T-1, T-2, ..., 0:   (in the episode's last tick)
///             G <- gamma G + R_{t+1}
///             C(S_t, A_t) <- C(S_t, A_t) + W
///             Q(S_t, A_t) <- Q(S_t, A_t) + W / C(S_t, A_t) [G - Q(S_t, A_t)]
///             pi(S_t) <- argmax_a Q(S_t, a)    (ties: the first best action)
///             If A_t != pi(S_t) then exit inner loop
///             W <- W / b(A_t | S_t)
///
/// b(A_t|S_t) is recorded when the action is taken: 1 - epsilon + epsilon/|A| split over
/// tied best actions, epsilon/|A| for the others.
public struct MCOffPolicy: ActionValueLearner {
    public static let info = MethodInfo(
        id: "mc-off-policy", family: .mc,
        summary: "pi* by off-policy MC control, weighted importance sampling (S&B §5.7)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .epsilon, .initialValue, .seed, .ties],
        defaultAlpha: nil,
        make: { model, parameters in try MCOffPolicy(model: model, parameters: parameters) },
        driveRefusal: "off-policy MC weighs each return by 1/b(A|S), and your choices have no b to weigh them by; drive mc-control or q-learning")

    var learner: Learner
    var Q: ActionValueTable
    /// C(s, a): the cumulative importance weights.
    /// Not private, as `episode`: build mode (MC+Editing.swift) carries it to the edited map.
    var C: [Double]
    var episode: EpisodeMemory
    /// b(A_t | S_t) of each step of the episode under way. Not private, as `episode`: build
    /// mode (MC+Editing.swift) starts a new episode.
    var behaviourProbability: [Double] = []

    public init(model: Model, parameters: Parameters) throws {
        learner = try Learner(Self.info, model: model, parameters: parameters, episodic: "off-policy Monte Carlo")
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        C = Array(repeating: 0, count: model.stateCount * model.actionCount)
        episode = EpisodeMemory(keys: model.stateCount * model.actionCount)
    }

    mutating func step() -> Tick {
        var tick = Tick()
        let S = learner.state
        let A = learner.epsilonGreedy(Q, S)
        behaviourProbability.append(b(A, S))
        let (R, _) = learner.take(A, into: &tick)
        episode.append(state: S, action: A, reward: R, key: S * Q.actionCount + A)
        if tick.episodeEnd != nil { returnPass(into: &tick) }
        return tick
    }

    /// b(a|s) of the epsilon-greedy behaviour policy in the current Q.
    private func b(_ a: Int, _ s: Int) -> Double {
        Q.epsilonGreedyProbability(a, s, epsilon: learner.parameters.epsilon)
    }

    /// pi(s) <- argmax_a Q(s, a), the first best action.
    private func pi(_ s: Int) -> Int {
        var best = 0
        for a in 1..<Q.count(s) where Q[s, a] > Q[s, best] { best = a }
        return best
    }

    private mutating func returnPass(into tick: inout Tick) {
        var W = 1.0
        for (t, G) in episode.returns(gamma: learner.gamma, everyVisit: true) {
            let s = Int(episode[t].state), a = Int(episode[t].action)
            C[s * Q.actionCount + a] += W
            let stepSize = W / C[s * Q.actionCount + a]
            let old = Q[s, a]
            Q[s, a] = old + stepSize * (G - old)
            learner.record(Update(state: s, action: a, old: old, target: G, new: Q[s, a], stepSize: stepSize),
                           in: &tick)
            if a != pi(s) { break }
            W /= behaviourProbability[t]
        }
        episode.clear()
        behaviourProbability.removeAll(keepingCapacity: true)
    }
}
