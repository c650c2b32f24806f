/// Iterative policy evaluation (S&B 2018, §4.1, boxed algorithm) of the equiprobable random
/// policy, or of the target policy given with `--policy`.
///
///     Loop:
///         Delta <- 0
///         Loop for each s in S:                  (one state per tick: DPSweeper)
///             v <- V(s)
///             V(s) <- sum_a pi(a|s) sum_{s',r} p(s',r|s,a) [r + gamma V(s')]
///             Delta <- max(Delta, |v - V(s)|)
///     until Delta < theta
public struct PolicyEvaluation: SweepingSolver {
    public static let info = MethodInfo(
        id: "policy-evaluation", family: .dp,
        summary: "V of the random (or --policy) policy by in-place expected backups (S&B §4.1)",
        learnsQ: false, isPrediction: true,
        parameters: [.gamma, .theta, .initialValue, .synchronous],
        defaultAlpha: nil,
        make: { model, parameters in try PolicyEvaluation(model: model, parameters: parameters) })

    var dp: DPSweeper

    public init(model: Model, parameters: Parameters) throws {
        dp = try DPSweeper(model: model, parameters: parameters, method: "policy evaluation")
    }

    public mutating func tick() -> Tick {
        let model = dp.model, gamma = dp.parameters.gamma, pi = dp.parameters.policy
        return dp.tick(method: "policy evaluation") { s, V in
            // V(s) <- sum_a pi(a|s) sum_{s',r} p(s',r|s,a) [r + gamma V(s')]
            Self.backup(s, pi, model, gamma, V)
        }
    }

    /// The same backups as `tick`, many at a time, without events.
    public mutating func run(ticks count: Int) {
        let model = dp.model, gamma = dp.parameters.gamma
        guard let pi = dp.parameters.policy else { return dp.run(ticks: count, method: "policy evaluation", rule: .mean) }
        dp.run(ticks: count, method: "policy evaluation") { s, V in Self.backup(s, pi, model, gamma, V) }
    }

    /// sum_a pi(a|s) sum_{s',r} p(s',r|s,a) [r + gamma V(s')]; pi(a|s) = 1/|A(s)| without a policy.
    @inline(__always)
    private static func backup(_ s: Int, _ pi: TargetPolicy?, _ model: Model, _ gamma: Double, _ V: UnsafeBufferPointer<Double>) -> Double {
        guard let pi else { return model.meanExpectedReturn(s, gamma: gamma, V) }
        var sum = 0.0
        for a in 0..<model.actionCount(of: s) where pi.p(s, a) > 0 { sum += pi.p(s, a) * model.expectedReturn(s, a, gamma: gamma, V) }
        return sum
    }
}
