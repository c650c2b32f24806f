/// Value iteration, estimating V* (Sutton & Barto 2018, §4.4, boxed algorithm).
///
///     Loop:
///         Delta <- 0
///         Loop for each s in S:                  (one state per tick: DPSweeper)
///             v <- V(s)
///             V(s) <- max_a sum_{s',r} p(s',r|s,a) [r + gamma V(s')]
///             Delta <- max(Delta, |v - V(s)|)
///     until Delta < theta
///
/// In place by default, as in the box; `synchronous` reads the previous sweep's values.
public struct ValueIteration: SweepingSolver {
    public static let info = MethodInfo(
        id: "value-iteration", family: .dp,
        summary: "V* by in-place Bellman optimality backups (S&B §4.4)",
        learnsQ: false, isPrediction: false,
        parameters: [.gamma, .theta, .initialValue, .synchronous],
        defaultAlpha: nil,
        make: { model, parameters in try ValueIteration(model: model, parameters: parameters) })

    var dp: DPSweeper

    public init(model: Model, parameters: Parameters) throws {
        dp = try DPSweeper(model: model, parameters: parameters, method: "value iteration")
    }

    public mutating func tick() -> Tick {
        let model = dp.model, gamma = dp.parameters.gamma
        return dp.tick(method: "value iteration") { s, V in
            // V(s) <- max_a sum_{s',r} p(s',r|s,a) [r + gamma V(s')]
            model.bestExpectedReturn(s, gamma: gamma, V)
        }
    }

    /// The same backups as `tick`, many at a time, without events.
    public mutating func run(ticks count: Int) {
        dp.run(ticks: count, method: "value iteration", rule: .best)
    }
}
