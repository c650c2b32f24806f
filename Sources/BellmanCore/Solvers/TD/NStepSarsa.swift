/// n-step Sarsa for estimating Q ~ q* (S&B 2018, §7.2, boxed algorithm).
///
///     All store and access operations (for S_t, A_t and R_t) take their index mod n + 1
///     Loop for each episode:
///         Initialize and store S_0 != terminal
///         Select and store an action A_0 ~ pi(.|S_0)       (pi epsilon-greedy in Q)
///         T <- infinity
///         Loop for t = 0, 1, 2, ...:                     (one real step per tick)
///             If t < T, then:
///                 Take action A_t
///                 Observe and store the next reward as R_{t+1} and the next state as S_{t+1}
///                 If S_{t+1} is terminal, then T <- t + 1
///                 else: Select and store an action A_{t+1} ~ pi(.|S_{t+1})
///             tau <- t - n + 1                          (the time whose estimate is updated)
///             If tau >= 0:
///                 G <- sum_{i=tau+1}^{min(tau+n,T)} gamma^(i-tau-1) R_i
///                 If tau + n < T, then G <- G + gamma^n Q(S_{tau+n}, A_{tau+n})
///                 Q(S_tau, A_tau) <- Q(S_tau, A_tau) + alpha [G - Q(S_tau, A_tau)]
///         Until tau = T - 1
///
/// A tick takes the real step t and makes the update of tau = t - n + 1, if its time has
/// come. The steps t = T, ..., T + n - 2 of the box take no action, only update; they all run
/// in the tick whose step ended the episode (`tick.updates` counts them), so every tick is
/// one real step. An n longer than the episode leaves every update to that last tick, each
/// toward the plain Monte Carlo return.
///
/// Episodes cut at the step cap end at a state that is not terminal: the remaining updates
/// bootstrap from Q(S_T, A_T) there, as one-step Sarsa does at the cap. A_{t+1} is drawn also
/// when S_{t+1} is terminal (its Q is 0 and it is never used), so that n = 1 draws the same
/// random numbers as `Sarsa` and learns exactly the same table.
///
/// The buffers hold n + 1 entries, allocated once; an `n` changed live takes effect at the
/// next episode's start, when they are reallocated.
///
/// Default alpha 0.4: the book gives no step size for n-step Sarsa on its gridworld (Fig 7.4),
/// and in Figure 7.2's experiment (n-step TD, 19-state random walk) n = 4, the default here,
/// has its lowest error near alpha = 0.4; larger n wants a smaller alpha.
public struct NStepSarsa: ActionValueLearner {
    public static let info = MethodInfo(
        id: "n-step-sarsa", family: .td,
        summary: "Q by on-policy TD control toward n-step returns (S&B §7.2)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .epsilon, .n, .initialValue, .seed, .ties],
        defaultAlpha: 0.4,
        make: { model, parameters in try NStepSarsa(model: model, parameters: parameters) })

    var learner: Learner
    var Q: ActionValueTable
    /// The n of the current episode (the buffers hold n + 1 entries).
    private(set) var n: Int
    /// S_t, A_t and R_t at index t mod (n + 1). Not private, as `t`: driving
    /// (NStepSarsa+Driving.swift) stores the steps you take.
    var S: [Int]
    var A: [Int]
    var R: [Double]
    /// The time t of the current episode's next real step.
    var t = 0
    /// You drive: the update of tau = t - n waits for A_t, your next key (NStepSarsa+Driving.swift).
    var updateWaits = false

    public init(model: Model, parameters: Parameters) throws {
        try ParameterRules.check(.n, parameters.n)
        learner = Learner(Self.info, model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        n = parameters.n
        S = [Int](repeating: 0, count: n + 1)
        A = [Int](repeating: 0, count: n + 1)
        R = [Double](repeating: 0, count: n + 1)
        startEpisode()
    }

    /// Stores S_0 and A_0 ~ pi(.|S_0), reallocating the buffers if n changed.
    mutating func startEpisode() {
        let wanted = Swift.max(learner.parameters.n, 1)
        if wanted != n {
            n = wanted
            S = [Int](repeating: 0, count: n + 1)
            A = [Int](repeating: 0, count: n + 1)
            R = [Double](repeating: 0, count: n + 1)
        }
        t = 0
        S[0] = learner.state
        A[0] = learner.epsilonGreedy(Q, learner.state)
    }

    mutating func step() -> Tick {
        var tick = Tick()
        let m = n + 1
        // You drove the last step and handed back: A_t is the policy's choice after all.
        if updateWaits { handBack(into: &tick) }
        // Take action A_t; observe and store R_{t+1} and S_{t+1}; if S_{t+1} is terminal,
        // T <- t + 1, else select and store A_{t+1} (at the step cap too: the cut episode's
        // last updates bootstrap from it).
        let (reward, next) = learner.take(A[t % m], into: &tick)
        S[(t + 1) % m] = next
        R[(t + 1) % m] = reward
        A[(t + 1) % m] = tick.transition?.ends == true ? 0 : learner.epsilonGreedy(Q, next)
        if let episodeEnd = tick.episodeEnd {
            endEpisode(cut: episodeEnd.cut, into: &tick)
        } else {
            let tau = t - n + 1
            if tau >= 0 { learner.record(update(tau, T: .max, cut: false), in: &tick) }
            t += 1
        }
        return tick
    }

    /// T = t + 1: the updates of tau = t - n + 1, ..., T - 1, all in this tick; then the next
    /// episode starts.
    mutating func endEpisode(cut: Bool, into tick: inout Tick) {
        let T = t + 1
        for tau in Swift.max(t - n + 1, 0)...(T - 1) {
            learner.record(update(tau, T: T, cut: cut), in: &tick)
        }
        startEpisode()
    }

    /// G <- sum of the rewards after tau up to min(tau + n, T), discounted, plus
    /// gamma^n Q(S_{tau+n}, A_{tau+n}) if tau + n < T (or gamma^(T-tau) Q(S_T, A_T) when the
    /// episode was cut at the cap); Q(S_tau, A_tau) moves toward G.
    mutating func update(_ tau: Int, T: Int, cut: Bool) -> Update {
        let m = n + 1, gamma = learner.gamma, alpha = learner.alpha
        let end = Swift.min(tau + n, T)
        var G = 0.0, discount = 1.0
        for i in (tau + 1)...end {
            G += discount * R[i % m]
            discount *= gamma
        }
        var bootstrap: Double?
        var nextAction: Int?
        if tau + n < T || cut {
            // discount is now gamma^(end - tau): gamma^n, or gamma^(T - tau) at the cap.
            let q = Q[S[end % m], A[end % m]]
            G += discount * q
            bootstrap = q
            nextAction = A[end % m]
        }
        let s = S[tau % m], a = A[tau % m]
        let old = Q[s, a]
        Q[s, a] = old + alpha * (G - old)
        return Update(state: s, action: a, old: old, target: G, new: Q[s, a], stepSize: alpha,
                      bootstrap: bootstrap, nextAction: nextAction)
    }
}
