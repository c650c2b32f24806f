/// A method that learns its policy as preferences (DESIGN §13): everything but its box is
/// answered here, once for all of them.
protocol PolicyGradientLearner: SampleBasedSolver, StochasticPolicy, LearnsPolicy {
    var theta: Preferences { get set }
}

extension PolicyGradientLearner {
    public var actionProbabilities: [Double] {
        let model = learner.agent.model
        return model.shownByState(theta.probabilities(model), width: model.actionCount)
    }
    public var mostProbable: [Int32] {
        let model = learner.agent.model
        return model.shownByState(theta.mostProbable(model), width: 1)
    }
    /// V^pi through the model: the policy's worth (a method with a critic shows its v instead).
    public var stateValues: [Double] { policyValues }
    public var showsPolicyValues: Bool { true }
    public var policyValues: [Double] { theta.values(learner.agent.model, gamma: learner.gamma) }
    public var actionValues: [Double]? { nil }
}

/// The steps of one episode as a policy-gradient method remembers them: S_t, A_t, R_{t+1}.
/// The buffer is kept from episode to episode (no allocation per step once warm); one array
/// of steps, so that remembering a step is one append.
struct Trajectory: Sendable {
    struct Step: Sendable {
        let state: Int32, action: Int32
        let reward: Double
    }
    private var steps: [Step] = []
    var count: Int { steps.count }

    /// S_t and A_t of step t.
    subscript(t: Int) -> (state: Int, action: Int) { (Int(steps[t].state), Int(steps[t].action)) }

    @inline(__always)
    mutating func append(_ s: Int, _ a: Int, _ r: Double) {
        steps.append(Step(state: Int32(truncatingIfNeeded: s), action: Int32(truncatingIfNeeded: a), reward: r))
    }

    /// G_t = sum of gamma^(k-t-1) R_k for k = t+1 .. T, for every t: one backward pass.
    func returns(gamma: Double, into G: inout [Double]) {
        G.removeAll(keepingCapacity: true)
        G.append(contentsOf: repeatElement(0, count: count))
        var g = 0.0
        for t in stride(from: count - 1, through: 0, by: -1) {
            g = steps[t].reward + gamma * g
            G[t] = g
        }
    }

    mutating func clear() { steps.removeAll(keepingCapacity: true) }
}

extension MethodInfo {
    /// Why the score-function methods do not learn from a driven step (DESIGN §13).
    static let onPolicyOnly = "its gradient (e_A - pi) is unbiased only for actions drawn from pi; a driven action is not, so it does not learn from one (imitation does: its label is the expert's, whatever the action)"
}
