/// One-step actor-critic (episodic) for pi* (S&B 2018, §13.5, boxed algorithm), with a
/// table v as the critic.
///
///     Loop forever (for each episode):
///         Initialize S (first state of episode)
///         I <- 1
///         Loop while S is not terminal (for each time step):   (one step per tick)
///             A ~ pi(.|S, theta)
///             Take action A, observe S', R
///             delta <- R + gamma v(S') - v(S)        (if S' is terminal, v(S') = 0)
///             v(S) <- v(S) + alpha_w delta
///             theta <- theta + alpha I delta grad ln pi(A|S, theta)
///             I <- gamma I
///             S <- S'
public struct ActorCritic: EpisodicPolicyGradient {
    public static let info = MethodInfo(
        id: "actor-critic", family: .pg,
        summary: "one-step actor-critic: the critic's TD error scales the policy's step, theta += alpha I delta grad ln pi (S&B §13.5)",
        learnsQ: false, isPrediction: false,
        parameters: [.gamma, .alpha, .alphaW, .prior, .priorNoise, .seed],
        defaultAlpha: 0.01,
        make: { model, parameters in try ActorCritic(model: model, parameters: parameters) },
        driveRefusal: MethodInfo.onPolicyOnly, startsFromPolicy: true, maxAlpha: 100)

    var learner: Learner
    var theta: Preferences
    /// The critic v(s), a table.
    var v: [Double]
    var I = 1.0

    public init(model: Model, parameters: Parameters) throws {
        learner = Learner(Self.info, model: model, parameters: parameters)
        theta = try Preferences(model: model, parameters: parameters)
        v = Array(repeating: 0, count: model.stateCount)
    }

    /// The loop's body after the step: the critic's TD error moves v and theta.
    mutating func learnFromStep(_ S: Int, _ A: Int, _ R: Double, next S2: Int, ends: Bool) -> Update? {
        let delta = R + learner.gamma * (ends ? 0 : v[S2]) - v[S]       // delta <- R + gamma v(S') - v(S)
        v[S] += learner.parameters.alphaW * delta                       // v(S) <- v(S) + alpha_w delta
        let step = learner.alpha * I, p = theta.pi(A)                  // theta += alpha I delta grad ln pi(A|S)
        let (old, new) = theta.ascend(S, toward: A, by: step * delta)
        I = learner.gamma * I                                           // I <- gamma I
        return .policyStep(S, A, old: old, new: new, step: step, signal: delta, probability: p)
    }

    /// A v entry and a theta row.
    var backupsPerStep: Int { 2 }

    /// The next episode starts with I = 1.
    mutating func learnFromEpisode(into tick: inout Tick) { I = 1 }

    /// The critic's v: what the reports and the heatmap show.
    public var stateValues: [Double] { learner.agent.model.shownByState(v, width: 1) }
    public var showsPolicyValues: Bool { false }

    mutating func remap(_ map: StateMap) {
        theta.remap(map)
        v = map.table(v, width: 1, fill: 0, terminal: 0)
        I = 1
    }
}
