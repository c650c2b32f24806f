import BellmanCore
import Dispatch

/// The solver thread's state: the solver, the bookkeeping the playground shows (visits, TD
/// errors, trail, curves) and the pacing of ticks. Owned by that thread alone.
struct EngineWorker {
    private var solver: (any Solver)?
    private var model: Model?
    private var method: MethodInfo?
    private var truth: Truth?
    /// The truth being solved in the background for the current configuration.
    private var pendingTruth: TruthJob?
    private var running = false
    private var ticksPerSecond: Double? = AppState.speeds[AppState.defaultSpeedIndex]
    private var pending: StepSize?
    private var message: String?
    private var acknowledged = 0
    private var version = 0
    private(set) var isDirty = true

    private var visits: [Int32] = []
    private var tdErrors: [Double] = []
    private var trail: [Int32] = []
    private var lastTick: Tick?
    private var lastReturn: Double?
    private var lastDelta: Double?
    private var progress: [Double] = []
    private var errors: [ErrorPoint] = []
    private var rms: Double?
    private var ticksSinceError = 0
    private var lastErrorTime: UInt64 = 0
    /// The x (samples or sweeps) of an episode or sweep end whose error is not yet measured.
    private var errorDue: Int?

    /// The parameters learning started with and every change since, with its tick: with the
    /// level and the tick count, all a saved session needs (see `Session`).
    private var initialParameters: Parameters?
    private var parameterChanges: [ParameterChange] = []
    /// Changes of the world (live physics) or of the discount, at the error curve's x.
    private var physicsMarks: [Int] = []
    /// The world's dynamics changed live (`.physics`); a gamma or policy change marks the curve
    /// too, but sessions replay those.
    private var worldChanged = false

    /// Checkpoints of the past, for rewinding (see `History`).
    private var history = History()
    private var lastCheckpointTime: UInt64 = 0

    private var lastPublish: UInt64 = 0
    private var nextTickTime: UInt64 = 0
    private var rateWindowStart: UInt64 = 0
    private var rateWindowTicks = 0
    private var measuredRate: Double = 0

    static let maxTrail = 2_000
    static let maxCurve = 20_000

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Samples used so far.
    var samples: Int { solver?.counters.samples ?? 0 }

    var hasWork: Bool { solver != nil && !(solver?.isFinished ?? true) && (running || pending != nil) }

    /// Publish now: after every tick when slow or stepping, at most 30 times a second when fast.
    var shouldPublish: Bool {
        isDirty && (pending == nil && !running || (ticksPerSecond ?? .infinity) <= 60 || Self.now() - lastPublish > 33_000_000)
    }

    mutating func apply(_ command: EngineCommand) {
        acknowledged += 1
        isDirty = true
        switch command {
        case .configure(let model, let method, let parameters):
            configure(model, method, parameters)
        case .compare, .compareParameters:
            break
        case .run:
            running = solver != nil
            pending = nil
            nextTickTime = Self.now()
            rateWindowStart = nextTickTime
            rateWindowTicks = 0
        case .pause:
            running = false
            pending = nil
        case .step(let size):
            running = false
            // DP has no episodes and MC/TD no sweeps: one of the other is the step that exists.
            switch (size, method?.family == .dp) {
            case (.episode, true): pending = .sweep
            case (.sweep, false): pending = .episode
            default: pending = size
            }
        case .back(let size):
            running = false
            pending = nil
            back(size)
        case .physics(let newModel):
            guard var solver, let model, newModel.stateCount == model.stateCount, newModel.actionCount == model.actionCount,
                  newModel.isTerminal == model.isTerminal else { return }
            solver.replaceModel(newModel)
            self.solver = solver
            self.model = newModel
            physicsMarks.append(solver.method.family == .dp ? solver.counters.sweeps : solver.counters.samples)
            worldChanged = true
            message = solver.stopReason
            // The past happened in another world: rewinding starts from this moment.
            history = History()
            lastCheckpointTime = 0
            checkpointNow()
            solveTruth(solver.parameters)
        case .replay(let changes, let ticks):
            running = false
            pending = nil
            replay(changes, to: ticks)
        case .speed(let rate):
            ticksPerSecond = rate
            nextTickTime = Self.now()
        case .parameters(let parameters):
            guard var solver else { return }
            // Another discount or target policy means other true values.
            let truthChanged = parameters.gamma != solver.parameters.gamma || parameters.policy != solver.parameters.policy
            solver.parameters = parameters
            self.solver = solver
            parameterChanges.append(ParameterChange(tick: solver.counters.ticks, parameters: parameters))
            // From here the future differs from the one remembered; this moment is a checkpoint
            // with the new parameters, so rewinding past it finds them.
            history.forget(after: solver.counters.ticks - 1)
            lastCheckpointTime = 0
            checkpointNow()
            if truthChanged {
                // The values now aim at other values: a new truth, and a mark on the curve.
                physicsMarks.append(solver.method.family == .dp ? solver.counters.sweeps : solver.counters.samples)
                solveTruth(parameters)
            }
        case .quit:
            break
        }
    }

