import BellmanCore

/// What learning has made on one method: the solver with its tables, the log of what the
/// screen shows of its steps (`StepLog`: visits, TD errors, the trail), the curves and the
/// error against the truth, and the journal of the changes made along the way (`Journal`).
///
/// This value is the one thing that is checkpointed, rewound, saved and snapshotted: a
/// rewind restores a whole copy of it, so every field added here is rewound with the rest.
struct LearningState {
    private(set) var model: Model
    let method: MethodInfo
    /// `nil` when the method could not start (`message` says why).
    private(set) var solver: (any Solver)?
    private(set) var message: String?

    /// What the screen keeps of every step, written by the observed path and the kernels alike.
    private(set) var log: StepLog
    var visits: [Int32] { log.visits }
    /// A bandit's pulls; `nil` for any other model.
    private(set) var tally: PullTally?
    var tdErrors: [Double] { log.tdErrors }
    var trail: [Int32] { log.trail }
    private(set) var lastTick: Tick?
    private(set) var curves = Curves()
    var lastEpisode: EpisodeEnd? { curves.lastEpisode }
    var progress: [Double] { curves.progress }

    private(set) var journal: Journal
    var initialParameters: Parameters { journal.initialParameters }
    var parameterChanges: [ParameterChange] { journal.parameterChanges }
    /// DP learns from the model, not from steps: a user who drives walks this agent, and
    /// nothing is learned.
    private(set) var walker: Walker

    static let maxTrail = 2_000
    /// The most ticks of one kernel run when running free: long enough that what a run costs
    /// around the kernel (its log's room, its last tick through `step()`, the clock) is a
    /// small share (at 4,096, Sarsa ran 4% slower on W2's world). A test sets a shorter one
    /// to cross many runs' ends cheaply.
    var ticksPerFreeRun = 16_384
    /// The fewest ticks of a free run, however dear a tick.
    static let shortestFreeRun = 256
    /// The ticks of the next free run. The clock is read only between runs, so a run is kept
    /// to a quarter of the pacer's slice by its measured time: halved after a run that took
    /// longer, doubled again (up to `ticksPerFreeRun`) after one that took under a sixteenth.
    /// A method whose step is dear (Dyna-Q's planning), a debug build or a busy machine then
    /// still hands back to the commands within the frame.
    private(set) var freeRunLength = Int.max

    init(model: Model, method: MethodInfo, parameters: Parameters) {
        self.model = model
        self.method = method
        journal = Journal(initialParameters: parameters)
        walker = Walker(seed: parameters.seed)
        log = StepLog(states: model.stateCount, maxTrail: Self.maxTrail)
        do {
            solver = try method.make(model, parameters)
        } catch {
            message = "\(error)"
        }
        if model.isBandit {
            tally = PullTally(arms: solver?.armValues ?? model.armValues(), walks: (model.level.mdp?.testbed?.walkSD ?? 0) > 0)
        }
    }

    var parameters: Parameters { solver?.parameters ?? initialParameters }
    var ticks: Int { solver?.counters.ticks ?? 0 }
    var samples: Int { solver?.counters.samples ?? 0 }
    var isFinished: Bool { solver?.isFinished ?? true }
    /// The error curve's x: samples, or sweeps for DP.
    var curveX: Int { method.family == .dp ? solver?.counters.sweeps ?? 0 : samples }

    // MARK: - Learning

    /// Up to `budget` ticks, until `until` is complete or the clock passes `deadline`, through
    /// the solver's own loop (compiled per method); the bookkeeping sees each tick. Returns
    /// the ticks taken and whether the step asked for is complete.
    mutating func run(budget: Int, until step: StepSize?, deadline: UInt64, clock: any EngineClock) -> (done: Int, complete: Bool) {
        var done = 0
        while done < budget {
            if let tick = journal.nextDriveTick, tick <= ticks, let next = journal.nextDriveAhead() {
                guard next.tick == ticks, let tick = takeDriven(next.action) else { continue }
                done += 1
                if let step, step.isCompleted(by: tick, solver?.counters ?? Counters()) { return (done, true) }
                continue
            }
            let chunk = min(budget - done, journal.nextDriveTick.map { $0 - ticks } ?? .max)
            let result = runSolver(budget: chunk, until: step, deadline: deadline, clock: clock)
            done += result.done
            if result.complete || result.done < chunk { return (done, result.complete) }
        }
        return (done, false)
    }

