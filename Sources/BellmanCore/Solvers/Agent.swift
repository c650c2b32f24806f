/// An agent living in the model: where it is, how far into its episode, and the random
/// numbers it acts with. Sample-based methods share it so that episodes start, step and end
/// (or are cut at the cap) the same way for all of them.
struct Agent: Sendable {
    private(set) var model: Model
    /// Discount of the episode's return; follows the solver's parameters.
    var gamma: Double
    let cap: Int
    /// What a step changes: where the agent is, its episode so far and its random numbers.
    /// A method's loop over plain moves takes it into a local value and gives it back (a
    /// loop over the agent's own fields keeps them in memory, as the tables it writes
    /// might alias them).
    var walk: Walk
    var rng: Xoshiro256 {
        get { walk.rng }
        _modify { yield &walk.rng }
    }
    var state: Int { walk.state }
    /// A level whose map changes on schedule (DESIGN §9): the model of each of its maps, the
    /// one in force, and the samples after which the next takes over (`Int.max`: none).
    private var phases: [Model] = []
    private var phase = 0
    private var nextChange = Int.max
    /// The level's map changes on schedule.
    var scheduled: Bool { !phases.isEmpty }
    /// A testbed's arms: the task's true values (which walk on a nonstationary testbed).
    var arms: TestbedArms?

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
        var rng = Xoshiro256(seed: parameters.seed)
        let start = parameters.start?.state ?? model.sampleStart(using: &rng)
        walk = Walk(rng: rng, state: start)
        walk.fixedStart = parameters.start?.state
        let schedule = model.level.schedule
        if schedule.count > 1 {
            phases = schedule.indices.map { $0 == 0 ? model : Model(model.level.phase($0)) }
            nextChange = schedule[1].at
        }
        arms = TestbedArms(model)
    }

    /// Takes action `a` in the current state; on a terminal state or at the cap, the
    /// episode's end is returned and the next episode starts. `counters` gets the sample.
    @inline(__always)
    mutating func act(_ a: Int, counting counters: inout Counters) -> (Transition, EpisodeEnd?) {
        if arms != nil { return pull(a, counting: &counters) }
        return walk.act(a, in: model, starts: model, cap: cap, gamma: gamma, counting: &counters)
    }

    /// A testbed's pull: the true values walk (Exercise 2.5), then the arm pays.
    @inline(never)
    private mutating func pull(_ a: Int, counting counters: inout Counters) -> (Transition, EpisodeEnd?) {
        arms!.walk(using: &walk.rng)
        return walk.act(a, in: arms!, starts: model, cap: cap, gamma: gamma, counting: &counters)
    }

    /// q*(a) of a bandit's arms as they stand now (they walk on a nonstationary testbed).
    var armValues: [Double] { arms?.trueValues ?? model.armValues() }

    /// Starts a fresh episode on a state of the method's choosing (exploring starts).
    mutating func restart(at state: Int) { walk.restart(at: state, model) }

    /// Starts a fresh episode on a start state.
    mutating func startEpisode() { walk.startEpisode(model) }
}

/// The part of an agent a step changes: where it is, how far into its episode, and the random
/// numbers it acts with (see `Agent`).
struct Walk: Sendable {
    var rng: Xoshiro256
    private(set) var state: Int
    private(set) var steps = 0
    /// G_0 of the episode so far, and gamma^t for the next reward; the plain sum of its rewards.
    private var discountedReturn = 0.0
    private var rewards = 0.0
    private var discount = 1.0
    private var first = (state: -1, action: -1)
    /// Every episode starts here (`--start`), not on the model's starts.
    var fixedStart: Int?

    init(rng: Xoshiro256, state: Int) {
        self.rng = rng
        self.state = state
    }

    /// The episode that ended last (see `take`).
    private(set) var lastEnd = EpisodeEnd(return_: 0, rewards: 0, steps: 0, cut: false, firstState: -1, firstAction: -1)

    /// Takes action `a` in the current state, drawn by `moves`; on a terminal state or at
    /// the cap, the episode's end is returned and the next episode starts on one of the
    /// model's start states. `counters` gets the sample.
    @inline(__always)
    mutating func act<M: Moves>(_ a: Int, in moves: M, starts model: Model, cap: Int, gamma: Double,
                                counting counters: inout Counters) -> (Transition, EpisodeEnd?) {
        let (transition, ended) = take(a, in: moves, starts: model, cap: cap, gamma: gamma, counting: &counters)
        return (transition, ended ? lastEnd : nil)
    }

    /// `act`, saying only whether the episode ended; its end is `lastEnd`. A kernel's loop
    /// takes this form: an optional end made every step was three stores on the steps that
    /// end nothing.
    @inline(__always)
    mutating func take<M: Moves>(_ a: Int, in moves: M, starts model: Model, cap: Int, gamma: Double,
                                 counting counters: inout Counters) -> (Transition, ended: Bool) {
        let step = moves.sample(state: state, action: a, using: &rng)
        let transition = Transition(state: state, action: a, reward: step.reward, next: step.next, ends: step.ends)
        if steps == 0 { first = (state, a) }
        // Wrapping adds: 2^63 steps are not taken, and a checked add costs every method's
        // loop a compare and a branch a step.
        counters.samples &+= 1
        steps &+= 1
        discountedReturn += discount * step.reward
        rewards += step.reward
        discount *= gamma
        state = step.next
        guard step.ends || steps >= cap else { return (transition, false) }
        lastEnd = EpisodeEnd(return_: discountedReturn, rewards: rewards, steps: steps, cut: !step.ends,
                             firstState: first.state, firstAction: first.action)
        counters.episodes &+= 1
        if lastEnd.cut { counters.episodesCut &+= 1 }
        startEpisode(model)
        return (transition, true)
    }

    /// Ends the episode under way where it stands, as the cap would (`nil` if it has no step
    /// yet), and starts the next: a budget that cuts the last episode (W3, W8).
    mutating func cut(_ model: Model, counting counters: inout Counters) -> EpisodeEnd? {
        guard steps > 0 else { return nil }
        let end = EpisodeEnd(return_: discountedReturn, rewards: rewards, steps: steps, cut: true,
                             firstState: first.state, firstAction: first.action)
        counters.episodes += 1
        counters.episodesCut += 1
        startEpisode(model)
        return end
    }

    /// A fresh episode on a start state of `model`.
    @inline(__always)
    mutating func startEpisode(_ model: Model) {
        // The draw goes out and back by value: a call given the walk (or its generator) in
        // place would keep them in memory, not registers, through a kernel's whole loop.
        if let fixedStart { state = fixedStart } else { (state, rng) = Self.drawStart(model, rng) }
        steps = 0
        discountedReturn = 0
        rewards = 0
        discount = 1
    }

    @inline(never)
    private static func drawStart(_ model: Model, _ rng: Xoshiro256) -> (Int, Xoshiro256) {
        var rng = rng
        return (model.sampleStart(using: &rng), rng)
    }

    /// Starts a fresh episode on `state` (exploring starts).
    fileprivate mutating func restart(at state: Int, _ model: Model) {
        startEpisode(model)
        self.state = state
    }
}
