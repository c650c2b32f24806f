/// Imitation, the supervised twin of the policy-gradient methods (DESIGN §13): behaviour
/// cloning by the cross-entropy gradient, on the same softmax preference table.
///
///     Loop forever (for each step):
///         A ~ pi(.|S, theta)                  (the agent acts with its own policy)
///         a* <- the expert's action in S      (the label)
///         theta <- theta + alpha (e_{a*} - pi(.|S))     (grad ln pi(a*|S): cross-entropy)
///         Take action A, observe S'; S <- S'
///
/// No reward is used. Each labelled step is a sample. The expert sees the true state; under
/// look-alike states its labels may disagree within a group, and the policy learns their mix.
/// The tick is the episodic kernel's `step()` (`EpisodicKernel.swift`), which takes A before
/// the learning: taking A reads nothing of theta, so the update is the box's.
public struct Imitation: EpisodicPolicyGradient {
    public static let info = MethodInfo(
        id: "imitation", family: .pg,
        summary: "the supervised twin: the expert's action is the label at every visited state, theta += alpha (e_a* - pi); no reward used",
        learnsQ: false, isPrediction: false,
        parameters: [.gamma, .alpha, .prior, .priorNoise, .seed],
        defaultAlpha: 0.1,
        make: { model, parameters in try Imitation(model: model, parameters: parameters) },
        startsFromPolicy: true, maxAlpha: 100)

    var learner: Learner
    var theta: Preferences
    /// a* of every true state.
    var expert: [Int]
    /// a* of the step under way.
    private var label = 0

    public init(model: Model, parameters: Parameters) throws {
        learner = Learner(Self.info, model: model, parameters: parameters)
        theta = try Preferences(model: model, parameters: parameters)
        expert = Expert.actions(model, parameters: parameters)
    }

    /// a* <- the expert's action in the true S (the label of the step under way).
    mutating func remember(_ S: Int, _ A: Int, _ R: Double, from state: Int) { label = expert[state] }

    /// theta <- theta + alpha (e_{a*} - pi(.|S)): pi(.|S) as A was drawn from it (computed here
    /// for a driven A, which was not).
    mutating func learnFromStep(_ S: Int, _ A: Int, _ R: Double, next S2: Int, ends: Bool) -> Update? {
        theta.policy(S)
        let p = theta.pi(label)
        let (old, new) = theta.ascend(S, toward: label, by: learner.alpha)
        return .policyStep(S, label, old: old, new: new, step: learner.alpha, signal: 1, probability: p)
    }

    /// Every step was learnt from as it was taken: an episode's end adds nothing.
    mutating func learnFromEpisode(into tick: inout Tick) {}

    mutating func remap(_ map: StateMap) {
        theta.remap(map)
        // The labels of the edited world: the expert file's where a state is carried over (it
        // was written for the level as it was), DP's first optimal action elsewhere.
        let optimal = Expert.optimal(map.new, gamma: learner.gamma)
        expert = optimal.indices.map { s in
            guard learner.parameters.expert != nil, let o = map.carried(s) else { return optimal[s] }
            return expert[o]
        }
    }
}
