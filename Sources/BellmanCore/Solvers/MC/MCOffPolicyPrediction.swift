/// Off-policy every-visit Monte Carlo prediction of v_pi for the target policy pi (the
/// equiprobable random one, or `--policy`) from episodes of the equiprobable random behaviour
/// policy b (S&B 2018, §5.5-5.6; the box of §5.6 for V):
///
///     Loop forever (for each episode):
///         Generate an episode following b      (one step per tick)
///         G <- 0; W <- 1
///         Loop for each step of episode, t = T-1, T-2, ..., 0:   (in the episode's last tick)
///             G <- gamma G + R_{t+1}
///             W <- W pi(A_t|S_t) / b(A_t|S_t)
///             weighted:  C(S_t) <- C(S_t) + W
///                        V(S_t) <- V(S_t) + W / C(S_t) [G - V(S_t)]     (when C(S_t) > 0)
///             ordinary:  N(S_t) <- N(S_t) + 1
///                        V(S_t) <- V(S_t) + 1 / N(S_t) [W G - V(S_t)]
///
/// Weighted sampling stops the pass once W is 0 (nothing earlier can change V); ordinary
/// sampling goes on, each such return counting as W G = 0 (its higher variance, Figure 5.3).
public struct MCOffPolicyPrediction: EpisodicPrediction {
    public static let info = MethodInfo(
        id: "mc-off-policy-prediction", family: .mc,
        summary: "V of the target policy from random behaviour by importance sampling (S&B §5.5-5.6)",
        learnsQ: false, isPrediction: true,
        parameters: [.gamma, .sampling, .initialValue, .seed],
        defaultAlpha: nil,
        make: { model, parameters in try MCOffPolicyPrediction(model: model, parameters: parameters) },
        driveRefusal: "off-policy MC weighs each return by pi(A|S)/b(A|S), and your choices have no b to weigh them by; drive mc-prediction or td-0")

    var learner: Learner
    /// Not private: build mode (MC+Editing.swift) replaces it by the edited map's model.
    var model: Model
    var V: [Double]
    /// Weighted: the cumulative weights C(s). Ordinary: the returns counted N(s).
    /// Not private, as `episode`: build mode (MC+Editing.swift) carries it to the edited map.
    var C: [Double]
    var episode: EpisodeMemory

    public init(model: Model, parameters: Parameters) throws {
        learner = try Learner(Self.info, model: model, parameters: parameters,
                              episodic: "off-policy Monte Carlo prediction")
        self.model = model
        V = model.initialValues(parameters.initialValue)
        C = Array(repeating: 0, count: model.stateCount)
        episode = EpisodeMemory(keys: model.stateCount)
    }

    /// Generate the episode following b (the equiprobable random policy), one step per tick.
    mutating func chooseAction(_ S: Int, state: Int, rng: inout Xoshiro256) -> Int {
        rng.below(learner.agent.model.actionCount(of: state))
    }

    /// S_t, A_t, R_{t+1} kept for the pass at the episode's end.
    mutating func remember(_ S: Int, _ A: Int, _ R: Double, from state: Int) {
        episode.append(state: S, action: A, reward: R, key: S)
    }

    /// pi(a|s) / b(a|s), b the equiprobable random policy.
    private func ratio(_ s: Int, _ a: Int) -> Double {
        let count = Double(model.actionCount(of: s))
        return (learner.parameters.policy?.p(s, a) ?? 1 / count) * count
    }

    /// The pass over the episode, backwards, at its end.
    mutating func learnFromEpisode(into tick: inout Tick) {
        var W = 1.0
        let weighted = learner.parameters.weightedSampling
        for (t, G) in episode.returns(gamma: learner.gamma, everyVisit: true) {
            let s = Int(episode[t].state), a = Int(episode[t].action)
            W *= ratio(s, a)
            let old = V[s], stepSize: Double, target: Double
            if weighted {
                if W == 0 { break }
                C[s] += W
                stepSize = W / C[s]
                target = G
            } else {
                C[s] += 1
                stepSize = 1 / C[s]
                target = W * G
            }
            V[s] = old + stepSize * (target - old)
            learner.record(Update(state: s, action: a, old: old, target: target, new: V[s], stepSize: stepSize),
                           in: &tick)
        }
        episode.clear()
    }
}
