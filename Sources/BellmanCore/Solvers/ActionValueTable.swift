/// Q(s, a) stored flat, `values[s * actionCount + a]`, with the book's greedy and
/// epsilon-greedy choices. On a model whose states have different actions (not a grid),
/// state s uses the first `count(s)` entries of its row; the rest stay 0 and are never read.
struct ActionValueTable: Sendable {
    let actionCount: Int
    var values: [Double]
    /// Every state has all the actions (grids); otherwise `counts` has each state's.
    let uniform: Bool
    let counts: [Int32]

    init(model: Model, initial: Double) {
        actionCount = model.actionCount
        uniform = !model.isTable
        counts = uniform ? [] : (0..<model.stateCount).map { Int32(model.actionCount(of: $0)) }
        values = [Double](repeating: 0, count: model.stateCount * model.actionCount)
        for s in 0..<model.stateCount where !model.isTerminal[s] {
            for a in 0..<model.actionCount(of: s) { values[s * actionCount + a] = initial }
        }
    }

    /// The actions of state s (at least one: a terminal's row reads as its single 0).
    @inline(__always)
    func count(_ s: Int) -> Int {
        uniform ? actionCount : Swift.max(1, Int(counts[s]))
    }

    @inline(__always)
    subscript(s: Int, a: Int) -> Double {
        get { values[s * actionCount + a] }
        set { values[s * actionCount + a] = newValue }
    }

    /// max_a Q(s, a).
    @inline(__always)
    func max(_ s: Int) -> Double {
        values.withUnsafeBufferPointer { Self.max($0.baseAddress! + s * actionCount, count: count(s)) }
    }

    /// argmax_a Q(s, a), ties broken as asked.
    @inline(__always)
    func greedy(_ s: Int, ties: TieBreak, rng: inout Xoshiro256) -> Int {
        values.withUnsafeBufferPointer { Self.greedy($0.baseAddress! + s * actionCount, count: count(s), ties: ties, rng: &rng) }
    }

    /// epsilon-greedy: a random action with probability epsilon, else the greedy one.
    @inline(__always)
    func epsilonGreedy(_ s: Int, epsilon: Double, ties: TieBreak, rng: inout Xoshiro256) -> Int {
        if rng.unit() < epsilon { return rng.below(count(s)) }
        return greedy(s, ties: ties, rng: &rng)
    }

    /// b(a|s) of epsilon-greedy in Q (off-policy MC's behaviour policy): 1 - epsilon +
    /// epsilon/|A| split over the tied best actions, epsilon/|A| for the others.
    @inline(__always)
    func epsilonGreedyProbability(_ a: Int, _ s: Int, epsilon: Double) -> Double {
        values.withUnsafeBufferPointer { Self.epsilonGreedyProbability($0.baseAddress! + s * actionCount, count: count(s), a, epsilon: epsilon) }
    }

    /// b(a|s) of epsilon-greedy in a row of `count` action values.
    @inline(__always)
    static func epsilonGreedyProbability(_ row: UnsafePointer<Double>, count: Int, _ a: Int, epsilon: Double) -> Double {
        let best = max(row, count: count)
        var tied = 0
        for action in 0..<count where row[action] == best { tied += 1 }
        let explore = epsilon / Double(count)
        return row[a] == best ? (1 - epsilon) / Double(tied) + explore : explore
    }

    /// The largest of a state's `count` action values.
    @inline(__always)
    static func max(_ row: UnsafePointer<Double>, count: Int) -> Double {
        if count == 4 {
            // x > y ? x : y is Swift.max(x, y) (y >= x ? y : x) for every number, and is maxsd.
            var best = row[0]
            best = row[1] > best ? row[1] : best
            best = row[2] > best ? row[2] : best
            return row[3] > best ? row[3] : best
        }
        var best = row[0]
        for a in 1..<count { best = Swift.max(best, row[a]) }
        return best
    }

