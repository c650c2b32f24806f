/// One possible result of taking an action: p(s', r | s, a) written out.
public struct Outcome: Sendable, Equatable {
    /// The next state.
    public var next: Int
    public var probability: Double
    public var reward: Double
    /// Whether entering `next` ends the episode (a goal or hole).
    public var ends: Bool
}

/// What one sampled step did.
public struct Step: Sendable, Equatable {
    public var next: Int
    public var reward: Double
    public var ends: Bool
}

extension Model {
    /// The expected one-step return of (s, a) under values `v`:
    /// sum over s', r of p(s', r | s, a) [r + gamma v(s')].
    ///
    /// `v` holds `stateCount + 1` values; the last is the mean value of the start states, the
    /// value of landing on a cliff (see `refreshRelocationValue`).
    @inline(__always)
    func expectedReturn(_ s: Int, _ a: Int, gamma: Double, _ v: UnsafeBufferPointer<Double>) -> Double {
        if isTable { return table.unsafelyUnwrapped.expectedReturn(s, a, gamma: gamma, v) }
        let base = s * directions.count
        var total = 0.0
        for k in 0..<Int(mixCount[a]) {
            let i = base + Int(mixSlot[a * 3 + k])
            total += mixProbability[a * 3 + k] * (rewardValues[Int(rewardIndex[i])] + gamma * v[Int(landing[i])])
        }
        return total
    }

    /// Q(s, a) = sum p [r + gamma V(s')] for every state and action, `q[s * actionCount + a]`
    /// (0 on terminals): the one-step lookahead on V through the model.
    public func actionValues(from values: [Double], gamma: Double) -> [Double] {
        var v = values + [0]
        refreshRelocationValue(&v)
        var q = [Double](repeating: 0, count: stateCount * actionCount)
        v.withUnsafeBufferPointer { v in
            for s in 0..<stateCount where !isTerminal[s] {
                for a in 0..<actionCount(of: s) { q[s * actionCount + a] = expectedReturn(s, a, gamma: gamma, v) }
            }
        }
        return q
    }

    /// The greedy action per state by a one-step lookahead on V through the model
    /// (argmax_a sum p [r + gamma V(s')], the first best action on ties); -1 on terminals.
    public func greedyActions(values: [Double], gamma: Double) -> [Int] {
        let q = actionValues(from: values, gamma: gamma)
        return (0..<stateCount).map { s in
            guard !isTerminal[s] else { return -1 }
            var best = 0
            for a in 0..<actionCount(of: s) where q[s * actionCount + a] > q[s * actionCount + best] { best = a }
            return best
        }
    }

    /// Sets the relocation pseudo-value `v[stateCount]` to the mean of the start states' values.
    /// Without a cliff to enter nothing reads it, and a level without a start cell starts
    /// anywhere, so the mean would cost a pass over all states per sweep.
    func refreshRelocationValue(_ v: inout [Double]) {
        guard relocates else { return }
        var sum = 0.0
        for s in startStates { sum += v[Int(s)] }
        v[stateCount] = sum / Double(startStates.count)
    }

    /// max over actions of the expected one-step return of s. Each direction's landing is
    /// valued once, r + gamma v(s'), and the actions mix those few values: the model's
    /// factoring by direction, which reads each landing once instead of once per action.
    @inline(__always)
    func bestExpectedReturn(_ s: Int, gamma: Double, _ v: UnsafeBufferPointer<Double>) -> Double {
        if isTable, let table {
            var best = -Double.infinity
            for a in 0..<table.actionCount(s) { best = max(best, table.expectedReturn(s, a, gamma: gamma, v)) }
            return best
        }
        return withDirectionValues(s, gamma: gamma, v) { u in backUp(directionValues: u, .best) }
    }

    /// The mean over actions of the expected one-step return of s: the backup of the
    /// equiprobable random policy, factored by direction as `bestExpectedReturn`.
    @inline(__always)
    func meanExpectedReturn(_ s: Int, gamma: Double, _ v: UnsafeBufferPointer<Double>) -> Double {
        if isTable, let table {
            let count = table.actionCount(s)
            var sum = 0.0
            for a in 0..<count { sum += table.expectedReturn(s, a, gamma: gamma, v) }
            return sum / Double(count)
        }
        return withDirectionValues(s, gamma: gamma, v) { u in backUp(directionValues: u, .mean) }
    }