    private mutating func configure(_ model: Model, _ method: MethodInfo, _ parameters: Parameters) {
        self.model = model
        self.method = method
        running = false
        pending = nil
        visits = Array(repeating: 0, count: model.stateCount)
        tdErrors = Array(repeating: .nan, count: model.stateCount)
        trail = []
        lastTick = nil
        lastReturn = nil
        lastDelta = nil
        progress = []
        errors = []
        ticksSinceError = 0
        measuredRate = 0
        history = History()
        initialParameters = parameters
        parameterChanges = []
        physicsMarks = []
        worldChanged = false
        do {
            solver = try method.make(model, parameters)
            message = nil
        } catch {
            solver = nil
            message = "\(error)"
        }
        solveTruth(parameters)
    }

    /// Starts solving the truth on another thread, so the solver can start at once; the
    /// error curve begins when it arrives.
    private mutating func solveTruth(_ parameters: Parameters) {
        guard let model, let method else { return }
        truth = nil
        rms = nil
        pendingTruth?.cancel()
        pendingTruth = TruthJob(model: model, gamma: parameters.gamma, kind: Truth.kind(for: method, policy: parameters.policy))
        collectTruth()
    }

    /// Takes the background truth if it has arrived.
    mutating func collectTruth() {
        guard let job = pendingTruth, let arrived = job.result else { return }
        pendingTruth = nil
        if arrived.note == Truth.cancelledNote, let solver {
            // A copy restored by a rewind waited on a job cancelled since: solve it again.
            solveTruth(solver.parameters)
            return
        }
        truth = arrived
        isDirty = true
        guard let model, let solver, let values = arrived.values else { return }
        let error = model.rmsError(solver.stateValues, against: values)
        rms = error
        errors.append(ErrorPoint(x: solver.method.family == .dp ? solver.counters.sweeps : solver.counters.samples, rms: error))
    }

    /// Waiting for the truth: the UI keeps polling so the error curve appears when it is ready.
    var isSolvingTruth: Bool { pendingTruth != nil }

    /// Completes a step asked for (a tick, an episode, a sweep) that is still under way.
    /// At most a second: a step that takes longer (a sweep of a million states, an episode
    /// of a poor policy) is left to finish in the background as before.
    mutating func finishStep() {
        let deadline = Self.now() + 1_000_000_000
        while pending != nil && hasWork && Self.now() < deadline { _ = advance() }
    }

    /// Runs ticks for one slice; returns how long to wait before the next slice (nil: at once).
    mutating func advance() -> Double? {
        checkpointIfDue()
        guard var current = solver else { return nil }
        solver = nil
        defer { solver = current }
        let start = Self.now()
        if pending == nil, let rate = ticksPerSecond, rate <= 60 {
            // Slow: one tick, then wait for its turn.
            if start < nextTickTime { return Double(nextTickTime - start) / 1e9 }
            _ = runSlice(&current, budget: 1, deadline: .max)
            nextTickTime = max(nextTickTime + UInt64(1e9 / rate), start)
            measure(ticks: 1, at: start)
            return Double(nextTickTime - start) / 1e9
        }
        // Fast, or a step to the end of an episode or sweep: a slice of about 15 ms.
        let budget: Int
        if pending == nil, let rate = ticksPerSecond {
            budget = max(1, Int(rate / 60))
        } else {
            budget = pending == .tick ? 1 : .max
        }
        let done = runSlice(&current, budget: budget, deadline: start + 15_000_000)
        measure(ticks: done, at: Self.now())
        if pending == nil, running, let rate = ticksPerSecond {
            // Keep to the asked rate: this slice's ticks are worth done/rate seconds.
            let due = start + UInt64(Double(done) / rate * 1e9)
            let now = Self.now()
            return due > now ? Double(due - now) / 1e9 : nil
        }
        return nil
    }

    private func stepIsComplete(_ tick: Tick, _ counters: Counters) -> Bool {
        switch pending {
        case .tick: true
        case .episode: tick.episodeEnd != nil
        case .sweep: tick.sweepEnd != nil
        case .samples(let target): tick.sweepEnd != nil || (tick.transition != nil && counters.samples >= target)
        case nil: false
        }
    }

