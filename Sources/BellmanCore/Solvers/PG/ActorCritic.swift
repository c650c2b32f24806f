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
public struct ActorCritic: PolicyGradientLearner {
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

    mutating func step() -> Tick {
        var tick = Tick()
        let S = learner.state
        let A = act(S)                                                  // A ~ pi(.|S)
        let (R, S2) = learner.take(A, into: &tick)
        let ends = tick.transition?.ends ?? false
        let delta = R + learner.gamma * (ends ? 0 : v[S2]) - v[S]       // delta <- R + gamma v(S') - v(S)
        v[S] += learner.parameters.alphaW * delta                       // v(S) <- v(S) + alpha_w delta
        let step = learner.alpha * I, p = theta.pi[A]                  // theta += alpha I delta grad ln pi(A|S)
        let (old, new) = theta.ascend(S, toward: A, by: step * delta)
        learner.record(.policyStep(S, A, old: old, new: new, step: step, signal: delta, probability: p), backups: 2, in: &tick)
        I = tick.episodeEnd == nil ? learner.gamma * I : 1              // I <- gamma I; 1 at the next episode's start
        return tick
    }

    /// The critic's v: what the reports and the heatmap show.
    public var stateValues: [Double] { learner.agent.model.shownByState(v, width: 1) }

    mutating func remap(_ map: StateMap) {
        theta.theta = map.table(theta.theta, width: map.new.actionCount, fill: 0, terminal: 0)
        v = map.table(v, width: 1, fill: 0, terminal: 0)
        I = 1
    }
}
