/// Policy evaluation solved exactly: the Bellman equation of a policy (the equiprobable random
/// policy unless one is given), V = r_pi + gamma P_pi V, is a linear system (S&B eq. 4.4),
/// solved here by Gaussian elimination. Iterative evaluation needs a very large number of
/// sweeps when the policy wanders for a long time (the cliff under gamma = 1 takes about
/// 115,000), so the values of small levels are computed this way.
enum ExactEvaluation {
    /// Levels up to this many states are solved directly (about n^3 / 3 operations).
    static let maxStates = 800

    /// V of the policy, or `nil` when the level is too large or the system is singular.
    /// Under gamma = 1, a state from which the policy never ends is 0 if it loops on rewards
    /// of 0, and NaN if its return is unbounded (`ending`, found here unless the caller has it).
    static func values(_ model: Model, gamma: Double, policy: TargetPolicy? = nil, ending known: Ending? = nil) -> [Double]? {
        let n = model.stateCount
        guard n <= maxStates else { return nil }
        let ending = gamma < 1 ? nil : known ?? Ending(model, policy: policy)
        var a = [Double](repeating: 0, count: n * n)
        var b = [Double](repeating: 0, count: n)
        for s in 0..<n {
            a[s * n + s] = 1
            // A state that never ends keeps the row V(s) = 0: its true value is 0 or unbounded
            // (set below), and with its own row the system would be singular.
            guard !model.isTerminal[s], ending?.loopsForever[s] != true else { continue }
            for action in 0..<model.actionCount(of: s) {
                let pi = probability(policy, model, s, action)
                for o in model.outcomes(state: s, action: action) {
                    b[s] += pi * o.probability * o.reward
                    if !o.ends { a[s * n + o.next] -= gamma * pi * o.probability }
                }
            }
        }
        guard var v = solve(&a, &b, n) else { return nil }
        if let ending {
            for s in 0..<n where ending.unbounded[s] { v[s] = .nan }
        }
        return v.indices.allSatisfy { v[$0].isFinite || ending?.unbounded[$0] == true } ? v : nil
    }

    /// pi(a | s): the policy's, or the equiprobable random policy's.
    static func probability(_ policy: TargetPolicy?, _ model: Model, _ s: Int, _ action: Int) -> Double {
        policy?.p(s, action) ?? 1 / Double(model.actionCount(of: s))
    }

    /// A x = b by Gaussian elimination with partial pivoting; `nil` when A is singular.
    private static func solve(_ a: inout [Double], _ b: inout [Double], _ n: Int) -> [Double]? {
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
        return v
    }
}

/// Where a policy's episodes end, for gamma = 1, found on the graph of the moves it takes with
/// a probability above 0 (no arithmetic, so no threshold). A learned policy can come to stay
/// for ever (REINFORCE at gamma = 1 after an episode cut at the step cap: a step of alpha
/// times a return of -10,000 leaves probabilities of exactly 0 and 1); its return from there
/// sums rewards without end.
struct Ending {
    /// States from which the policy never reaches a goal or hole.
    let loopsForever: [Bool]
    /// States whose return may sum rewards without end: they loop for ever and a reward other
    /// than 0 comes on the way, or they may come to such a state. (A loop whose rewards are 0
    /// but for a few steps before it has a finite return; it is counted here too.)
    let unbounded: [Bool]

    /// The first state (in reading order) the agent can be in whose return is unbounded.
    var firstUnbounded: Int? { unbounded.firstIndex(of: true) }

    init(_ model: Model, policy: TargetPolicy?) {
        let n = model.stateCount
        var ends = [Bool](repeating: false, count: n)
        var rewarded = [Bool](repeating: false, count: n)
        // Who can step into each state, under the policy.
        var predecessors = [[Int32]](repeating: [], count: n)
        for s in 0..<n {
            guard !model.isTerminal[s], model.actionCount(of: s) > 0 else {
                ends[s] = true
                continue
            }
            for action in 0..<model.actionCount(of: s) where ExactEvaluation.probability(policy, model, s, action) > 0 {
                for o in model.outcomes(state: s, action: action) where o.probability > 0 {
                    if o.ends {
                        ends[s] = true
                    } else {
                        predecessors[o.next].append(Int32(s))
                    }
                    if o.reward != 0 { rewarded[s] = true }
                }
            }
        }
        Self.spread(&ends, predecessors)
        let loopsForever = ends.map { !$0 }
        // Walls and cliff cells are never where the agent is: whatever their rows, no one
        // reaches them.
        var unbounded = (0..<n).map { loopsForever[$0] && rewarded[$0] && model.isOccupiable[$0] }
        Self.spread(&unbounded, predecessors)
        self.loopsForever = loopsForever
        self.unbounded = unbounded
    }

    /// Marks every state that can step into a marked one.
    private static func spread(_ marked: inout [Bool], _ predecessors: [[Int32]]) {
        var queue = marked.indices.filter { marked[$0] }
        var head = 0
        while head < queue.count {
            let s = queue[head]
            head += 1
            for p in predecessors[s] where !marked[Int(p)] {
                marked[Int(p)] = true
                queue.append(Int(p))
            }
        }
    }
}
