import BellmanCore

extension AppState {
    /// The greedy actions per state: every action within 1e-9 of the best (Runner's rule, as
    /// JSON `states[].greedy` lists them), from Q, or from V through the model for V-only
    /// methods; policy iteration shows its own policy; a learned stochastic policy, every
    /// action above 1/|A(s)|. Empty where there is no preference yet (nothing learned, or
    /// every action tied).
    func greedyActions() -> [[Int]] {
        let n = model.stateCount
        // A policy that is learned as probabilities (DESIGN §13) marks every action it
        // favours over uniform: its most probable action alone would draw an arrow where pi
        // is still uniform, or hide a second action it nearly ties.
        if let pi = learnedPolicy {
            let A = model.actionCount
            return (0..<n).map { s in
                guard model.isOccupiable[s], !model.isTerminal[s] else { return [] }
                let uniform = 1 / Double(max(1, model.actionCount(of: s)))
                return (0..<model.actionCount(of: s)).filter { pi[s * A + $0] > uniform + 1e-9 }
            }
        }
        let q = snapshot.q.flatMap { $0.count == n * model.actionCount ? $0 : nil }
        let table = snapshot.policyTable.flatMap { $0.count == n ? $0 : nil }
        guard table != nil || q != nil || (snapshot.values.count == n && snapshot.counters.backups > 0) else {
            return Array(repeating: [], count: n)
        }
        let ties = Runner.greedyTies(q: q, values: snapshot.values, gamma: snapshot.parameters?.gamma ?? parameters.gamma,
                                     in: model, policyTable: table)
        return (0..<n).map { s in
            guard model.isOccupiable[s], ties[s].count < model.actionCount(of: s) || table != nil else { return [] }
            return ties[s]
        }
    }

    /// pi(a|s) per (state, action) of a method that learns its policy as probabilities (the
    /// PG family, the gradient bandit), shaped for this model; `nil` for the others.
    var learnedPolicy: [Double]? {
        snapshot.probabilities.flatMap { $0.count == model.stateCount * model.actionCount ? $0 : nil }
    }

    /// What a cell marks: the actions of the target policy when a prediction method evaluates
    /// one (where it is not random), else the greedy actions.
    func cellMarks(greedy: [[Int]]) -> [[Int]] {
        guard method.isPrediction, let policy = targetPolicy else { return greedy }
        return (0..<model.stateCount).map { s in
            guard model.isOccupiable[s], !model.isTerminal[s], !policy.isRandom(in: s, model: model) else { return [] }
            return (0..<model.actionCount(of: s)).filter { policy.p(s, $0) > 0 }
        }
    }
}
