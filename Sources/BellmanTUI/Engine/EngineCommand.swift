import BellmanCore

/// How far a step goes when paused.
public enum StepSize: Sendable, Equatable {
    case tick, episode, sweep
    /// Until the solver has used this many samples in all (DP: one sweep); compare mode's
    /// lockstep.
    case samples(Int)
}

/// What the UI asks of the solver thread.
public enum EngineCommand: Sendable {
    /// Build a fresh solver (new level, method or reset), paused.
    case configure(Model, MethodInfo, Parameters)
    /// Build several solvers on one level, advanced in lockstep by samples (DP by sweeps).
    case compare(Model, [CompareEntry])
    case run
    case pause
    case step(StepSize)
    /// Pause and go back: one tick, to the episode's start (or the one before), to the sweep
    /// before, or `.samples(n)`: n ticks. Stepping forward again replays the same random numbers.
    case back(StepSize)
    /// The world changed, to the model given (made by the change): live physics (slip, step
    /// reward; the same states) or build mode's edit of a cell (the states may differ: the
    /// tables are carried over); learning goes on in the new world, the truth is solved
    /// again and the curve marks it.
    case physics(Model, WorldChange)
    /// Loading a session: take `ticks` ticks from the start, applying each change at its tick;
    /// `worlds` holds the model of each world change, in order.
    case replay([Session.Change], worlds: [Model], ticks: Int)
    /// You drive (DESIGN §9): pause, and take one tick with this action in place of the
    /// method's choice (DP: the walker moves, nothing is learned).
    case drive(Int)
    /// The user took the agent over or handed it back: a future remembered after a rewind
    /// (with its driven steps, or without) is not the one ahead any more.
    case driverChanged
    /// Ticks per second; `nil` is as fast as possible.
    case speed(Double?)
    /// Change parameters live, keeping what was learned.
    case parameters(Parameters)
    /// Compare mode: each compared method's parameters, in order, changed live.
    case compareParameters([Parameters])
    case quit
}

/// One method of a comparison.
public struct CompareEntry: Sendable {
    public var method: MethodInfo
    public var parameters: Parameters
    public init(method: MethodInfo, parameters: Parameters) {
        self.method = method
        self.parameters = parameters
    }
}

extension StepSize {
    /// Whether `tick`, the last one run, ends a step of this size (`counters` as they stand
    /// after it).
    func isCompleted(by tick: Tick, _ counters: Counters) -> Bool {
        switch self {
        case .tick: true
        case .episode: tick.episodeEnd != nil
        case .sweep: tick.sweepEnd != nil
        case .samples(let target): tick.sweepEnd != nil || (tick.transition != nil && counters.samples >= target)
        }
    }
}
