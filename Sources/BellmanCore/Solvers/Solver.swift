/// A tabular RL method that advances one tick at a time (DESIGN §1).
///
/// DP: one state backup per tick. MC: one environment step, and at an episode's end the
/// return pass. TD: one environment step and its update. Running fast is many ticks, never
/// a different code path.
public protocol Solver: Sendable {
    /// The method this solver runs.
    var method: MethodInfo { get }
    /// The parameters it runs with. Setting them takes effect from the next tick and keeps
    /// what was learned (the playground's live alpha, epsilon, gamma).
    var parameters: Parameters { get set }
    /// Samples, backups, model reads, episodes and sweeps so far.
    var counters: Counters { get }
    /// The current estimate of V per state (for control methods, max over actions of Q).
    var stateValues: [Double] { get }
    /// The current Q per (state, action), `q[s * actionCount + a]`; `nil` for methods that learn only V.
    var actionValues: [Double]? { get }
    /// The method's own deterministic policy per state, when it keeps one (policy iteration);
    /// `nil` means the greedy policy is derived from Q, or from V through the model.
    var policyTable: [Int32]? { get }
    /// Where the agent is now (sample-based methods); `nil` for DP.
    var agentState: Int? { get }
    /// On a level whose map changes on schedule (DESIGN §9), the map's model the agent acts
    /// in now; `nil` otherwise and for DP (which solves the level's first map).
    var world: Model? { get }
    /// DP: the last completed sweep (its number and largest change); `nil` before the first
    /// and for sample-based methods. Lets batch runs report sweeps without per-tick events.
    var lastSweep: SweepEnd? { get }
    /// The solver has converged or stopped and further ticks do nothing.
    var isFinished: Bool { get }
    /// Why it stopped, when that needs saying (e.g. value iteration diverged).
    var stopReason: String? { get }

    /// Advances by one tick and reports what it did.
    /// Live physics: the same states and actions with new dynamics (slip, rewards); learning
    /// goes on from what it has learned. The caller checks the shapes match.
    mutating func replaceModel(_ model: Model)

    /// Build mode (DESIGN §9): the level's map was edited into `map.new`, whose states may
    /// differ; learning goes on with the tables as `StateMap` carries them. Sample-based
    /// methods start a new episode; DP sweeps again from its values.
    mutating func edit(_ map: StateMap)

    mutating func tick() -> Tick

    /// You drive (DESIGN §9): one tick in which `action` is taken where the method would have
    /// chosen its behaviour action (not its target's), learnt from exactly as its own step.
    /// `nil` for DP, which learns from the model and not from steps.
    mutating func drive(_ action: Int) -> Tick?

    /// Advances `count` ticks, ignoring their events; stops early when finished. The same
    /// per-tick code as `tick()`, specialised per method so the events cost nothing.
    mutating func run(ticks count: Int)

    /// Advances up to `count` ticks, showing each tick and the counters after it to
    /// `observe`, which returns false to stop; returns the ticks taken. The playground's fast
    /// path: the loop is compiled for each method, and only the observer is called per tick.
    mutating func run(ticks count: Int, observing observe: (Tick, Counters) -> Bool) -> Int

    /// The playground's fast path where the method has one for the world in force: `count`
    /// ticks, all but the last told to `log` (visits, TD errors, the trail, episode ends) by
    /// the method's own loop, and the last one's report returned for the caller to record.
    /// `nil`, having done nothing, where the method has no such loop here.
    mutating func run(ticks count: Int, logging log: inout StepLog) -> Tick?
}

extension Solver {
    public var stopReason: String? { nil }
    public var policyTable: [Int32]? { nil }
    public var agentState: Int? { nil }
    public var world: Model? { nil }
    public var lastSweep: SweepEnd? { nil }
    public mutating func drive(_ action: Int) -> Tick? { nil }
    public mutating func run(ticks count: Int, logging log: inout StepLog) -> Tick? { nil }

    /// Advances `count` ticks, ignoring their events; stops early when finished.
    public mutating func run(ticks count: Int) {
        for _ in 0..<count where !isFinished { _ = tick() }
    }

    public mutating func run(ticks count: Int, observing observe: (Tick, Counters) -> Bool) -> Int {
        var done = 0
        while done < count && !isFinished {
            let tick = tick()
            done += 1
            if !observe(tick, counters) { break }
        }
        return done
    }
}
