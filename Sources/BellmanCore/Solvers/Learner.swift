/// What every sample-based method (Monte Carlo and TD) keeps the same way: its parameters, its
/// honest counts and the agent whose experience it learns from. A method holds one `Learner`
/// beside its own tables, and its file is its book box: `MethodInfo` and one `step()`.
struct Learner: Sendable {
    var parameters: Parameters { didSet { agent.gamma = parameters.gamma } }
    var counters = Counters()
    var agent: Agent
    /// You drive (DESIGN §9): the user's action for this tick, taken by the method's next
    /// behaviour choice in place of its own (no random number drawn); `nil`: the method chooses.
    var driven: Int?
    private let defaultAlpha: Double?

    init(_ info: MethodInfo, model: Model, parameters: Parameters) {
        self.parameters = parameters
        agent = Agent(model: model, parameters: parameters)
        defaultAlpha = info.defaultAlpha
    }

    /// A Monte Carlo method's learner: it waits for episodes to end, so it is refused at
    /// gamma = 1 where some policy never ends one; `episodic` names the method in the refusal.
    init(_ info: MethodInfo, model: Model, parameters: Parameters, episodic: String) throws {
        if parameters.gamma == 1, let refusal = model.undiscountedRefusal(method: episodic) {
            throw SolverError(refusal)
        }
        self.init(info, model: model, parameters: parameters)
    }

    /// The step size: `--alpha`, or the method's default.
    var alpha: Double { parameters.alpha ?? defaultAlpha! }
    var gamma: Double { parameters.gamma }
    /// S, where the agent is, as the method sees it (a look-alike state is its group's first).
    var state: Int { agent.model.observed(agent.state) }

    /// An action epsilon-greedy in Q, with the run's epsilon and tie rule.
    @inline(__always)
    mutating func epsilonGreedy(_ Q: ActionValueTable, _ s: Int) -> Int {
        if let a = takeDriven() { return a }
        return Q.epsilonGreedy(s, epsilon: parameters.epsilon, ties: parameters.ties, rng: &agent.rng)
    }

    /// argmax_a Q(s, a), with the run's tie rule.
    @inline(__always)
    mutating func greedy(_ Q: ActionValueTable, _ s: Int) -> Int {
        Q.greedy(s, ties: parameters.ties, rng: &agent.rng)
    }

    /// The user's action when they drive this tick (taken once), for a method that chooses
    /// its behaviour action its own way (UCB, the gradient bandit, the episodic methods'
    /// `step()`); `nil`: the method chooses.
    @inline(__always)
    mutating func takeDriven() -> Int? {
        guard let a = driven else { return nil }
        driven = nil
        return a
    }

    /// "Take action A, observe R, S'": one sample and one tick, recorded in `tick`. On a terminal
    /// state or at the step cap the episode's end is recorded too, and the next one starts.
    @inline(__always)
    mutating func take(_ A: Int, into tick: inout Tick) -> (R: Double, S2: Int) {
        let (transition, episodeEnd) = agent.act(A, counting: &counters)
        counters.ticks += 1
        tick.transition = transition
        tick.episodeEnd = episodeEnd
        return (transition.reward, agent.model.observed(transition.next))
    }

    /// Records a value update: `backups` values changed (more than one under eligibility
    /// traces), and `update` is the one the explain box shows.
    @inline(__always)
    mutating func record(_ update: Update, backups: Int = 1, in tick: inout Tick) {
        counters.backups += backups
        tick.updates += backups
        tick.update = update
    }

    /// Records a planning update: a backup the explain box does not show (Dyna-Q's replays).
    @inline(__always)
    mutating func recordPlanning(in tick: inout Tick) {
        counters.backups += 1
        tick.updates += 1
    }
}

/// A Monte Carlo or TD method: a `Learner` and one step of its box per tick. Everything else a
/// `Solver` is asked is answered here, once for all of them.
protocol SampleBasedSolver: Solver, Editable, Drivable {
    static var info: MethodInfo { get }
    var learner: Learner { get set }
    /// One tick of the method's boxed algorithm: one real step and the updates it makes.
    mutating func step() -> Tick
    /// One tick in which the user's key is the behaviour action (see `Solver.drive`).
    mutating func drivenStep(_ key: Int) -> Tick
    /// Build mode: the method's tables carried to the edited map, its episode started again
    /// (the learner is already in the new world).
    mutating func remap(_ map: StateMap)
}

