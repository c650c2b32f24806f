/// REINFORCE with baseline (episodic) for pi* (S&B 2018, §13.4, boxed algorithm), with a
/// table v as the baseline.
///
///     Loop forever (for each episode):
///         Generate an episode S_0, A_0, R_1, ..., S_{T-1}, A_{T-1}, R_T, following pi
///         Loop for each step of the episode t = 0, 1, ..., T-1:   (in the episode's last tick)
///             G <- sum_{k=t+1}^{T} gamma^(k-t-1) R_k
///             delta <- G - v(S_t)
///             v(S_t) <- v(S_t) + alpha_w delta
///             theta <- theta + alpha gamma^t delta grad ln pi(A_t|S_t, theta)
public struct ReinforceBaseline: EpisodicPolicyGradient {
    public static let info = MethodInfo(
        id: "reinforce-baseline", family: .pg,
        summary: "REINFORCE less a learned baseline v(S_t): theta += alpha gamma^t (G - v) grad ln pi (S&B §13.4)",
        learnsQ: false, isPrediction: false,
        parameters: [.gamma, .alpha, .alphaW, .prior, .priorNoise, .seed],
        defaultAlpha: 0.01,
        make: { model, parameters in try ReinforceBaseline(model: model, parameters: parameters) },
        driveRefusal: MethodInfo.onPolicyOnly, startsFromPolicy: true, maxAlpha: 100)

    var learner: Learner
    var theta: Preferences
    /// The baseline v(s), a table.
    var v: [Double]
    var episode = Trajectory()
    private var G: [Double] = []

    public init(model: Model, parameters: Parameters) throws {
        learner = try Learner(Self.info, model: model, parameters: parameters, episodic: "REINFORCE with baseline")
        theta = try Preferences(model: model, parameters: parameters)
        v = Array(repeating: 0, count: model.stateCount)
    }

    mutating func remember(_ S: Int, _ A: Int, _ R: Double, from state: Int) { episode.append(S, A, R) }

    mutating func learnFromEpisode(into tick: inout Tick) {
        episode.returns(gamma: learner.gamma, into: &G)
        let alpha = learner.alpha, gamma = learner.gamma
        var discount = 1.0, last: Update?
        for t in 0..<episode.count {
            let (s, a) = episode[t]
            let delta = G[t] - v[s]                       // delta <- G - v(S_t)
            v[s] += learner.parameters.alphaW * delta     // v(S_t) <- v(S_t) + alpha_w delta
            // theta <- theta + alpha gamma^t delta grad ln pi(A_t|S_t)
            theta.policy(s)
            let step = alpha * discount, p = theta.pi(a)
            let (old, new) = theta.ascend(s, toward: a, by: step * delta)
            last = .policyStep(s, a, old: old, new: new, step: step, signal: delta, probability: p)
            discount *= gamma
        }
        if let last { learner.record(last, backups: 2 * episode.count, in: &tick) }
        episode.clear()
    }

    /// The baseline's v: what the reports and the heatmap show.
    public var stateValues: [Double] { learner.agent.model.shownByState(v, width: 1) }
    public var showsPolicyValues: Bool { false }

    mutating func remap(_ map: StateMap) {
        theta.remap(map)
        v = map.table(v, width: 1, fill: 0, terminal: 0)
        episode.clear()
    }
}
