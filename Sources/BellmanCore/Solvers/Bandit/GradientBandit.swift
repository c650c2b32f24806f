import Foundation

/// The gradient bandit algorithm (S&B 2018, §2.8, equations 2.11 and 2.12): preferences H,
/// a softmax policy over them, and stochastic gradient ascent on the expected reward with the
/// average reward as baseline (`--no-baseline`: the baseline is 0).
///
///     pi(a) <- e^H(a) / sum_b e^H(b)
///     A <- a drawn from pi
///     R <- bandit(A)
///     Rbar <- Rbar + 1/t [R - Rbar]                  (all rewards so far, this one too)
///     H(A) <- H(A) + alpha (R - Rbar) (1 - pi(A))
///     H(a) <- H(a) - alpha (R - Rbar) pi(a)          for all a != A
public struct GradientBandit: SampleBasedSolver, StochasticPolicy {
    public static let info = MethodInfo(
        id: "gradient-bandit", family: .bandit,
        summary: "a bandit's softmax policy by gradient ascent on preferences, baseline the average reward (S&B §2.8)",
        learnsQ: false, isPrediction: false,
        parameters: [.alpha, .noBaseline, .seed],
        defaultAlpha: 0.1,
        make: { model, parameters in GradientBandit(model: model, parameters: parameters) },
        maxAlpha: 100)

    var learner: Learner
    /// H(s, a), `H[s * actionCount + a]`: only the bandit's state acts.
    var H: [Double]
    /// Rbar, the average of the rewards so far.
    var averageReward = 0.0
    /// pi of the state acted in, for the step under way (no allocation per step).
    var pi: [Double]
    private let actionCount: Int

    public init(model: Model, parameters: Parameters) {
        learner = Learner(Self.info, model: model, parameters: parameters)
        actionCount = model.actionCount
        H = Array(repeating: 0, count: model.stateCount * model.actionCount)
        pi = Array(repeating: 0, count: model.actionCount)
    }

    mutating func step() -> Tick {
        var tick = Tick()
        let S = learner.state, k = learner.agent.model.actionCount(of: S), row = S * actionCount
        softmax(S, into: &pi)
        var A = 0
        if let driven = learner.takeDriven() {
            A = driven
        } else {
            let u = learner.agent.rng.unit()
            A = pi.withUnsafeBufferPointer { Self.drawn($0.baseAddress!, k, u: u) }
        }
        let (R, _) = learner.take(A, into: &tick)
        let alpha = learner.alpha, old = H[row + A], t = learner.counters.samples, withBaseline = learner.parameters.baseline
        var average = averageReward
        let baseline = pi.withUnsafeBufferPointer { pi in
            H.withUnsafeMutableBufferPointer { H in
                Self.ascend(H.baseAddress! + row, pi.baseAddress!, k, A, R, t: t, alpha: alpha, averageReward: &average,
                            baseline: withBaseline)
            }
        }
        averageReward = average
        // As new = old + alpha (target - old): the target is old + (R - Rbar)(1 - pi(A)); the
        // baseline and pi(A) ride along for the explain box.
        var update = Update(state: S, action: A, old: old, target: old + (R - baseline) * (1 - pi[A]), new: H[row + A],
                            stepSize: alpha, bootstrap: baseline)
        update.probability = pi[A]
        learner.record(update, backups: k, in: &tick)
        return tick
    }

    /// The box's learning from reward R of arm A at pull `t` (the pulls counted with this one),
    /// on the k preferences at `H`; returns the baseline used.
    @inline(__always)
    static func ascend(_ H: UnsafeMutablePointer<Double>, _ pi: UnsafePointer<Double>, _ k: Int, _ A: Int, _ R: Double,
                       t: Int, alpha: Double, averageReward: inout Double, baseline: Bool) -> Double {
        // Rbar <- Rbar + 1/t [R - Rbar]: the baseline includes this reward.
        averageReward += (R - averageReward) / Double(t)
        let baseline = baseline ? averageReward : 0
        for a in 0..<k {
            // H(A) += alpha (R - Rbar)(1 - pi(A)); H(a) -= alpha (R - Rbar) pi(a), a != A
            H[a] += alpha * (R - baseline) * ((a == A ? 1 : 0) - pi[a])
        }
        return baseline
    }

    /// pi(.|s) = softmax(H(s, .)).
    private func softmax(_ s: Int, into pi: inout [Double]) {
        let k = learner.agent.model.actionCount(of: s), row = s * actionCount
        H.withUnsafeBufferPointer { H in
            pi.withUnsafeMutableBufferPointer { pi in Self.softmax(H.baseAddress! + row, k, into: pi.baseAddress!) }
        }
    }

    /// The softmax of k preferences, computed from the largest down so that no exponential
    /// overflows.
    @inline(__always)
    static func softmax(_ H: UnsafePointer<Double>, _ k: Int, into pi: UnsafeMutablePointer<Double>) {
        var top = -Double.infinity
        for a in 0..<k { top = max(top, H[a]) }
        var total = 0.0
        for a in 0..<k {
            pi[a] = exp(H[a] - top)
            total += pi[a]
        }
        for a in 0..<k { pi[a] /= total }
    }

    /// A drawn from pi by u: the first action whose running sum of probabilities passes u.
    @inline(__always)
    static func drawn(_ pi: UnsafePointer<Double>, _ k: Int, u: Double) -> Int {
        var sum = 0.0
        for a in 0..<(k - 1) {
            sum += pi[a]
            if u < sum { return a }
        }
        return k - 1
    }

    public var actionProbabilities: [Double] {
        let model = learner.agent.model
        var all = Array(repeating: 0.0, count: H.count), pi = self.pi
        for s in 0..<model.stateCount where !model.isTerminal[s] {
            softmax(s, into: &pi)
            for a in 0..<model.actionCount(of: s) { all[s * actionCount + a] = pi[a] }
        }
        return all
    }

    public var mostProbable: [Int32] {
        let model = learner.agent.model
        return (0..<model.stateCount).map { s in
            guard !model.isTerminal[s] else { return -1 }
            let row = H[(s * actionCount)..<(s * actionCount + model.actionCount(of: s))]
            return Int32(row.indices.first { row[$0] == row.max() }! - s * actionCount)
        }
    }

    /// V^pi from the model (DESIGN §13): sum_a pi(a|s) q*(s, a), the policy's expected reward.
    public var stateValues: [Double] {
        let model = learner.agent.model, pi = actionProbabilities
        let q = model.actionValues(from: Array(repeating: 0, count: model.stateCount), gamma: learner.gamma)
        return (0..<model.stateCount).map { s in
            model.isTerminal[s] ? 0 : (0..<model.actionCount(of: s)).reduce(0) { $0 + pi[s * actionCount + $1] * q[s * actionCount + $1] }
        }
    }

    public var actionValues: [Double]? { nil }

    mutating func remap(_ map: StateMap) {
        H = map.table(H, width: map.new.actionCount, fill: 0, terminal: 0)
        pi = Array(repeating: 0, count: map.new.actionCount)
    }
}
