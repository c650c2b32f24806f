import BellmanCore

/// How far a step goes when paused.
public enum StepSize: Sendable, Equatable {
    case tick, episode, sweep
}

/// What the UI asks of the solver thread.
public enum EngineCommand: Sendable {
    /// Build a fresh solver (new level, method or reset), paused.
    case configure(Model, MethodInfo, Parameters)
    case run
    case pause
    case step(StepSize)
    /// Ticks per second; `nil` is as fast as possible.
    case speed(Double?)
    /// Change parameters live, keeping what was learned.
    case parameters(Parameters)
    case quit
}
