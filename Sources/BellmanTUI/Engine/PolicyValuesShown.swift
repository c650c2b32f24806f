import BellmanCore

/// A learned policy's V^pi as the screen shows it while running free. It is an exact
/// evaluation through the model, dear on a large world (a tenth of a second on 2,500 states
/// at gamma 0.99): made at every snapshot it would take the solver's time. While running free
/// it is made again only once nineteen times as long as it took has passed (at most a
/// twentieth of the time), and the screen says at which sample count; paused or stepping,
/// or for any other method, the screen's V is the solver's own, evaluated afresh.
struct PolicyValuesShown {
    /// The values last evaluated, and at how many samples; `nil` when the solver's own are shown.
    private(set) var values: [Double]?
    private(set) var samples = 0
    private var madeAt: UInt64 = 0
    private var cost: UInt64 = 0

    mutating func refresh(_ solver: (any Solver)?, runningFree: Bool, clock: any EngineClock) {
        guard runningFree, let solver, let learner = solver as? any LearnsPolicy, learner.showsPolicyValues else {
            values = nil
            return
        }
        let now = solver.counters.samples
        if values != nil, samples == now || clock.now() &- madeAt < 19 &* cost { return }
        let start = clock.now()
        values = solver.stateValues
        madeAt = clock.now()
        cost = madeAt &- start
        samples = now
    }
}
