/// First-visit (or every-visit) Monte Carlo prediction of v_pi for the equiprobable random
/// policy (S&B 2018, §5.1, boxed algorithm).
///
///     Loop forever (for each episode):
///         Generate an episode following pi       (one step per tick)
///         G <- 0
///         Loop for each step of episode, t = T-1, T-2, ..., 0:   (in the episode's last tick)
///             G <- gamma G + R_{t+1}
///             Unless S_t appears in S_0, S_1, ..., S_{t-1}:
///                 Append G to Returns(S_t)
///                 V(S_t) <- average(Returns(S_t))
///
/// The average is kept incrementally, V <- V + (G - V) / N (§2.4); with `alpha` it is the
/// constant-alpha MC of §6.1, V <- V + alpha (G - V). Episodes cut at the step cap are used
/// as they are. With `--batch` (§6.3, constant alpha) each (S_t, G) is kept, and at the end
/// of every episode all of them so far are presented again until V settles (`BatchUpdating`).
public struct MCPrediction: EpisodicPrediction {
    public static let info = MethodInfo(
        id: "mc-prediction", family: .mc,
        summary: "V of the random (or --policy) policy by averaging returns, first-visit (S&B §5.1)",
        learnsQ: false, isPrediction: true,
        parameters: [.gamma, .alpha, .everyVisit, .batch, .initialValue, .seed],
        defaultAlpha: nil,
        make: { model, parameters in try MCPrediction(model: model, parameters: parameters) })

    var learner: Learner
    var V: [Double]
    /// N(s): the number of returns averaged into V(s).
    /// Not private, as `episode`: build mode (MC+Editing.swift) carries it to the edited map.
    var N: [Int]
    var episode: EpisodeMemory
    var batch: BatchUpdating?

    public init(model: Model, parameters: Parameters) throws {
        if parameters.batch && parameters.alpha == nil {
            throw SolverError("batch updating needs a constant step size: give --alpha (Figure 6.2 uses 0.001)")
        }
        learner = try Learner(Self.info, model: model, parameters: parameters, episodic: "Monte Carlo prediction")
        batch = parameters.batch ? BatchUpdating() : nil
        V = model.initialValues(parameters.initialValue)
        N = Array(repeating: 0, count: model.stateCount)
        episode = EpisodeMemory(keys: model.stateCount)
    }

    public var isFinished: Bool { batch?.stopReason != nil }

    /// Generate the episode following pi, one step per tick: S_t, A_t, R_{t+1} kept.
    mutating func remember(_ S: Int, _ A: Int, _ R: Double, from state: Int) {
        episode.append(state: S, action: A, reward: R, key: S)
    }

    /// The return pass, at the episode's end.
    mutating func learnFromEpisode(into tick: inout Tick) {
        for (t, G) in episode.returns(gamma: learner.gamma, everyVisit: learner.parameters.everyVisit) {
            if batch != nil {
                batch!.append(state: Int(episode[t].state), return: G)
                continue
            }
            // Append G to Returns(S_t); V(S_t) <- average(Returns(S_t))
            let s = Int(episode[t].state)
            N[s] += 1
            let stepSize = learner.parameters.alpha ?? 1 / Double(N[s])
            let old = V[s]
            V[s] = old + stepSize * (G - old)
            learner.record(Update(state: s, action: nil, old: old, target: G, new: V[s], stepSize: stepSize), in: &tick)
        }
        episode.clear()
        if batch != nil { batch!.present(to: &V, learner: &learner, into: &tick) }
    }
}

extension MCPrediction: StopsEarly {
    /// Only batch updating stops early (`BatchUpdating.stopReason`).
    public var stopReason: String? { batch?.stopReason }
}