    /// Calls `body` with u[d] = r + gamma v(landing) for each direction slot d of s.
    @inline(__always)
    private func withDirectionValues(_ s: Int, gamma: Double, _ v: UnsafeBufferPointer<Double>,
                                     _ body: (UnsafeMutablePointer<Double>) -> Double) -> Double {
        let slots = directions.count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 9) { u in
            let base = s * slots
            for d in 0..<slots {
                u[d] = rewardValues[Int(rewardIndex[base + d])] + gamma * v[Int(landing[base + d])]
            }
            return body(u.baseAddress!)
        }
    }

    /// sum_k p_k u[slot_k] for action a.
    @inline(__always)
    private func mix(_ a: Int, _ u: UnsafeMutablePointer<Double>) -> Double {
        var total = 0.0
        for k in 0..<Int(mixCount[a]) { total += mixProbability[a * 3 + k] * u[Int(mixSlot[a * 3 + k])] }
        return total
    }

    /// A grid state's backup from its direction values u[d] = r + gamma v(landing): each
    /// action mixes its directions (`mix`), and `rule` takes their max or their mean. The one
    /// place a grid's backup combines actions, for a state backed up alone and for the
    /// stencil runs of a sweep.
    @inline(__always)
    func backUp(directionValues u: UnsafeMutablePointer<Double>, _ rule: BackupRule) -> Double {
        var result = rule == .best ? -Double.infinity : 0.0
        for a in 0..<actionCount {
            let q = mix(a, u)
            result = rule == .best ? max(result, q) : result + q
        }
        return rule == .best ? result : result / Double(actionCount)
    }



    /// Samples one environment step from (s, a), drawing from exactly the distribution that
    /// `outcomes(state:action:)` lists.
    @inline(__always)
    public func sample(state s: Int, action a: Int, using rng: inout Xoshiro256) -> Step {
        if isTable {
            let (next, reward) = table.unsafelyUnwrapped.sample(s, a, using: &rng)
            return Step(next: next, reward: reward, ends: isTerminal[next])
        }
        var k = 0
        let count = Int(mixCount[a])
        if count > 1 {
            var u = rng.unit()
            while k < count - 1 {
                u -= mixProbability[a * 3 + k]
                if u < 0 { break }
                k += 1
            }
        }
        let i = s * directions.count + Int(mixSlot[a * 3 + k])
        var next = Int(landing[i])
        if next == Int(relocate) { next = sampleStart(using: &rng) }
        return Step(next: next, reward: rewardValues[Int(rewardIndex[i])], ends: isTerminal[next])
    }

    /// A start state drawn uniformly, as at the beginning of an episode.
    @inline(__always)
    ///
    /// With a single start cell nothing is drawn, so a run's random numbers go to the agent's
    /// choices only (as in the benchmark reference, whose start is fixed).
    public func sampleStart(using rng: inout Xoshiro256) -> Int {
        if isTable { return table.unsafelyUnwrapped.sampleStart(startStates, using: &rng) }
        return startStates.count == 1 ? Int(startStates[0]) : Int(startStates[rng.below(startStates.count)])
    }

    /// Every (next state, probability, reward) of (s, a), merged where they coincide: the
    /// model as the book writes it, for explanations and tests. Empty for terminal states.
    public func outcomes(state s: Int, action a: Int) -> [Outcome] {
        guard !isTerminal[s], a < actionCount(of: s) else { return [] }
        if let table {
            let pair = Int(table.pairStart[s]) + a
            return (Int(table.outcomeStart[pair])..<Int(table.outcomeStart[pair + 1])).map { o in
                let next = Int(table.next[o])
                return Outcome(next: next, probability: table.probability[o], reward: table.rewardMean[o], ends: isTerminal[next])
            }
        }
        var result: [Outcome] = []
        func add(_ next: Int, _ p: Double, _ r: Double) {
            if let j = result.firstIndex(where: { $0.next == next && $0.reward == r }) {
                result[j].probability += p
            } else {
                result.append(Outcome(next: next, probability: p, reward: r, ends: isTerminal[next]))
            }
        }
        for k in 0..<Int(mixCount[a]) {
            let i = s * directions.count + Int(mixSlot[a * 3 + k])
            let p = mixProbability[a * 3 + k], r = rewardValues[Int(rewardIndex[i])]
            if landing[i] == relocate {
                for start in startStates { add(Int(start), p / Double(startStates.count), r) }
            } else {
                add(Int(landing[i]), p, r)
            }
        }
        return result
    }
}
