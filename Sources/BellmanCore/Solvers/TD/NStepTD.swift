/// n-step TD for estimating v_pi of the equiprobable random policy (S&B 2018, §7.1, boxed
/// algorithm); the method of Figure 7.2.
///
///     All store and access operations (for S_t and R_t) take their index mod n + 1
///     Loop for each episode:
///         Initialize and store S_0 != terminal
///         T <- infinity
///         Loop for t = 0, 1, 2, ...:                     (one real step per tick)
///             If t < T, then:
///                 Take an action according to pi(.|S_t)
///                 Observe and store the next reward as R_{t+1} and the next state as S_{t+1}
///                 If S_{t+1} is terminal, then T <- t + 1
///             tau <- t - n + 1                          (the time whose estimate is updated)
///             If tau >= 0:
///                 G <- sum_{i=tau+1}^{min(tau+n,T)} gamma^(i-tau-1) R_i
///                 If tau + n < T, then G <- G + gamma^n V(S_{tau+n})
///                 V(S_tau) <- V(S_tau) + alpha [G - V(S_tau)]
///         Until tau = T - 1
///
/// As in `NStepSarsa`, the updates of the box's steps after the end (t = T, ..., T + n - 2)
/// all run in the tick whose step ended the episode, and an episode cut at the step cap
/// bootstraps from V(S_T). n = 1 is TD(0); an n longer than every episode is constant-alpha MC.
public struct NStepTD: EpisodicPrediction {
    public static let info = MethodInfo(
        id: "n-step-td", family: .td,
        summary: "V of the random (or --policy) policy by n-step TD updates (S&B §7.1, Fig 7.2)",
        learnsQ: false, isPrediction: true,
        parameters: [.gamma, .alpha, .n, .initialValue, .seed],
        defaultAlpha: 0.4,
        make: { model, parameters in try NStepTD(model: model, parameters: parameters) })

    var learner: Learner
    var V: [Double]
    /// The n of the current episode (the buffers hold n + 1 entries).
    private var n: Int
    /// S_t and R_t at index t mod (n + 1).
    private var S: [Int]
    private var R: [Double]
    private var t = 0

    public init(model: Model, parameters: Parameters) throws {
        try ParameterRules.check(.n, parameters.n)
        learner = Learner(Self.info, model: model, parameters: parameters)
        V = model.initialValues(parameters.initialValue)
        n = parameters.n
        S = [Int](repeating: 0, count: n + 1)
        R = [Double](repeating: 0, count: n + 1)
        startEpisode()
    }

    /// Stores S_0, reallocating the buffers if n changed.
    /// Not private: build mode (TD+Editing.swift) starts an episode in the edited map.
    mutating func startEpisode() {
        let wanted = learner.parameters.n
        if wanted != n && wanted >= 1 {
            n = wanted
            S = [Int](repeating: 0, count: n + 1)
            R = [Double](repeating: 0, count: n + 1)
        }
        t = 0
        S[0] = learner.state
    }

    /// The loop's body for t < T, after "Take an action according to pi(.|S_t)".
    mutating func learnFromStep(_: Int, _: Int, _ reward: Double, next: Int, ends: Bool) -> Update? {
        let m = n + 1
        S[(t + 1) % m] = next                                           // store S_{t+1}
        R[(t + 1) % m] = reward                                         // and R_{t+1}
        let T = ends ? t + 1 : .max                                     // if S_{t+1} is terminal, T <- t + 1
        let tau = t - n + 1                                             // tau <- t - n + 1
        t += 1
        // An episode cut at the cap bootstraps from V(S_T), as T = infinity does here.
        return tau >= 0 ? update(tau, T: T, cut: false) : nil
    }

    /// The box's steps after the end (t = T, ..., T + n - 2): the remaining times' updates,
    /// then the next episode.
    mutating func learnFromEpisode(into tick: inout Tick) {
        let T = t, cut = tick.episodeEnd?.cut ?? false
        for tau in max(T - n + 1, 0)..<T { learner.record(update(tau, T: T, cut: cut), in: &tick) }
        startEpisode()
    }

    /// G <- the discounted rewards after tau up to min(tau + n, T), plus gamma^n V(S_{tau+n})
    /// if tau + n < T (or the discounted V(S_T) of a cut episode); V(S_tau) moves toward G.
    private mutating func update(_ tau: Int, T: Int, cut: Bool) -> Update {
        let m = n + 1, gamma = learner.gamma, alpha = learner.alpha
        let end = min(tau + n, T)
        var G = 0.0, discount = 1.0
        for i in (tau + 1)...end {
            G += discount * R[i % m]
            discount *= gamma
        }
        var bootstrap: Double?
        if tau + n < T || cut {
            let v = V[S[end % m]]
            G += discount * v
            bootstrap = v
        }
        let s = S[tau % m]
        let old = V[s]
        V[s] = old + alpha * (G - old)
        return Update(state: s, action: nil, old: old, target: G, new: V[s], stepSize: alpha, bootstrap: bootstrap)
    }
}
