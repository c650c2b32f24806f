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
public struct MCControl: ActionValueLearner {
    public static let info = MethodInfo(
        id: "mc-control", family: .mc,
        summary: "Q by on-policy first-visit MC control with an epsilon-soft policy (S&B §5.4)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .epsilon, .alpha, .everyVisit, .initialValue, .seed, .ties],
        defaultAlpha: nil,
        make: { model, parameters in try MCControl(model: model, parameters: parameters) })

    var learner: Learner
    var Q: ActionValueTable
    var averages: ReturnAverages
    var episode: EpisodeMemory

    public init(model: Model, parameters: Parameters) throws {
        learner = try Learner(Self.info, model: model, parameters: parameters, episodic: "Monte Carlo control")
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        averages = ReturnAverages(model: model)
        episode = EpisodeMemory(keys: model.stateCount * model.actionCount)
    }

    @inline(__always)
    mutating func step() -> Tick {
        var tick = Tick()
        // Generate the episode following the epsilon-soft pi, one step per tick.
        let S = learner.state
        let A = learner.epsilonGreedy(Q, S)
        let (R, _) = learner.take(A, into: &tick)
        episode.append(state: S, action: A, reward: R, key: S * Q.actionCount + A)
        if tick.episodeEnd != nil { returnPass(into: &tick) }
        return tick
    }

    private mutating func returnPass(into tick: inout Tick) {
        for (t, G) in episode.returns(gamma: learner.gamma, everyVisit: learner.parameters.everyVisit) {
            // Append G to Returns(S_t, A_t); Q(S_t, A_t) <- average(Returns(S_t, A_t))
            let s = Int(episode[t].state), a = Int(episode[t].action)
            learner.record(averages.update(&Q, s, a, toward: G, alpha: learner.parameters.alpha), in: &tick)
        }
        episode.clear()
    }
}
