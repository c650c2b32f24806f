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
public struct ExpectedSarsa: ActionValueLearner {
    public static let info = MethodInfo(
        id: "expected-sarsa", family: .td,
        summary: "Q by TD control toward the expected Q of the epsilon-greedy policy (S&B §6.6)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .epsilon, .initialValue, .seed, .ties],
        defaultAlpha: 0.5,
        make: { model, parameters in ExpectedSarsa(model: model, parameters: parameters) })

    var learner: Learner
    var Q: ActionValueTable

    public init(model: Model, parameters: Parameters) {
        learner = Learner(Self.info, model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
    }

    mutating func step() -> Tick {
        var tick = Tick()
        let S = learner.state
        let A = learner.epsilonGreedy(Q, S)
        let (R, S2) = learner.take(A, into: &tick)
        let old = Q[S, A], alpha = learner.alpha
        let bootstrap = expectedValue(S2)
        let target = R + learner.gamma * bootstrap
        Q[S, A] = old + alpha * (target - old)
        learner.record(Update(state: S, action: A, old: old, target: target, new: Q[S, A], stepSize: alpha,
                              bootstrap: bootstrap), in: &tick)
        return tick
    }

    private func expectedValue(_ s: Int) -> Double {
        Self.expectedValue(of: s, count: Q.count(s), epsilon: learner.parameters.epsilon) { Q[s, $0] }
    }

    /// sum_a pi(a|s) Q(s,a) under epsilon-greedy pi: epsilon/|A| sum_a Q(s,a) + (1 - epsilon)
    /// max_a Q(s,a), summed in action order (the one rule of `step()` and the kernel).
    @inline(__always)
    static func expectedValue(of s: Int, count: Int, epsilon: Double, _ q: (Int) -> Double) -> Double {
        var sum = 0.0, best = q(0)
        for a in 0..<count {
            let value = q(a)
            sum += value
            // One `maxsd`, where Swift.max (which keeps the later of two equal values) compiles
            // to four instructions; the two differ only between +0 and -0.
            best = value > best ? value : best
        }
        return epsilon / Double(count) * sum + (1 - epsilon) * best
    }
}