    /// Up to `budget` ticks until the deadline or the end of the step asked for, through the
    /// solver's own loop (compiled per method); the bookkeeping sees each tick.
    private mutating func runSlice(_ solver: inout any Solver, budget: Int, deadline: UInt64) -> Int {
        var sinceClock = 0
        let done = solver.run(ticks: budget) { tick, counters in
            record(tick, counters)
            if stepIsComplete(tick, counters) { pending = nil; return false }
            sinceClock += 1
            if sinceClock == 256 {
                sinceClock = 0
                if Self.now() > deadline { return false }
            }
            return true
        }
        if solver.isFinished {
            pending = nil
            if let reason = solver.stopReason { message = reason }
        }
        if ticksSinceError > 0 { recordError(solver) }
        history.reached(solver.counters.ticks)
        return done
    }

    private mutating func record(_ tick: Tick, _ counters: Counters) {
        isDirty = true
        lastTick = tick
        ticksSinceError += 1
        if let t = tick.transition {
            visits[t.state] &+= 1
            if trail.count >= Self.maxTrail { trail.removeFirst(trail.count / 2) }
            trail.append(Int32(t.state))
        }
        if let u = tick.update { tdErrors[u.state] = u.target - u.old }
        if tick.episodeEnd != nil || tick.sweepEnd != nil { history.noteBoundary(at: counters.ticks) }
        if let end = tick.episodeEnd {
            lastReturn = end.return_
            Self.append(&progress, end.return_)
            trail.removeAll(keepingCapacity: true)
            errorDue = counters.samples
        }
        if let end = tick.sweepEnd {
            lastDelta = end.maxDelta
            Self.append(&progress, end.maxDelta)
            errorDue = end.sweep
        }
    }

    // MARK: - Rewind

    /// Keeps the present as a checkpoint: before every step asked for while paused, and at
    /// most ten times a second while running.
    private mutating func checkpointIfDue() {
        guard pending != nil && !running || Self.now() - lastCheckpointTime >= 100_000_000 else { return }
        checkpointNow()
    }

    private mutating func checkpointNow() {
        guard let solver else { return }
        lastCheckpointTime = Self.now()
        var copy = self
        copy.history = History()
        history.keep(copy, at: solver.counters.ticks, bytes: estimatedBytes(solver))
    }

    /// What a checkpoint holds beyond what it shares: the tables, the display arrays, the
    /// curves; doubled for array capacity and allocation overhead (measured by the soak).
    private func estimatedBytes(_ solver: any Solver) -> Int {
        let tables = (solver.stateValues.count + (solver.actionValues?.count ?? 0)) * 8 * 3
        return 2 * (1_024 + tables + visits.count * 4 + tdErrors.count * 8 + trail.count * 4 + progress.count * 8 + errors.count * 16)
    }

    /// Back one tick, to the start of the episode (the one before, at an episode's end), or
    /// to the end of the sweep before.
    private mutating func back(_ size: StepSize) {
        guard let solver else { return }
        let now = solver.counters.ticks
        let target: Int
        switch size {
        case .tick: target = now - 1
        case .episode, .sweep: target = history.boundary(before: now) ?? (history.oldest ?? 0)
        case .samples(let n): target = now - n
        }
        rewind(to: max(target, history.oldest ?? 0))
    }

    /// Returns to the state after `target` ticks: the checkpoint before it, then the ticks in
    /// between replayed through the same bookkeeping as when they first ran.
    private mutating func rewind(to target: Int) {
        guard let solver, target < solver.counters.ticks, let checkpoint = history.checkpoint(atOrBefore: target) else { return }
        var restored = checkpoint.worker
        restored.history = history
        restored.acknowledged = acknowledged
        restored.version = version
        restored.isDirty = true
        restored.ticksPerSecond = ticksPerSecond
        restored.truth = truth
        restored.pendingTruth = pendingTruth
        restored.running = false
        restored.pending = nil
        restored.lastPublish = lastPublish
        restored.lastCheckpointTime = lastCheckpointTime
        restored.measuredRate = 0
        let undone = parameterChanges.count > restored.parameterChanges.count
        self = restored
        // Back before a parameter change: the change is undone, and the remembered future
        // (made with it) is no longer the one ahead.
        if undone { history.forget(after: target) }
        guard var current = self.solver else { return }
        let replay = target - current.counters.ticks
        if replay > 0 {
            self.solver = nil
            _ = runSlice(&current, budget: replay, deadline: .max)
            self.solver = current
        }
        // The checkpoint may predate the truth: measure against it now.
        if let model, let values = truth?.values { rms = model.rmsError(current.stateValues, against: values) }
    }

