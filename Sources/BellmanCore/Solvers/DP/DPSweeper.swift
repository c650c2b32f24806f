/// What DP methods share: a value array swept one state per tick, in place or synchronously,
/// until the sweep's largest change falls below theta. A method supplies only its backup.
struct DPSweeper: Sendable {
    let model: Model
    var parameters: Parameters {
        didSet {
            if parameters.synchronous && nextV.count != V.count { nextV = V }
            sweep.updateLimits(parameters)
        }
    }
    private(set) var sweep: Sweep
    /// V per state, plus the relocation pseudo-value (mean V of the start states) at the end.
    private(set) var V: [Double]
    /// The next sweep's values when sweeping synchronously.
    private var nextV: [Double]
    private(set) var counters = Counters()
    /// The sweeps have converged (or stopped); `stopReason` says why when not converged.
    private(set) var isFinished = false
    private(set) var stopReason: String?

    init(model: Model, parameters: Parameters, method: String) throws {
        if parameters.gamma == 1, let refusal = model.undiscountedRefusal(method: method) {
            throw SolverError(refusal)
        }
        self.model = model
        self.parameters = parameters
        sweep = Sweep(model: model, parameters: parameters)
        V = model.isTerminal.map { $0 ? 0 : parameters.initialValue } + [parameters.initialValue]
        nextV = parameters.synchronous ? V : []
    }

    var stateValues: [Double] { Array(V.prefix(model.stateCount)) }

    /// Sweeps again from the first state (policy iteration's next evaluation).
    mutating func restart() {
        isFinished = false
        stopReason = nil
        sweep = Sweep(model: model, parameters: parameters)
    }

    /// Backs up the next state with `backup(s, V)` and reports the tick.
    @inline(__always)
    mutating func tick(method: String, _ backup: (Int, UnsafeBufferPointer<Double>) -> Double) -> Tick {
        var tick = Tick()
        guard !isFinished else { tick.finished = true; return tick }
        if sweep.isAtSweepStart { model.refreshRelocationValue(&V) }
        let s = sweep.state
        let v = V[s]
        let new = V.withUnsafeBufferPointer { backup(s, $0) }
        if parameters.synchronous { nextV[s] = new } else { V[s] = new }
        counters.backups += 1
        counters.modelReads += model.outcomeTermsPerState
        counters.ticks += 1
        tick.update = Update(state: s, action: nil, old: v, target: new, new: new, stepSize: nil)
        tick.updates = 1
        if let end = sweep.advance(change: abs(v - new)) {
            if parameters.synchronous { swap(&V, &nextV) }
            counters.sweeps += 1
            tick.sweepEnd = SweepEnd(sweep: counters.sweeps, maxDelta: end.maxDelta)
            if let diverged = Sweep.divergence(values: V, gamma: parameters.gamma, model: model, method: method) {
                stopReason = diverged
                isFinished = true
            } else if sweep.isDone(after: end) {
                stopReason = sweep.capMessage(after: end)
                isFinished = true
            }
        }
        tick.finished = isFinished
        return tick
    }

    /// Counts ticks that read the model without backing up a value (policy improvement).
    mutating func countImprovement() {
        counters.modelReads += model.outcomeTermsPerState
        counters.ticks += 1
    }
}
