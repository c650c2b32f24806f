/// The `sharp` goal (DESIGN §13): the learned policy puts at least `mass` on optimal actions
/// in every state an optimal policy visits from the start states. A prior that already
/// favours the right action is greedy-optimal at sample 0; `sharp` measures what learning
/// still has to do (sharpen it, or undo what the prior got wrong).
struct SharpGoal: Sendable {
    /// The probability on optimal actions that counts as sharp.
    static let mass = 0.9

    /// The states some optimal policy visits from a start, in the order found.
    let visited: [Int]
    /// Whether (s, a) is optimal: q*(s, a) within the tolerance of v*(s); `[s * width + a]`.
    private let optimal: [Bool]
    private let width: Int

    /// The states reached from the start states by following every optimal action (each
    /// outcome with a positive probability): the union of what the optimal policies visit.
    init(model: Model, qStar: [Double], tolerance: Double) {
        let A = model.actionCount
        var optimal = [Bool](repeating: false, count: model.stateCount * A)
        for s in 0..<model.stateCount where !model.isTerminal[s] && model.actionCount(of: s) > 0 {
            let actions = 0..<model.actionCount(of: s)
            let best = actions.map { qStar[s * A + $0] }.max()!
            for a in actions where qStar[s * A + a] >= best - tolerance { optimal[s * A + a] = true }
        }
        var seen = [Bool](repeating: false, count: model.stateCount)
        var queue: [Int] = []
        func visit(_ s: Int) {
            guard !seen[s], !model.isTerminal[s] else { return }
            seen[s] = true
            queue.append(s)
        }
        for start in model.startStates { visit(Int(start)) }
        var head = 0
        while head < queue.count {
            let s = queue[head]
            head += 1
            for a in 0..<model.actionCount(of: s) where optimal[s * A + a] {
                for outcome in model.outcomes(state: s, action: a) where outcome.probability > 0 { visit(outcome.next) }
            }
        }
        visited = queue
        self.optimal = optimal
        width = A
    }

    /// The solver's policy is sharp: pi's mass on optimal actions is at least `mass` in every
    /// visited state. A method that learns values acts greedily on them, so its policy puts
    /// all of it on its greedy action.
    func isReached(by solver: any Solver, in model: Model) -> Bool {
        if let pi = solver.actionProbabilities, pi.count == model.stateCount * width {
            return visited.allSatisfy { massOnOptimal(pi, $0, in: model) >= Self.mass }
        }
        let greedy = Runner.greedyPolicy(of: solver, in: model)
        return visited.allSatisfy { greedy[$0] >= 0 && optimal[$0 * width + greedy[$0]] }
    }

    /// The sum of pi(a|s) over the optimal actions of s.
    func massOnOptimal(_ pi: [Double], _ s: Int, in model: Model) -> Double {
        var sum = 0.0
        for a in 0..<model.actionCount(of: s) where optimal[s * width + a] { sum += pi[s * width + a] }
        return sum
    }
}
