/// An agent living in the model: where it is, how far into its episode, and the random
/// numbers it acts with. Sample-based methods share it so that episodes start, step and end
/// (or are cut at the cap) the same way for all of them.
struct Agent: Sendable {
    private(set) var model: Model
    /// Discount of the episode's return; follows the solver's parameters.
    var gamma: Double
    let cap: Int
    var rng: Xoshiro256
    private(set) var state: Int
    private(set) var steps = 0
    /// G_0 of the episode so far, and gamma^t for the next reward.
    private var discountedReturn = 0.0
    private var discount = 1.0
    /// A level whose map changes on schedule (DESIGN §9): the model of each of its maps, the
    /// one in force, and the samples after which the next takes over (`Int.max`: none).
    private var phases: [Model] = []
    private var phase = 0
    private var nextChange = Int.max
    /// The level's map changes on schedule.
    var scheduled: Bool { !phases.isEmpty }

    /// Live physics: the world changes under the agent, which stays where it is. On a level
    /// whose map changes on schedule, every map takes the new physics, and the agent stays in
    /// the map in force (`model` may be made of any of them).
    mutating func replaceModel(_ model: Model) {
        guard !phases.isEmpty else { self.model = model; return }
        let schedule = model.level.schedule
        phases = schedule.indices.map { schedule[$0].grid == model.level.grid ? model : Model(model.level.phase($0)) }
        self.model = phases[phase]
    }

    /// Build mode: the map was edited; a new episode starts in it (the cells the agent and
    /// its episode knew may be walls now).
    mutating func edit(to model: Model) {
        self.model = model
        phases = []
        nextChange = .max
        startEpisode()
    }

    /// The world changes after `samples` samples, as the level's schedule says; the agent
    /// stays where it is (in a cell that became a wall it steps out on its next move).
    /// Samples until the map changes next (`Int.max`: never). The solver's loop runs that
    /// many ticks without asking again (a tick takes at most one sample), so `act`, the hot
    /// path of every sample-based method, carries no check.
    @inline(__always)
    func samplesUntilChange(_ samples: Int) -> Int { nextChange == .max ? .max : nextChange - samples }

    /// Follows the schedule when `samples` reached the next change.
    @inline(__always)
    mutating func followScheduleIfDue(_ samples: Int) {
        if samples >= nextChange { followSchedule(at: samples) }
    }

    @inline(never)
    private mutating func followSchedule(at samples: Int) {
        let schedule = model.level.schedule
        while phase + 1 < schedule.count && schedule[phase + 1].at <= samples { phase += 1 }
        model = phases[phase]
        nextChange = phase + 1 < schedule.count ? schedule[phase + 1].at : .max
    }

    init(model: Model, parameters: Parameters) {
        self.model = model
        gamma = parameters.gamma
        cap = model.episodeCap
        rng = Xoshiro256(seed: parameters.seed)
        state = 0
        state = model.sampleStart(using: &rng)
        let schedule = model.level.schedule
        if schedule.count > 1 {
            phases = schedule.indices.map { $0 == 0 ? model : Model(model.level.phase($0)) }
            nextChange = schedule[1].at
        }
    }

    /// Takes action `a` in the current state; on a terminal state or at the cap, the
    /// episode's end is returned and the next episode starts. `counters` gets the sample.
    @inline(__always)
    mutating func act(_ a: Int, counting counters: inout Counters) -> (Transition, EpisodeEnd?) {
        let step = model.sample(state: state, action: a, using: &rng)
        let transition = Transition(state: state, action: a, reward: step.reward, next: step.next, ends: step.ends)
        counters.samples += 1
        steps += 1
        discountedReturn += discount * step.reward
        discount *= gamma
        state = step.next
        guard step.ends || steps >= cap else { return (transition, nil) }
        let end = EpisodeEnd(return_: discountedReturn, steps: steps, cut: !step.ends)
        counters.episodes += 1
        if end.cut { counters.episodesCut += 1 }
        startEpisode()
        return (transition, end)
    }

    /// Starts a fresh episode on a state of the method's choosing (exploring starts).
    mutating func restart(at state: Int) {
        startEpisode()
        self.state = state
    }

    /// Starts a fresh episode on a start state.
    mutating func startEpisode() {
        state = model.sampleStart(using: &rng)
        steps = 0
        discountedReturn = 0
        discount = 1
    }

    /// An action of the equiprobable random policy in the current state.
    @inline(__always)
    mutating func randomAction() -> Int { rng.below(model.actionCount(of: state)) }

    /// An action of the target policy of prediction methods: `policy`, or the equiprobable
    /// random policy.
    @inline(__always)
    mutating func targetAction(_ policy: TargetPolicy?) -> Int {
        guard let policy else { return randomAction() }
        return policy.sample(state, actions: model.actionCount(of: state), using: &rng)
    }
}

/// Q(s, a) stored flat, `values[s * actionCount + a]`, with the book's greedy and
/// epsilon-greedy choices. On a model whose states have different actions (not a grid),
/// state s uses the first `count(s)` entries of its row; the rest stay 0 and are never read.
struct ActionValueTable: Sendable {
    let actionCount: Int
    var values: [Double]
    /// Every state has all the actions (grids); otherwise `counts` has each state's.
    let uniform: Bool
    let counts: [Int32]

    init(model: Model, initial: Double) {
        actionCount = model.actionCount
        uniform = !model.isTable
        counts = uniform ? [] : (0..<model.stateCount).map { Int32(model.actionCount(of: $0)) }
        values = [Double](repeating: 0, count: model.stateCount * model.actionCount)
        for s in 0..<model.stateCount where !model.isTerminal[s] {
            for a in 0..<model.actionCount(of: s) { values[s * actionCount + a] = initial }
        }
    }

    /// The actions of state s (at least one: a terminal's row reads as its single 0).
    @inline(__always)
    func count(_ s: Int) -> Int {
        uniform ? actionCount : Swift.max(1, Int(counts[s]))
    }

    @inline(__always)
    subscript(s: Int, a: Int) -> Double {
        get { values[s * actionCount + a] }
        set { values[s * actionCount + a] = newValue }
    }

    /// max_a Q(s, a).
    @inline(__always)
    func max(_ s: Int) -> Double {
        var best = values[s * actionCount]
        for a in 1..<count(s) { best = Swift.max(best, values[s * actionCount + a]) }
        return best
    }

    /// argmax_a Q(s, a), ties broken as asked.
    @inline(__always)
    func greedy(_ s: Int, ties: TieBreak, rng: inout Xoshiro256) -> Int {
        let base = s * actionCount
        var best = 0, bestValue = values[base], tied = 1
        for a in 1..<count(s) {
            let q = values[base + a]
            if q > bestValue {
                best = a; bestValue = q; tied = 1
            } else if q == bestValue && ties == .random {
                // Reservoir sampling: each of the tied actions ends up chosen with probability 1/tied.
                tied += 1
                if rng.below(tied) == 0 { best = a }
            }
        }
        return best
    }

    /// epsilon-greedy: a random action with probability epsilon, else the greedy one.
    @inline(__always)
    func epsilonGreedy(_ s: Int, epsilon: Double, ties: TieBreak, rng: inout Xoshiro256) -> Int {
        if rng.unit() < epsilon { return rng.below(count(s)) }
        return greedy(s, ties: ties, rng: &rng)
    }

    /// V(s) = max_a Q(s, a) for every state (0 on terminals).
    func stateValues() -> [Double] { (0..<values.count / actionCount).map { max($0) } }
}