    private mutating func runSolver(budget: Int, until step: StepSize?, deadline: UInt64, clock: any EngineClock) -> (done: Int, complete: Bool) {
        guard var current = solver else { return (0, true) }
        // Out of self while it runs: the closure records into self.
        solver = nil
        defer { solver = current }
        var logged = 0
        if step == nil, let done = runLogged(&current, budget: budget, deadline: deadline, clock: clock) {
            // The kernel declines a run of one tick (its report is `step()`'s): a slice left
            // one tick short by whole runs takes it below, as any tick, if the slice has time.
            guard done < budget, clock.now() <= deadline, !current.isFinished else { return (done, false) }
            logged = done
        }
        var complete = false
        var sinceClock = 0, seen = 0
        let rest = budget - logged
        let done = logged + current.run(ticks: rest) { tick, counters in
            seen += 1
            // The explain box's tick is copied once, at the last tick of the run (a copy per
            // tick was a third of the solver thread's time at full speed), and `record` comes
            // last: with the tick used after it, the tick was copied on entry.
            var goOn = true
            if let step, step.isCompleted(by: tick, counters) {
                complete = true
                goOn = false
            }
            sinceClock += 1
            if goOn && sinceClock == 256 {
                sinceClock = 0
                if clock.now() > deadline { goOn = false }
            }
            if !goOn || seen == rest || tick.finished { lastTick = tick }
            record(tick, counters)
            return goOn
        }
        if current.isFinished {
            complete = true
            if let reason = current.stopReason { message = reason }
        }
        followWorld(of: current)
        return (done, complete)
    }

    /// Running free, on a method with a kernel for this world (see
    /// `Solver.run(ticks:logging:)`): runs of `ticksPerFreeRun` ticks whose steps the kernel writes into
    /// the log, the clock read between them; each run's last tick is recorded here.
    /// `nil` when the method has no kernel here.
    private mutating func runLogged(_ current: inout any Solver, budget: Int, deadline: UInt64, clock: any EngineClock) -> Int? {
        var done = 0
        var start = clock.now()
        while done < budget {
            let count = min(freeRunLength, ticksPerFreeRun, budget - done)
            guard let last = current.run(ticks: count, logging: &log) else { return done == 0 ? nil : done }
            done += count
            curves.ticked(count - 1)
            record(last, current.counters)
            lastTick = last
            let now = clock.now()
            fitFreeRun(count, took: now &- start)
            if now > deadline { break }
            start = now
        }
        return done
    }

    /// See `freeRunLength`.
    private mutating func fitFreeRun(_ count: Int, took nanoseconds: UInt64) {
        let quarter = Pacer.sliceNanoseconds / 4
        if nanoseconds > quarter {
            freeRunLength = max(Self.shortestFreeRun, count / 2)
        } else if nanoseconds < quarter / 4, count >= min(freeRunLength, ticksPerFreeRun) {
            freeRunLength = min(ticksPerFreeRun, count * 2)
        }
    }

    /// The level's map changed on schedule under the agent: the screen and the truth follow.
    private mutating func followWorld(of current: any Solver) {
        guard let world = current.world, world !== model else { return }
        model = world
        let schedule = world.level.schedule
        curves.mark(at: schedule[world.level.phase(atSamples: current.counters.samples)].at)
    }

    // MARK: - You drive

    /// Where the user's agent is: the method's, or DP's walker.
    var drivenAgent: Int? { solver?.agentState ?? walker.state }

    /// One tick with the user's `action` (DESIGN §9): the method learns from it as from its
    /// own step; DP's walker moves and nothing is learned. `nil` when the action is not one
    /// of the state's, or the method does not take driven steps. The future a rewind
    /// remembered is another one now.
    mutating func drive(_ action: Int) -> Tick? {
        journal.forgetDrivesAhead()
        return takeDriven(action)
    }

    private mutating func takeDriven(_ action: Int) -> Tick? {
        guard var current = solver else { return nil }
        if method.family == .dp { return walk(action) }
        guard let s = current.agentState, action >= 0, action < model.actionCount(of: s),
              let tick = current.drive(action) else { return nil }
        solver = current
        journal.noteDrive(action, at: current.counters.ticks - 1)
        record(tick, current.counters)
        lastTick = tick
        followWorld(of: current)
        return tick
    }

    /// DP: the walker takes the step in the model; visits and trail show where it went.
    private mutating func walk(_ action: Int) -> Tick? {
        guard let t = walker.take(action, in: model) else { return nil }
        var tick = Tick()
        tick.transition = t
        lastTick = tick
        log.walked(from: t.state, ended: t.ends)
        if tally != nil { pulled(t, arms: nil) }
        return tick
    }

    /// After a rewind to this state: the driven steps of the future it came back from.
    mutating func remember(drivesAhead future: [DrivenStep]) {
        journal.remember(drivesAhead: future, from: ticks)
    }

    mutating func forgetDrivesAhead() { journal.forgetDrivesAhead() }

    /// The driven steps taken and those still ahead (see `remember`).
    var allDrives: [DrivenStep] { journal.allDrives }

    /// Ticks that ended an episode or a sweep since the last call, for "back one episode".
    private(set) var boundaries: [Int] = []