    /// The index of the largest of a state's `count` action values: the lowest with `.first`,
    /// one drawn uniformly among the tied with `.random`.
    @inline(__always)
    static func greedy(_ row: UnsafePointer<Double>, count: Int, ties: TieBreak, rng: inout Xoshiro256) -> Int {
        if ties == .first { return firstGreatest(row, count: count) }
        if count == 4 {
            // The draws below happen only where a value equals the largest before it; where
            // none does (the common case once values differ), the answer is the first greatest.
            // Compared as lanes: a branch per comparison is one a predictor cannot guess.
            let r0 = row[0], r1 = row[1], r2 = row[2]
            let upTo1 = r1 > r0 ? r1 : r0, upTo2 = r2 > upTo1 ? r2 : upTo1
            if !any(SIMD4(r1, r2, row[3], 1) .== SIMD4(r0, upTo1, upTo2, 0)) { return firstGreatest(row, count: 4) }
        }
        var best = 0, bestValue = row[0], tied = 1
        for a in 1..<count {
            let q = row[a]
            if q > bestValue {
                best = a; bestValue = q; tied = 1
            } else if q == bestValue {
                // Reservoir sampling: each of the tied actions ends up chosen with probability 1/tied.
                tied += 1
                if rng.below(tied) == 0 { best = a }
            }
        }
        return best
    }

    /// The lowest index of the largest of `count` values (four, a grid's N, E, S, W, unrolled).
    @inline(__always)
    static func firstGreatest(_ row: UnsafePointer<Double>, count: Int) -> Int {
        if count == 4 {
            // The lowest lane equal to the largest, with no branch: which action is greedy is
            // what a branch predictor cannot guess (written as selects, LLVM made branches).
            let r0 = row[0], r1 = row[1], r2 = row[2], r3 = row[3]
            let low = r0 > r1 ? r0 : r1, high = r2 > r3 ? r2 : r3, top = low > high ? low : high
            let lanes = SIMD4<Int64>(repeating: 0).replacing(with: SIMD4(1, 2, 4, 8), where: SIMD4(r0, r1, r2, r3) .== SIMD4(repeating: top))
            // No lane equals a largest that is not a number: 64 trailing zeros, action 0.
            return (lanes[0] | lanes[1] | lanes[2] | lanes[3]).trailingZeroBitCount & 3
        }
        // The testbed's ten arms (every figure of the book's chapter 2): a count known when
        // compiled is a loop unrolled, a compare and two selects an arm.
        if count == 10 { return firstGreatest(row, upTo: 10) }
        return firstGreatest(row, upTo: count)
    }

    @inline(__always)
    private static func firstGreatest(_ row: UnsafePointer<Double>, upTo count: Int) -> Int {
        var best = 0, bestValue = row[0]
        for a in 1..<count where row[a] > bestValue {
            best = a
            bestValue = row[a]
        }
        return best
    }

    /// Moves the values out (the table is empty until `putValues`), so that a loop writes
    /// them through a pointer with no copy-on-write check per write.
    mutating func takeValues() -> [Double] {
        var taken: [Double] = []
        swap(&taken, &values)
        return taken
    }

    mutating func putValues(_ taken: [Double]) { values = taken }

    /// The table's rows seen through a pointer, for a loop on a grid (every state has all the
    /// actions): the same max and epsilon-greedy rules as the table's. `Width` gives the row
    /// length, a constant for the grid's four directions, so that the loop is compiled for it.
    struct Rows<Width: RowWidth> {
        let q: UnsafeMutablePointer<Double>
        let width: Width

        @inline(__always)
        init(_ buffer: UnsafeMutableBufferPointer<Double>, width: Width) {
            q = buffer.baseAddress!
            self.width = width
        }

        @inline(__always)
        subscript(s: Int, a: Int) -> Double {
            get { q[s &* width.count &+ a] }
            nonmutating set { q[s &* width.count &+ a] = newValue }
        }

        /// Q(s, a) by the pair's index `s * width + a`.
        @inline(__always)
        subscript(pair i: Int) -> Double {
            get { q[i] }
            nonmutating set { q[i] = newValue }
        }

        @inline(__always)
        func max(_ s: Int) -> Double { ActionValueTable.max(q + s &* width.count, count: width.count) }

        @inline(__always)
        func epsilonGreedy(_ s: Int, epsilon: Double, ties: TieBreak, rng: inout Xoshiro256) -> Int {
            if rng.unit() < epsilon { return rng.below(width.count) }
            return ActionValueTable.greedy(q + s &* width.count, count: width.count, ties: ties, rng: &rng)
        }
    }
}

/// The number of actions per row of `ActionValueTable.Rows`.
protocol RowWidth {
    var count: Int { get }
}

/// A grid's four directions (N, E, S, W), known when the loop is compiled.
struct FourActions: RowWidth {
    var count: Int { 4 }
}

/// Any other number of actions, read when the loop runs.
struct ActionCount: RowWidth {
    let count: Int
}

extension ActionValueTable {
    /// V(s) = max_a Q(s, a) for every state (0 on terminals).
    func stateValues() -> [Double] { (0..<values.count / actionCount).map { max($0) } }
}
