/// A simple bandit algorithm: epsilon-greedy action selection with incrementally computed
/// sample averages (S&B 2018, §2.4, boxed algorithm); `--alpha` a constant step size (§2.5),
/// `--init` the optimistic Q_1 of §2.6.
///
///     Initialize, for a = 1 to k:
///         Q(a) <- 0                      (--init)
///         N(a) <- 0
///     Loop forever:                      (one pull per tick)
///         A <- argmax_a Q(a)   with probability 1 - epsilon (breaking ties randomly)
///              a random action with probability epsilon
///         R <- bandit(A)
///         N(A) <- N(A) + 1
///         Q(A) <- Q(A) + 1/N(A) [R - Q(A)]          (--alpha: alpha [R - Q(A)])
public struct EpsilonGreedy: ActionValueLearner {
    public static let info = MethodInfo(
        id: "epsilon-greedy", family: .bandit,
        summary: "a bandit's action values by sample averages, acting epsilon-greedily (S&B §2.4)",
        learnsQ: true, isPrediction: false,
        parameters: [.epsilon, .alpha, .initialValue, .seed, .ties],
        defaultAlpha: nil,
        make: { model, parameters in EpsilonGreedy(model: model, parameters: parameters) })

    var learner: Learner
    var Q: ActionValueTable
    /// N(a), with the update rule Monte Carlo's averages share.
    var averages: ReturnAverages

    public init(model: Model, parameters: Parameters) {
        learner = Learner(Self.info, model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        averages = ReturnAverages(model: model)
    }

    mutating func step() -> Tick {
        var tick = Tick()
        let S = learner.state
        let A = learner.epsilonGreedy(Q, S)
        let (R, _) = learner.take(A, into: &tick)
        // N(A) <- N(A) + 1; Q(A) <- Q(A) + 1/N(A) [R - Q(A)]
        learner.record(averages.update(&Q, S, A, toward: R, alpha: learner.parameters.alpha), in: &tick)
        return tick
    }

    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
        averages = averages.remapped(map)
    }
}
