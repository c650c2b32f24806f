/// A tabular RL method that advances one tick at a time (DESIGN §1): what every method needs.
///
/// DP: one state backup per tick. MC: one environment step, and at an episode's end the
/// return pass. TD: one environment step and its update. Running fast is many ticks, never
/// a different code path. What only some methods have is opt-in (`Capabilities.swift`):
/// DP's sweeps (`Sweeping`), a world that changes under the method (`Editable`), an agent
/// that can be driven (`Drivable`).
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
    /// The solver has converged or stopped and further ticks do nothing.
    var isFinished: Bool { get }

    /// Advances by one tick and reports what it did.
    mutating func tick() -> Tick

    /// Advances `count` ticks, ignoring their events; stops early when finished. The same
    /// ticks as `tick()`, through a kernel where the world has one (`Solvers/Kernels`).
    mutating func run(ticks count: Int)

    /// The playground's fast path where the method has a kernel for the world in force:
    /// `count` ticks, all but the last written to `log` by the kernel, and the last one's
    /// report returned for the caller to record. `nil`, having done nothing, where the
    /// method has no kernel here.
    mutating func run(ticks count: Int, logging log: inout StepLog) -> Tick?

    /// The next episodes' ends, with the counters after each, told to `ends` until it has
    /// the episodes it wants (fewer when the solver finishes or has taken `maxSamples`
    /// samples): through a kernel where the method has one for the world in force, so that an
    /// experiment measuring episodes runs at the kernel's speed with the same numbers. (Not
    /// generic over a recorder: a generic requirement called through `any Solver` would run
    /// the kernel unspecialized.)
    mutating func runEpisodes(into ends: inout EpisodeEnds, maxSamples: Int)
}

extension Solver {
    public mutating func run(ticks count: Int, logging log: inout StepLog) -> Tick? { nil }

    public mutating func runEpisodes(into ends: inout EpisodeEnds, maxSamples: Int) {
        while !ends.isSatisfied && !isFinished && counters.samples < maxSamples {
            ends.record(tick(), counters: counters)
        }
    }

    /// The ends of the next `count` episodes (see `runEpisodes(into:maxSamples:)`).
    public mutating func runEpisodes(_ count: Int, maxSamples: Int = Runner.maxBudget) -> [EpisodeEnd] {
        var ends = EpisodeEnds(wanted: count)
        runEpisodes(into: &ends, maxSamples: maxSamples)
        return ends.ends
    }

    /// Advances `count` ticks, ignoring their events; stops early when finished.
    public mutating func run(ticks count: Int) {
        for _ in 0..<count where !isFinished { _ = tick() }
    }

    /// Advances up to `count` ticks, showing each tick and the counters after it to
    /// `observe`, which returns false to stop; returns the ticks taken.
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
