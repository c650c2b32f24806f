/// Tabular TD(0) for estimating v_pi of the equiprobable random policy (S&B 2018, §6.1,
/// boxed algorithm).
///
///     Loop for each episode:
///         Initialize S
///         Loop for each step of episode:         (one step per tick)
///             A <- action given by pi for S
///             Take action A, observe R, S'
///             V(S) <- V(S) + alpha [R + gamma V(S') - V(S)]
///             S <- S'
///         until S is terminal
///
/// With `--batch` (§6.3) the update waits: each step's (S, R, S') is kept, and at the end of
/// the episode every step so far is presented again until V settles (`BatchUpdating`).
public struct TD0: EpisodicPrediction {
    public static let info = MethodInfo(
        id: "td0", family: .td,
        summary: "V of the random (or --policy) policy by one-step TD updates (S&B §6.1)",
        learnsQ: false, isPrediction: true,
        parameters: [.gamma, .alpha, .batch, .initialValue, .seed],
        defaultAlpha: 0.1,
        make: { model, parameters in TD0(model: model, parameters: parameters) })

    var learner: Learner
    var V: [Double]
    var batch: BatchUpdating?

    public init(model: Model, parameters: Parameters) {
        learner = Learner(Self.info, model: model, parameters: parameters)
        V = model.initialValues(parameters.initialValue)
        batch = parameters.batch ? BatchUpdating() : nil
    }

    public var isFinished: Bool { batch?.stopReason != nil }

    /// The loop's body after "Take action A, observe R, S'" (the episodic kernel's step).
    mutating func learnFromStep(_ S: Int, _ A: Int, _ R: Double, next S2: Int, ends: Bool) -> Update? {
        if batch != nil {
            batch!.append(state: S, reward: R, next: S2)                // kept for the batch (§6.3)
            return nil
        }
        let old = V[S], alpha = learner.alpha
        let bootstrap = V[S2]  // read before the update: S' may be S (a bump)
        let target = R + learner.gamma * bootstrap
        V[S] = old + alpha * (target - old)                             // V(S) <- V(S) + alpha [R + gamma V(S') - V(S)]
        return Update(state: S, action: nil, old: old, target: target, new: V[S], stepSize: alpha, bootstrap: bootstrap)
    }

    /// With `--batch`, every step so far presented again until V settles.
    mutating func learnFromEpisode(into tick: inout Tick) {
        if batch != nil { batch!.present(to: &V, learner: &learner, into: &tick) }
    }
}

extension TD0: StopsEarly {
    /// Only batch updating stops early (`BatchUpdating.stopReason`).
    public var stopReason: String? { batch?.stopReason }
}
