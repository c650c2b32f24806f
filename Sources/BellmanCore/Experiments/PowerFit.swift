import Foundation

/// cost = c * n^k fitted by least squares on (log n, log cost), with a 95% confidence interval
/// for k from Student's t with (points - 2) degrees of freedom: how a cost grows with the
/// number of states (DESIGN §10).
public struct PowerFit: Sendable, Equatable {
    public var k: Double
    public var c: Double
    /// The 95% interval for k; `nil` with two points (no degrees of freedom left).
    public var kLow: Double?
    public var kHigh: Double?
    public var points: Int

    /// `nil` with fewer than two points, or where n or a cost is not positive, or every n is the same.
    public init?(_ points: [(n: Double, cost: Double)]) {
        guard points.count >= 2, points.allSatisfy({ $0.n > 0 && $0.cost > 0 && $0.n.isFinite && $0.cost.isFinite }) else { return nil }
        let x = points.map { log($0.n) }, y = points.map { log($0.cost) }
        let count = Double(points.count)
        let mx = x.reduce(0, +) / count, my = y.reduce(0, +) / count
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        guard sxx > 0 else { return nil }
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        k = sxy / sxx
        c = exp(my - k * mx)
        self.points = points.count
        guard points.count > 2 else { return }
        let residuals = zip(x, y).reduce(0) { sum, p in
            let r = p.1 - (my + k * (p.0 - mx))
            return sum + r * r
        }
        let se = (residuals / (count - 2) / sxx).squareRoot()
        let t = Self.t975(degreesOfFreedom: points.count - 2)
        kLow = k - t * se
        kHigh = k + t * se
    }

    /// The 97.5% quantile of Student's t (two-sided 95%), from the standard table.
    static func t975(degreesOfFreedom df: Int) -> Double {
        let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                               2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                               2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
        guard df >= 1 else { return .infinity }
        return df <= table.count ? table[df - 1] : df <= 60 ? 2.0 : df <= 120 ? 1.98 : 1.96
    }
}
