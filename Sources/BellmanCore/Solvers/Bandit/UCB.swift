import Foundation

/// Upper-Confidence-Bound action selection (S&B 2018, §2.7, equation 2.10), with sample
/// averages (`--alpha`: a constant step) as the book's Figure 2.4.
///
///     A_t <- argmax_a [ Q_t(a) + c sqrt(ln t / N_t(a)) ]   (an a with N_t(a) = 0 maximizes;
///                                                           ties broken randomly)
///     R <- bandit(A_t)
///     N(A_t) <- N(A_t) + 1
///     Q(A_t) <- Q(A_t) + 1/N(A_t) [R - Q(A_t)]
public struct UCB: ActionValueLearner {
    public static let info = MethodInfo(
        id: "ucb", family: .bandit,
        summary: "a bandit's action values by sample averages, acting on upper confidence bounds (S&B §2.7)",
        learnsQ: true, isPrediction: false,
        parameters: [.c, .alpha, .initialValue, .seed, .ties],
        defaultAlpha: nil,
        make: { model, parameters in UCB(model: model, parameters: parameters) })

    var learner: Learner
    var Q: ActionValueTable
    var averages: ReturnAverages
    /// Q_t(a) + c sqrt(ln t / N_t(a)) of the state acted in, rewritten each step (no
    /// allocation per step).
    private var bounds: [Double]

    public init(model: Model, parameters: Parameters) {
        learner = Learner(Self.info, model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        averages = ReturnAverages(model: model)
        bounds = Array(repeating: 0, count: model.actionCount)
    }

    mutating func step() -> Tick {
        var tick = Tick()
        let S = learner.state
        let A = learner.takeDriven() ?? upperConfidenceArgmax(S)
        let (R, _) = learner.take(A, into: &tick)
        // N(A) <- N(A) + 1; Q(A) <- Q(A) + 1/N(A) [R - Q(A)]
        learner.record(averages.update(&Q, S, A, toward: R, alpha: learner.parameters.alpha), in: &tick)
        return tick
    }

    /// argmax_a Q_t(a) + c sqrt(ln t / N_t(a)), t this step's number (from 1).
    private mutating func upperConfidenceArgmax(_ S: Int) -> Int {
        let t = Double(learner.counters.samples + 1), c = learner.parameters.c
        let count = Q.count(S)
        for a in 0..<count {
            let N = averages.count(S, a, actionCount: Q.actionCount)
            bounds[a] = N == 0 ? .infinity : Q[S, a] + c * (log(t) / Double(N)).squareRoot()
        }
        return bounds.withUnsafeBufferPointer {
            ActionValueTable.greedy($0.baseAddress!, count: count, ties: learner.parameters.ties, rng: &learner.agent.rng)
        }
    }

    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
        averages = averages.remapped(map)
        bounds = Array(repeating: 0, count: map.new.actionCount)
    }
}
