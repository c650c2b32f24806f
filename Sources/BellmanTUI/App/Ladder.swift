/// The values a pair of keys steps a number through, lowest first: the one rule for every
/// stepped value of the playground (speed, method parameters, slip, step reward, a cell's
/// reward). A value between rungs steps to the nearest rung in the direction asked.
public struct Ladder: Sendable, Equatable {
    /// The values, increasing.
    public let rungs: [Double]

    public init(_ rungs: [Double]) { self.rungs = rungs }

    /// The rung above `value` (`up`) or below it; `nil` at the end of the ladder.
    public func step(_ value: Double, up: Bool) -> Double? {
        // A value read back from a file may sit a rounding error off its rung.
        up ? rungs.first { $0 > value + 1e-12 } : rungs.last { $0 < value - 1e-12 }
    }

    /// The first rung at or above `value`, or the top one.
    public func rung(atLeast value: Double) -> Double {
        rungs.first { $0 >= value } ?? rungs[rungs.count - 1]
    }

    /// The top rung.
    public var top: Double { rungs[rungs.count - 1] }
}

extension Ladder {
    /// Ticks per second of each speed (`+` `-`); infinity is as fast as possible.
    static let speed = Ladder([1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 100_000, 1_000_000, .infinity])
    /// The values `[` and `]` (and each parameter's own keys) step a method parameter through.
    static let alpha = Ladder([0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])
    static let epsilon = Ladder([0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1])
    static let gamma = Ladder([0.5, 0.8, 0.9, 0.95, 0.99, 1])
    static let lambda = Ladder([0, 0.2, 0.5, 0.8, 0.9, 0.95, 1])
    /// Live physics: `d` `D` step the slip, `o` `O` the step reward.
    static let slip = Ladder([0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1])
    static let stepReward = Ladder([-10, -5, -2, -1, -0.5, -0.2, -0.1, 0, 0.1, 0.5, 1])
    /// Build mode: `+` and `-` step the reward of the cell under the cursor.
    static let cellReward = Ladder([-100, -10, -5, -2, -1, -0.5, -0.1, 0, 0.1, 0.5, 1, 2, 5, 10, 100])
}
