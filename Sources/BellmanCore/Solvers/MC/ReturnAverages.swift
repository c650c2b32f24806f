/// Q(s, a) moved toward a return G: by alpha when given, else by 1/N(s, a), the incremental
/// form of "Q(s, a) <- average(Returns(s, a))" (S&B §2.4). Shared by the on-policy Monte Carlo
/// control methods.
struct ReturnAverages: Sendable {
    /// N(s, a): the returns averaged so far.
    fileprivate var N: [Int32]

    init(model: Model) {
        N = Array(repeating: 0, count: model.stateCount * model.actionCount)
    }

    /// N(s, a): how many returns (a bandit's rewards) Q(s, a) averages.
    func count(_ s: Int, _ a: Int, actionCount: Int) -> Int { Int(N[s * actionCount + a]) }

    /// Averages G into Q(s, a) and returns the update for the tick's report.
    mutating func update(_ Q: inout ActionValueTable, _ s: Int, _ a: Int, toward G: Double, alpha: Double?) -> Update {
        let old = Q[s, a]
        let stepSize = Self.average(&Q[s, a], count: &N[s * Q.actionCount + a], toward: G, alpha: alpha)
        return Update(state: s, action: a, old: old, target: G, new: Q[s, a], stepSize: stepSize)
    }

    /// The rule itself, for one value and its count: N <- N + 1, q <- q + (alpha or 1/N)(G - q).
    /// Returns the step size.
    @inline(__always)
    static func average(_ q: inout Double, count N: inout Int32, toward G: Double, alpha: Double?) -> Double {
        N += 1
        let stepSize = alpha ?? 1 / Double(N)
        q = q + stepSize * (G - q)
        return stepSize
    }

    /// Moves the counts out (empty until `putCounts`), for a loop that writes them through a pointer.
    mutating func takeCounts() -> [Int32] {
        var taken: [Int32] = []
        swap(&taken, &N)
        return taken
    }

    mutating func putCounts(_ taken: [Int32]) { N = taken }
}

extension ReturnAverages {
    /// Build mode: the counts carried to the edited map (a new state has none).
    func remapped(_ map: StateMap) -> ReturnAverages {
        var moved = self
        moved.N = map.table(N, width: map.new.actionCount, fill: 0, terminal: 0)
        return moved
    }
}