extension SampleBasedSolver {
    public var method: MethodInfo { Self.info }
    public var parameters: Parameters {
        get { learner.parameters }
        set { learner.parameters = newValue }
    }
    public var counters: Counters { learner.counters }
    public var isFinished: Bool { false }
    public var agentState: Int? { learner.state }
    public var armValues: [Double]? { learner.agent.model.isBandit ? learner.agent.armValues : nil }
    public var world: Model? { learner.agent.scheduled ? learner.agent.model : nil }

    /// You drive: one step of the box with `action` as its behaviour choice, learnt from as
    /// the method's own; then the schedule is followed as after any tick.
    public mutating func drive(_ action: Int) -> Tick? {
        guard Self.info.driveRefusal == nil else { return nil }
        let tick = drivenStep(action)
        learner.agent.followScheduleIfDue(learner.counters.samples)
        return tick
    }

    /// The tick's behaviour choice is the key's, taken where the box chooses (Sarsa's family
    /// chooses A' after the step, and so drives its own way).
    mutating func drivenStep(_ key: Int) -> Tick {
        learner.driven = key
        defer { learner.driven = nil }
        return step()
    }

    /// Build mode (see `Solver.edit`): the episode in progress ends, as the world changed
    /// under it; the tables go on.
    public mutating func edit(_ map: StateMap) {
        learner.agent.edit(to: map.new)
        remap(map)
    }

    /// Live physics (see `Solver.replaceModel`): the agent stays where it is.
    public mutating func replaceModel(_ model: Model) { learner.agent.replaceModel(model) }

    public mutating func tick() -> Tick {
        let tick = step()
        learner.agent.followScheduleIfDue(learner.counters.samples)
        return tick
    }

    /// The same steps as `tick()`; their reports are built and dropped (the optimiser removes
    /// what is never read). A level whose map changes is followed between runs of steps.
    public mutating func run(ticks count: Int) {
        var unlogged = Unlogged()
        runSteps(count, log: &unlogged, kernel: false) { _, _, _, _ in 0 }
    }

    /// `count` steps of `step()` told to `log`, or, where `kernel` and the world in force has
    /// plain moves, `plain(&self, steps, moves, &log)` (returning the steps it took): the
    /// choice is made once per run of steps between changes of the map, never per step. Stops
    /// early at the end of an episode after which `log` is satisfied.
    @inline(__always)
    mutating func runSteps<Log: StepRecorder>(_ count: Int, log: inout Log, kernel: Bool,
                                              plain: (inout Self, Int, PlainMoves, inout Log) -> Int) {
        var left = count
        while left > 0 && !log.isSatisfied {
            let chunk = Swift.min(left, learner.agent.samplesUntilChange(learner.counters.samples))
            var taken = 0
            if kernel, let moves = learner.agent.model.plainMoves {
                taken = plain(&self, chunk, moves, &log)
            } else {
                while taken < chunk {
                    let tick = step()
                    taken += 1
                    log.record(tick, counters: learner.counters)
                    if tick.episodeEnd != nil && log.isSatisfied { break }
                }
            }
            learner.agent.followScheduleIfDue(learner.counters.samples)
            left -= taken
        }
    }
}

/// A method that learns Q; V is max_a Q.
protocol ActionValueLearner: SampleBasedSolver {
    var Q: ActionValueTable { get set }
}

extension ActionValueLearner {
    public var stateValues: [Double] { learner.agent.model.shownByState(Q.stateValues(), width: 1) }
    public var actionValues: [Double]? { learner.agent.model.shownByState(Q.values, width: Q.actionCount) }
}

/// A method that learns only V.
protocol StateValueLearner: SampleBasedSolver {
    var V: [Double] { get }
}

extension StateValueLearner {
    public var stateValues: [Double] { learner.agent.model.shownByState(V, width: 1) }
    public var actionValues: [Double]? { nil }
}

extension Model {
    /// V(s) = `initial` on every non-terminal state, 0 on terminals.
    func initialValues(_ initial: Double) -> [Double] { isTerminal.map { $0 ? 0 : initial } }
}