    mutating func clearBoundaries() { boundaries.removeAll(keepingCapacity: true) }

    /// What the screen shows of a tick, but the tick itself (`lastTick`): the caller keeps
    /// that, once per run of ticks. The episodes the log saw end (here or in a kernel's run)
    /// reach the curves.
    private mutating func record(_ tick: Tick, _ counters: Counters) {
        curves.ticked(1)
        log.record(tick, counters: counters)
        if let walks = tally?.armsWalk, let t = tick.transition { pulled(t, arms: walks ? solver?.armValues : nil) }
        log.takeEnds { end, ticks, samples in
            boundaries.append(ticks)
            curves.episodeEnded(end, samples: samples)
        }
        if let end = tick.sweepEnd {
            boundaries.append(counters.ticks)
            curves.sweepEnded(end)
        }
    }

    /// A bandit's pull, counted (`arms`: the true values as they stand, where they walk).
    private mutating func pulled(_ t: Transition, arms: [Double]?) {
        guard let optimal = tally?.pulled(t.action, reward: t.reward, arms: arms) else { return }
        curves.pulled(reward: t.reward, optimal: optimal)
    }

    // MARK: - Changes

    /// Changes parameters live, keeping what was learned.
    mutating func change(_ parameters: Parameters) {
        guard var current = solver else { return }
        let aimsElsewhere = parameters.gamma != current.parameters.gamma || parameters.policy != current.parameters.policy
        current.parameters = parameters
        solver = current
        journal.noteParameters(parameters, at: current.counters.ticks)
        // The values now aim at other values: a mark on the curve.
        if aimsElsewhere { curves.mark(at: curveX) }
    }

    /// The world changed, to `world`, which `change` made of the level: live physics (the
    /// same states and actions) or build mode's edit of a cell (the tables carried over, see
    /// `edit`). Learning goes on in it; false when the world does not fit (nothing changes).
    mutating func change(world: Model, _ change: WorldChange) -> Bool {
        guard var current = solver else { return false }
        if change.cell != nil {
            guard world.actionCount == model.actionCount, world.level.rows == model.level.rows, world.level.cols == model.level.cols else { return false }
            edit(&current, into: world)
        } else {
            guard world.stateCount == model.stateCount, world.actionCount == model.actionCount,
                  world.isTerminal == model.isTerminal else { return false }
            current.replaceModel(world)
        }
        solver = current
        model = world
        journal.noteWorld(change, at: current.counters.ticks)
        curves.mark(at: curveX)
        message = current.stopReason
        return true
    }

    /// Build mode: the map was edited and the states may differ. The solver carries its
    /// tables over (see `StateMap`); so do the visits and TD errors shown; the trail, the
    /// last tick and DP's walker belonged to the old map's states and go. A target policy
    /// named the old states: prediction goes back to the random policy.
    private mutating func edit(_ current: inout any Solver, into world: Model) {
        let map = StateMap(from: model, to: world)
        if current.parameters.policy != nil {
            var p = current.parameters
            p.policy = nil
            current.parameters = p
        }
        current.edit(map)
        log = log.carried(to: world.stateCount, from: map.carried)
        lastTick = nil
        walker.leave()
    }

    /// V^pi shown while running free (see `PolicyValuesShown`).
    private(set) var shownValues = PolicyValuesShown()

    mutating func refreshShownValues(runningFree: Bool, clock: any EngineClock) {
        shownValues.refresh(solver, runningFree: runningFree, clock: clock)
    }

    // MARK: - Error against the truth

    /// The panel's RMS now (a rewind restored a state measured against another truth, or none).
    mutating func measure(against truth: [Double]) {
        guard let solver else { return }
        curves.show(rms: model.rmsError(of: solver, against: truth))
    }

    /// Another truth is on its way (or there is none): no error to show until it arrives.
    mutating func truthPending() { curves.show(rms: nil) }

    /// The truth arrived: the error curve starts here.
    mutating func truthArrived(_ truth: [Double]) {
        guard let solver else { return }
        curves.truthArrived(at: curveX, rms: model.rmsError(of: solver, against: truth))
    }

    /// The error against the truth, when due (see `Curves.recordError`).
    mutating func recordError(against truth: [Double]?, watched: Bool, clock: any EngineClock) {
        guard let truth, let solver else { return }
        let model = model
        curves.recordError(states: model.stateCount, watched: watched, clock: clock.now) { model.rmsError(of: solver, against: truth) }
    }

    /// The error now, as the curve's latest point (a pause: the panel, the curve and its
    /// caption then agree with the counters).
    mutating func measureErrorNow(against truth: [Double]?) {
        guard let truth, let solver else { return }
        curves.measureNow(at: curveX, rms: model.rmsError(of: solver, against: truth))
    }
}