    /// Loading a session: the ticks taken again from the start, each parameter change applied
    /// at its tick, through the same bookkeeping as when they first ran.
    private mutating func replay(_ changes: [ParameterChange], to ticks: Int) {
        for change in changes {
            runTicks(change.tick - (solver?.counters.ticks ?? 0))
            apply(.parameters(change.parameters))
            acknowledged -= 1  // not a command of the UI's
        }
        runTicks(ticks - (solver?.counters.ticks ?? 0))
        isDirty = true
    }

    private mutating func runTicks(_ n: Int) {
        guard n > 0, var current = solver else { return }
        checkpointNow()
        solver = nil
        _ = runSlice(&current, budget: n, deadline: .max)
        solver = current
        history.reached(current.counters.ticks)
    }

    /// RMS against the truth at an episode or sweep end: when stepping, every time; when
    /// running, at most every 2 ms and once per quarter of the states' worth of ticks, so that
    /// short episodes and large levels do not spend their time measuring.
    /// Between those ends, a tick watched one at a time (stepping, or running at 60 ticks per
    /// second or less) updates the panel's RMS, so that the number moves with the values.
    private mutating func recordError(_ solver: any Solver) {
        guard let model, let values = truth?.values else { return }
        let watched = !running || (ticksPerSecond ?? .infinity) <= 60
        guard let x = errorDue else {
            if watched {
                rms = model.rmsError(solver.stateValues, against: values)
                ticksSinceError = 0
            }
            return
        }
        if !watched {
            let now = Self.now()
            guard ticksSinceError * 4 >= model.stateCount, now - lastErrorTime > 2_000_000 else { return }
            lastErrorTime = now
        }
        ticksSinceError = 0
        errorDue = nil
        let error = model.rmsError(solver.stateValues, against: values)
        rms = error
        if errors.count >= Self.maxCurve { errors = stride(from: 0, to: errors.count, by: 2).map { errors[$0] } }
        errors.append(ErrorPoint(x: x, rms: error))
    }

    /// Static: a method on self taking `&self.series` would make Swift copy self, and with
    /// it the series, on every call.
    private static func append(_ series: inout [Double], _ value: Double) {
        if series.count >= Self.maxCurve { series.removeFirst(series.count / 2) }
        series.append(value)
    }

    private mutating func measure(ticks: Int, at time: UInt64) {
        rateWindowTicks += ticks
        let elapsed = time &- rateWindowStart
        if elapsed > 500_000_000 {
            measuredRate = Double(rateWindowTicks) / (Double(elapsed) / 1e9)
            rateWindowStart = time
            rateWindowTicks = 0
        }
    }

    mutating func snapshot() -> Snapshot {
        isDirty = false
        version += 1
        lastPublish = Self.now()
        var s = Snapshot()
        s.version = version
        s.acknowledged = acknowledged
        s.running = running && !(solver?.isFinished ?? true)
        s.busy = hasWork || isSolvingTruth
        s.methodID = method?.id ?? ""
        s.model = model
        if let solver {
            s.parameters = solver.parameters
            s.counters = solver.counters
            s.values = solver.stateValues
            s.q = solver.actionValues
            s.policyTable = solver.policyTable
            s.finished = solver.isFinished
            s.agent = solver.agentState
        }
        s.visits = visits
        s.tdErrors = tdErrors
        s.trail = trail
        s.lastTick = lastTick
        s.lastEpisodeReturn = lastReturn
        s.lastDelta = lastDelta
        s.progress = progress
        s.errors = errors
        s.rms = rms
        s.ticksPerSecond = s.running ? measuredRate : 0
        s.message = message
        s.truthNote = isSolvingTruth ? "solving the DP truth…" : truth?.note
        s.historyOldest = history.oldest
        s.historyHead = max(history.head, solver?.counters.ticks ?? 0)
        s.historyBytes = history.bytes
        s.historyDropped = history.dropped
        s.initialParameters = initialParameters
        s.parameterChanges = parameterChanges
        s.physicsMarks = physicsMarks
        s.worldChanged = worldChanged
        return s
    }
}

/// Solves a truth on a background queue; the worker polls `result`.
final class TruthJob: Sendable {
    private let box = Locked<Truth?>(nil)
    private let cancelled = Locked(false)

    init(model: Model, gamma: Double, kind: Truth.Kind) {
        // The thread holds the box and the flag, not the job: dropping the job cancels it.
        DispatchQueue.global().async { [box, cancelled] in
            let truth = TruthCache.shared.truth(for: model, gamma: gamma, kind: kind) { cancelled.withLock { $0 } }
            box.withLock { $0 = truth }
        }
    }

    deinit { cancel() }

    /// Stops the solve at its next chunk of sweeps: nobody waits for this truth any more.
    func cancel() { cancelled.withLock { $0 = true } }

    var result: Truth? { box.withLock { $0 } }
}
