/// REINFORCE: Monte-Carlo policy-gradient control (episodic) for pi* (S&B 2018, §13.3,
/// boxed algorithm).
///
///     Loop forever (for each episode):
///         Generate an episode S_0, A_0, R_1, ..., S_{T-1}, A_{T-1}, R_T, following pi
///         Loop for each step of the episode t = 0, 1, ..., T-1:   (in the episode's last tick)
///             G <- sum_{k=t+1}^{T} gamma^(k-t-1) R_k
///             theta <- theta + alpha gamma^t G grad ln pi(A_t|S_t, theta)
///
/// With a softmax in preferences, grad ln pi(A_t|S_t) over theta[S_t, .] is e_{A_t} - pi(.|S_t),
/// pi as it stands (the box updates in order).
public struct Reinforce: EpisodicPolicyGradient {
    public static let info = MethodInfo(
        id: "reinforce", family: .pg,
        summary: "a softmax policy by Monte-Carlo policy gradient: theta += alpha gamma^t G grad ln pi (S&B §13.3)",
        learnsQ: false, isPrediction: false,
        parameters: [.gamma, .alpha, .prior, .priorNoise, .seed],
        defaultAlpha: 0.01,
        make: { model, parameters in try Reinforce(model: model, parameters: parameters) },
        driveRefusal: MethodInfo.onPolicyOnly, startsFromPolicy: true, maxAlpha: 100)

    var learner: Learner
    var theta: Preferences
    var episode = Trajectory()
    private var G: [Double] = []

    public init(model: Model, parameters: Parameters) throws {
        learner = try Learner(Self.info, model: model, parameters: parameters, episodic: "REINFORCE")
        theta = try Preferences(model: model, parameters: parameters)
    }

    mutating func remember(_ S: Int, _ A: Int, _ R: Double, from state: Int) { episode.append(S, A, R) }

    mutating func learnFromEpisode(into tick: inout Tick) {
        episode.returns(gamma: learner.gamma, into: &G)
        let alpha = learner.alpha, gamma = learner.gamma
        var discount = 1.0, last: Update?
        for t in 0..<episode.count {
            let (s, a) = episode[t]
            // theta <- theta + alpha gamma^t G grad ln pi(A_t|S_t)
            theta.policy(s)
            let step = alpha * discount, p = theta.pi(a)
            let (old, new) = theta.ascend(s, toward: a, by: step * G[t])
            last = .policyStep(s, a, old: old, new: new, step: step, signal: G[t], probability: p)
            discount *= gamma
        }
        if let last { learner.record(last, backups: episode.count, in: &tick) }
        episode.clear()
    }

    /// The budget ends the episode under way and it is still learnt from, as a cut episode
    /// (W8's rule, as W3's: a run's last steps are not thrown away).
    mutating func learnFromTheEpisodeSoFar() {
        guard learner.agent.walk.cut(learner.agent.model, counting: &learner.counters) != nil else { return }
        var tick = Tick()
        learnFromEpisode(into: &tick)
    }

    mutating func remap(_ map: StateMap) {
        theta.remap(map)
        episode.clear()
    }
}

extension Update {
    /// A policy-gradient step as the explain box shows it: theta[s, a] from `old` to `new`
    /// by `step` x `signal` x (1 - pi(a|s)); the signal (a return, an advantage, a TD error,
    /// or 1 for a label) rides in `bootstrap`, pi(a|s) in `probability`.
    static func policyStep(_ s: Int, _ a: Int, old: Double, new: Double, step: Double, signal: Double, probability: Double) -> Update {
        var u = Update(state: s, action: a, old: old, target: old + signal * (1 - probability), new: new, stepSize: step, bootstrap: signal)
        u.probability = probability
        return u
    }
}
