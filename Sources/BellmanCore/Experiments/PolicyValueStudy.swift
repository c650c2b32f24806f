/// Example 13.1's curve (DESIGN §13, figure `ex13.1`): the exact value of one state under the
/// policy that takes one action with probability p in every state (the others sharing 1 - p),
/// against p, from the model. On the short corridor it shows why a stochastic policy can beat
/// every epsilon-greedy one when states look alike.
public struct PolicyValueStudy: Sendable {
    public struct Point: Sendable, Equatable {
        public var p: Double
        public var value: Double
    }

    public var state: Int
    public var action: Int
    public var gamma: Double
    /// p = 0.01, 0.02, ..., 0.99.
    public var points: [Point]
    /// The best p (to 1e-6) and its value.
    public var best: Point

    /// The curve on a grid of p in hundredths, and its maximum refined by golden-section
    /// search around the grid's best point (the curve is smooth; a bracket of two grid steps
    /// holds the maximum when it is interior).
    public static func run(model: Model, gamma: Double, state: Int, action: Int) -> PolicyValueStudy {
        let points = (1...99).map { Point(p: Double($0) / 100, value: value(model, gamma: gamma, state: state, action: action, p: Double($0) / 100)) }
        let top = points.indices.max { points[$0].value < points[$1].value }!
        var low = points[max(0, top - 1)].p, high = points[min(points.count - 1, top + 1)].p
        let ratio = (5.0.squareRoot() - 1) / 2
        while high - low > 1e-7 {
            let a = high - ratio * (high - low), b = low + ratio * (high - low)
            if value(model, gamma: gamma, state: state, action: action, p: a) < value(model, gamma: gamma, state: state, action: action, p: b) {
                low = a
            } else {
                high = b
            }
        }
        let p = (low + high) / 2
        return PolicyValueStudy(state: state, action: action, gamma: gamma, points: points,
                                best: Point(p: p, value: value(model, gamma: gamma, state: state, action: action, p: p)))
    }

    /// v_pi(state), pi taking `action` with probability p in every state that has it.
    public static func value(_ model: Model, gamma: Double, state: Int, action: Int, p: Double) -> Double {
        let width = model.actionCount
        var probability = Array(repeating: 0.0, count: model.stateCount * width)
        for s in 0..<model.stateCount where !model.isTerminal[s] {
            let k = model.actionCount(of: s)
            for a in 0..<k {
                probability[s * width + a] = k == 1 ? 1 : action < k ? (a == action ? p : (1 - p) / Double(k - 1)) : 1 / Double(k)
            }
        }
        let pi = TargetPolicy(file: "p = \(p)", actionCount: width, probability: probability)
        return Truth.solve(model, gamma: gamma, kind: .policy(pi)).values?[state] ?? .nan
    }
}
