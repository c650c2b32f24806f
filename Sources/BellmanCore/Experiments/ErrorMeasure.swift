extension Model {
    /// The RMS error of `solver` against `truth` (DESIGN §3; a learned policy's is V^pi's,
    /// `Solver.errorValues`), the one rule every experiment measures by. A method that learns
    /// Q on a model whose states are all told apart is measured straight from its table,
    /// max_a Q(s, a) state by state, with no V array built: a run records it after every
    /// episode.
    public func rmsError(of solver: any Solver, against truth: [Double]) -> Double {
        guard observation == nil, let learner = solver as? any ActionValueLearner, learner.Q.values.count == stateCount * actionCount else {
            return rmsError(solver.errorValues, against: truth)
        }
        return rmsError(ofMaxima: learner.Q, against: truth)
    }

    /// `rmsError(_:against:)` of V(s) = max_a Q(s, a), the same sum in the same order; on a
    /// grid every row has all the actions, and the four-action maximum is a few instructions.
    private func rmsError(ofMaxima Q: ActionValueTable, against truth: [Double]) -> Double {
        if Q.uniform && Q.actionCount == 4 { return rmsError(ofMaxima: Q, against: truth) { _ in 4 } }
        return rmsError(ofMaxima: Q, against: truth) { Q.count($0) }
    }

    @inline(__always)
    private func rmsError(ofMaxima Q: ActionValueTable, against truth: [Double], actions: (Int) -> Int) -> Double {
        var sum = 0.0, count = 0
        let width = Q.actionCount
        Q.values.withUnsafeBufferPointer { q in
            truth.withUnsafeBufferPointer { v in
                isOccupiable.withUnsafeBufferPointer { occupiable in
                    for s in 0..<stateCount where occupiable[s] {
                        let e = ActionValueTable.max(q.baseAddress! + s &* width, count: actions(s)) - v[s]
                        sum += e * e
                        count += 1
                    }
                }
            }
        }
        return count == 0 ? 0 : (sum / Double(count)).squareRoot()
    }
}
