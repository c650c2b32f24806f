/// Monte Carlo ES (exploring starts) for estimating pi* (S&B 2018, §5.3, boxed algorithm).
///
///     Loop forever (for each episode):
///         Choose S_0 and A_0 randomly such that all pairs have probability > 0
///         Generate an episode from S_0, A_0, following pi     (one step per tick)
///         G <- 0
///         Loop for each step of episode, t = T-1, T-2, ..., 0:   (in the episode's last tick)
///             G <- gamma G + R_{t+1}
///             Unless the pair S_t, A_t appears in S_0, A_0, ..., S_{t-1}, A_{t-1}:
///                 Append G to Returns(S_t, A_t)
///                 Q(S_t, A_t) <- average(Returns(S_t, A_t))
///                 pi(S_t) <- argmax_a Q(S_t, a)
///
/// S_0 is uniform over the cells an agent can occupy and A_0 uniform over the actions. pi is
/// greedy in Q (ties broken as `ties` says), so "pi(S_t) <- argmax" is the Q update itself.
/// A greedy policy can walk in circles; the step cap ends such episodes. The tick is the
/// episodic kernel's `step()` (`EpisodicKernel.swift`), made of the parts below.
public struct MCExploringStarts: ActionValueLearner, EpisodicKernelMethod {
    public static let info = MethodInfo(
        id: "mc-exploring-starts", family: .mc,
        summary: "pi* by Monte Carlo with exploring starts and a greedy policy (S&B §5.3)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .everyVisit, .initialValue, .seed, .ties],
        defaultAlpha: nil,
        make: { model, parameters in try MCExploringStarts(model: model, parameters: parameters) },
        driveRefusal: "exploring starts averages the returns of its own greedy policy after a random first step, and your steps are not that policy; drive mc-control")

    var learner: Learner
    var Q: ActionValueTable
    /// Not private, as `episode` and `starts`: build mode (MC+Editing.swift) carries them
    /// to the edited map.
    var averages: ReturnAverages
    var episode: EpisodeMemory
    /// The states an episode may start from.
    var starts: [Int32]
    /// The first action of the episode under way, chosen at random; nil once taken.
    private var A0: Int?

    public init(model: Model, parameters: Parameters) throws {
        learner = try Learner(Self.info, model: model, parameters: parameters, episodic: "Monte Carlo ES")
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        averages = ReturnAverages(model: model)
        episode = EpisodeMemory(keys: model.stateCount * model.actionCount)
        starts = (0..<model.stateCount).filter { model.isOccupiable[$0] }.map { Int32($0) }
        exploringStart()
    }

    /// Choose S_0 and A_0 randomly. Not private: build mode starts an episode this way too.
    mutating func exploringStart() {
        let S0 = Int(starts[learner.agent.rng.below(starts.count)])
        learner.agent.restart(at: S0)
        A0 = learner.agent.rng.below(Q.count(S0))
    }

    /// Generate the episode from S_0, A_0, following pi: A_0 as drawn, then greedy in Q.
    mutating func chooseAction(_ S: Int, state: Int, rng: inout Xoshiro256) -> Int {
        defer { A0 = nil }
        return A0 ?? Q.greedy(S, ties: learner.parameters.ties, rng: &rng)
    }

    /// S_t, A_t, R_{t+1} kept for the return pass.
    mutating func remember(_ S: Int, _ A: Int, _ R: Double, from state: Int) {
        episode.append(state: S, action: A, reward: R, key: S * Q.actionCount + A)
    }

    /// The return pass, at the episode's end; then the next episode's exploring start.
    mutating func learnFromEpisode(into tick: inout Tick) {
        for (t, G) in episode.returns(gamma: learner.gamma, everyVisit: learner.parameters.everyVisit) {
            // Append G to Returns(S_t, A_t); Q(S_t, A_t) <- average(Returns(S_t, A_t))
            let s = Int(episode[t].state), a = Int(episode[t].action)
            learner.record(averages.update(&Q, s, a, toward: G, alpha: learner.parameters.alpha), in: &tick)
        }
        episode.clear()
        exploringStart()
    }
}
