/// Policy evaluation solved exactly: the Bellman equation of the equiprobable random policy,
/// V = r_pi + gamma P_pi V, is a linear system (S&B eq. 4.4), solved here by Gaussian
/// elimination. Iterative evaluation needs a very large number of sweeps when the random
/// policy wanders for a long time (the cliff under gamma = 1 takes about 115,000), so the
/// truth of small levels is computed this way.
enum ExactEvaluation {
    /// Levels up to this many states are solved directly (about n^3 / 3 operations).
    static let maxStates = 800

    /// V of the equiprobable random policy, or `nil` when the level is too large or the
    /// system is singular (gamma = 1 with a state that never ends).
    static func randomPolicy(_ model: Model, gamma: Double, policy: TargetPolicy? = nil) -> [Double]? {
        let n = model.stateCount
        guard n <= maxStates else { return nil }
        var a = [Double](repeating: 0, count: n * n)
        var b = [Double](repeating: 0, count: n)
        for s in 0..<n {
            a[s * n + s] = 1
            guard !model.isTerminal[s] else { continue }
            for action in 0..<model.actionCount(of: s) {
                let pi = policy?.p(s, action) ?? 1 / Double(model.actionCount(of: s))
                for o in model.outcomes(state: s, action: action) {
                    b[s] += pi * o.probability * o.reward
                    if !o.ends { a[s * n + o.next] -= gamma * pi * o.probability }
                }
            }
        }
        // Gaussian elimination with partial pivoting.
        for column in 0..<n {
            var pivot = column
            for row in column + 1..<n where abs(a[row * n + column]) > abs(a[pivot * n + column]) { pivot = row }
            guard abs(a[pivot * n + column]) > 1e-12 else { return nil }
            if pivot != column {
                for k in 0..<n { a.swapAt(column * n + k, pivot * n + k) }
                b.swapAt(column, pivot)
            }
            let p = a[column * n + column]
            for row in column + 1..<n {
                let factor = a[row * n + column] / p
                guard factor != 0 else { continue }
                for k in column..<n { a[row * n + k] -= factor * a[column * n + k] }
                b[row] -= factor * b[column]
            }
        }
        var v = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in row + 1..<n { sum -= a[row * n + k] * v[k] }
            v[row] = sum / a[row * n + row]
        }
        return v.allSatisfy(\.isFinite) ? v : nil
    }
}
