import BellmanCore

/// The solver thread's scheduler: one learning state per method on screen (one, or compare
/// mode's two to four), the truth each is measured against, the pacer and the rewind
/// history. Owned by that thread alone; commands come in through `apply`, work is done in
/// slices by `advance`, and `snapshot` says what the screen shows.
///
/// One method and compare mode follow the same rules: parameters change live, the world's
/// physics change live, and rewinding goes back to a checkpoint. Compare mode advances its
/// methods in *rounds*: every sample-based method has used the same number of samples at
/// the end of a round (DP does one sweep per round), so the class sees which learns most
/// from the same experience; its rewind goes back round by round.
struct EngineWorker {
    private struct Lane {
        var learning: LearningState
        var truth = TruthTracker()
        /// Compare mode: this lane still has to reach the round's target.
        var inRound = false
    }

    private var lanes: [Lane] = []
    private var comparing = false
    private var running = false
    /// The step asked for while paused, under way (compare mode: the round's).
    private var pending: StepSize?
    /// Compare mode: the samples every lane reaches at the end of the round under way, and
    /// at the end of the last round completed (the position rewinding counts in).
    private var roundTarget = 0
    private var completedTarget = 0
    private var roundStart: UInt64 = 0
    private var roundSamples = 0

    private var pacer = Pacer()
    private var history = History()
    private var lastCheckpointTime: UInt64 = 0
    private let clock: any EngineClock

    private var acknowledged = 0
    private var version = 0
    private(set) var isDirty = true

    init(clock: any EngineClock = SystemClock()) { self.clock = clock }

    /// Samples used so far (compare mode: by the first method).
    var samples: Int { lanes.first?.learning.samples ?? 0 }

    var hasWork: Bool {
        (running || pending != nil) && lanes.contains { !$0.learning.isFinished }
    }

    /// Waiting for a truth: the UI keeps polling so the error curve appears when it is ready.
    var isSolvingTruth: Bool { lanes.contains { $0.truth.isSolving } }

    /// Publish now: after every tick when slow or stepping, at most 30 times a second when fast.
    var shouldPublish: Bool {
        isDirty && pacer.shouldPublish(at: clock.now(), fast: running || pending != nil)
    }

    /// Where the present is, in the history's count: ticks, or compare mode's samples per round.
    private var position: Int { comparing ? completedTarget : lanes.first?.learning.ticks ?? 0 }

    mutating func apply(_ command: EngineCommand) {
        acknowledged += 1
        isDirty = true
        switch command {
        case .configure(let model, let method, let parameters):
            start([LearningState(model: model, method: method, parameters: parameters)], comparing: false)
        case .compare(let model, let entries):
            start(entries.map { LearningState(model: model, method: $0.method, parameters: $0.parameters) }, comparing: true)
        case .run:
            running = !lanes.isEmpty
            pending = nil
            pacer.start(at: clock.now())
        case .pause:
            running = false
            pending = nil
        case .step(let size):
            running = false
            if comparing {
                startRound(samples: stepChunk)
            } else {
                // DP has no episodes and MC/TD no sweeps: one or the other is the step that exists.
                switch (size, lanes.first?.learning.method.family == .dp) {
                case (.episode, true): pending = .sweep
                case (.sweep, false): pending = .episode
                default: pending = size
                }
            }
        case .back(let size):
            running = false
            pending = nil
            back(size)
        case .physics(let world, let change):
            var changed = false
            for i in lanes.indices { changed = lanes[i].learning.change(world: world, change) || changed }
            guard changed else { return }
            // The past happened in another world: rewinding starts from this moment.
            history = History()
            checkpointNow()
            followTruths()
        case .replay(let changes, let worlds, let ticks):
            running = false
            pending = nil
            replay(changes, worlds: worlds, to: ticks)
        case .drive(let action):
            running = false
            pending = nil
            drive(action)
        case .driverChanged:
            running = false
            pending = nil
            guard !comparing, !lanes.isEmpty else { return }
            lanes[0].learning.forgetDrivesAhead()
            history.forget(after: position)
        case .speed(let rate):
            pacer.setRate(rate, at: clock.now())
        case .parameters(let parameters):
            guard !comparing else { return }
            change([parameters])
        case .compareParameters(let list):
            guard comparing else { return }
            change(list)
        case .quit:
            break
        }
    }

    private mutating func start(_ states: [LearningState], comparing: Bool) {
        lanes = states.map { Lane(learning: $0) }
        self.comparing = comparing
        running = false
        pending = nil
        roundTarget = 0
        completedTarget = 0
        pacer.forgetRate()
        history = History()
        lastCheckpointTime = 0
        // Compare mode checkpoints at round ends, so its start is one; one method's first
        // checkpoint is taken before its first step.
        if comparing { checkpointNow() }
        followTruths()
    }

    /// Each method's parameters changed live, in order, keeping what was learned.
    private mutating func change(_ parameters: [Parameters]) {
        for (i, p) in zip(lanes.indices, parameters) { lanes[i].learning.change(p) }
        // From here the future differs from the one remembered; this moment is a checkpoint
        // with the new parameters, so rewinding past it finds them.
        history.forget(after: position - 1)
        checkpointNow()
        followTruths()
    }

    /// Another discount, target policy or world means other true values.
    private mutating func followTruths() {
        for i in lanes.indices { followTruth(lane: i) }
    }

    /// Lane i's truth follows its learning state; returns true when it changed. The error
    /// against the old truth is no error now: the panel shows none until the new one arrives
    /// (or says why there is none: gamma = 1 with a cell that cannot reach a goal).
    @discardableResult
    private mutating func followTruth(lane i: Int) -> Bool {
        guard lanes[i].truth.follow(lanes[i].learning) else { return false }
        if let values = lanes[i].truth.values { lanes[i].learning.truthArrived(values) } else { lanes[i].learning.truthPending() }
        return true
    }

    /// Takes the background truths that have arrived: each lane's error curve starts there.
    mutating func collectTruth() {
        for i in lanes.indices where lanes[i].truth.collect() {
            isDirty = true
            if let values = lanes[i].truth.values { lanes[i].learning.truthArrived(values) }
        }
    }

    // MARK: - Work

    /// Completes a step asked for (a tick, an episode, a sweep, a round) that is still under
    /// way, so that quick presses each count. At most a second: a step that takes longer (a
    /// sweep of a million states, an episode of a poor policy) is left to finish as before.
    mutating func finishStep() {
        let deadline = clock.now() + 1_000_000_000
        while pending != nil && hasWork && clock.now() < deadline { _ = advance() }
    }

    /// Runs one slice of work; returns how long to wait before the next (nil: at once).
    mutating func advance() -> Double? {
        collectTruth()
        guard hasWork else { return nil }
        if comparing { return advanceRound() }
        checkpointIfDue()
        let now = clock.now()
        if let step = pending {
            let result = run(lane: 0, pacer.stepSlice(budget: step == .tick ? 1 : .max, at: now), until: step)
            if result.complete { pending = nil }
            return nil
        }
        guard let slice = pacer.slice(at: now) else { return pacer.wait(at: now) }
        let result = run(lane: 0, slice, until: nil)
        return pacer.ran(result.done, started: now, now: clock.now())
    }

    /// Samples per round when stepping: a thirtieth of a second's worth at the asked rate.
    private var stepChunk: Int { pacer.ticksPerSecond.map { max(1, Int($0 / Pacer.framesPerSecond)) } ?? 20_000 }

    private mutating func startRound(samples: Int) {
        roundTarget = completedTarget + samples
        roundSamples = samples
        for i in lanes.indices { lanes[i].inRound = !lanes[i].learning.isFinished }
        pending = .samples(roundTarget)
        roundStart = clock.now()
    }

    /// Compare mode: a slice of the round under way, or a new round when running and due.
    private mutating func advanceRound() -> Double? {
        if pending == nil {
            let now = clock.now()
            guard let slice = pacer.slice(at: now) else { return pacer.wait(at: now) }
            startRound(samples: min(slice.budget, 20_000))
        }
        for i in lanes.indices where lanes[i].inRound {
            let slice = pacer.stepSlice(budget: .max, at: clock.now())
            if run(lane: i, slice, until: .samples(roundTarget)).complete {
                lanes[i].inRound = false
            } else {
                return nil  // its slice ran out: come back to it
            }
        }
        pending = nil
        completedTarget = roundTarget
        history.reached(completedTarget)
        if !running || clock.now() - lastCheckpointTime >= 100_000_000 { checkpointNow() }
        return running ? pacer.ran(roundSamples, started: roundStart, now: clock.now()) : nil
    }

    /// A slice of one lane's learning, its error against the truth, and the episode ends it
    /// passed (for "back one episode").
    private mutating func run(lane i: Int, _ slice: Pacer.Slice, until step: StepSize?) -> (done: Int, complete: Bool) {
        let result = lanes[i].learning.run(budget: slice.budget, until: step, deadline: slice.deadline, clock: clock)
        if result.done > 0 { isDirty = true }
        learned(lane: i)
        return result
    }

    /// You drive: one tick with the user's action, kept like a step asked for while paused
    /// (a checkpoint before it, so that `,` comes back). The future remembered after a rewind
    /// is another one from here.
    private mutating func drive(_ action: Int) {
        guard !comparing, !lanes.isEmpty else { return }
        history.forget(after: position)
        checkpointNow()
        guard lanes[0].learning.drive(action) != nil else { return }
        learned(lane: 0)
    }

    /// What follows a lane's ticks: the truth of the world it is in, its error, the episode
    /// ends it passed (for "back one episode") and how far the history reaches.
    private mutating func learned(lane i: Int) {
        // A map that changed on schedule has its own truth.
        followTruth(lane: i)
        lanes[i].learning.recordError(against: lanes[i].truth.values, watched: !running || pacer.isWatched, now: clock.now())
        for end in lanes[i].learning.boundaries where !comparing { history.noteBoundary(at: end) }
        lanes[i].learning.clearBoundaries()
        if !comparing { history.reached(position) }
    }

    // MARK: - Rewind

    /// Keeps the present as a checkpoint: before every step asked for while paused, and at
    /// most ten times a second while running (compare mode: at round ends, see advanceRound).
    private mutating func checkpointIfDue() {
        guard pending != nil && !running || clock.now() - lastCheckpointTime >= 100_000_000 else { return }
        checkpointNow()
    }

    private mutating func checkpointNow() {
        guard !lanes.isEmpty else { return }
        lastCheckpointTime = clock.now()
        history.keep(lanes.map(\.learning), at: position, bytes: lanes.reduce(0) { $0 + $1.learning.estimatedBytes })
    }

    /// Back one tick, to the start of the episode (the one before, at an episode's end), or
    /// to the end of the sweep before; compare mode: one round.
    private mutating func back(_ size: StepSize) {
        let now = position
        let target: Int
        switch size {
        case _ where comparing: target = history.checkpoint(atOrBefore: now - 1)?.ticks ?? now
        case .tick: target = now - 1
        case .episode, .sweep: target = history.boundary(before: now) ?? (history.oldest ?? 0)
        case .samples(let n): target = now - n
        }
        rewind(to: max(target, history.oldest ?? 0))
    }

    /// Returns to the state after `target` ticks: the checkpoint before it, then the ticks in
    /// between replayed through the same bookkeeping as when they first ran.
    private mutating func rewind(to target: Int) {
        guard target < position, let checkpoint = history.checkpoint(atOrBefore: target) else { return }
        let undone = zip(lanes, checkpoint.lanes).contains { $0.learning.parameterChanges.count > $1.parameterChanges.count }
        let drives = lanes.map(\.learning.allDrives)
        for (i, restored) in zip(lanes.indices, checkpoint.lanes) {
            lanes[i].learning = restored
            // Going forward again takes the steps the user drove, unless the future changed.
            if !undone { lanes[i].learning.remember(drivesAhead: drives[i]) }
        }
        if comparing {
            completedTarget = checkpoint.ticks
            roundTarget = checkpoint.ticks
        }
        // Back before a parameter change: the change is undone, and the remembered future
        // (made with it) is no longer the one ahead.
        if undone { history.forget(after: target) }
        pacer.forgetRate()
        if !comparing, target > position {
            _ = run(lane: 0, Pacer.Slice(budget: target - position, deadline: .max), until: nil)
        }
        // The checkpoint may be measured against another truth, or none yet.
        for i in lanes.indices {
            // A checkpoint holds its error against the truth it had then, which is this one.
            if lanes[i].truth.follow(lanes[i].learning) { continue }
            if let values = lanes[i].truth.values { lanes[i].learning.measure(against: values) }
        }
    }

    /// Loading a session: the ticks taken again from the start, each change applied at its
    /// tick (a world change in the model `worlds` holds for it, in order), through the same
    /// bookkeeping as when they first ran.
    private mutating func replay(_ changes: [Session.Change], worlds: [Model], to ticks: Int) {
        guard !comparing, !lanes.isEmpty else { return }
        var nextWorld = worlds.makeIterator()
        for change in changes {
            runTicks(change.tick - position)
            switch change {
            case .parameters(let p): self.change([p.parameters])
            case .world(let w):
                guard let world = nextWorld.next() else { return }
                _ = lanes[0].learning.change(world: world, w)
                history = History()
                checkpointNow()
                followTruths()
            case .drive(let step):
                drive(step.action)
            }
        }
        runTicks(ticks - position)
        isDirty = true
    }

    private mutating func runTicks(_ n: Int) {
        guard n > 0 else { return }
        checkpointNow()
        _ = run(lane: 0, Pacer.Slice(budget: n, deadline: .max), until: nil)
    }

    // MARK: - Showing

    mutating func snapshot() -> Snapshot {
        isDirty = false
        version += 1
        let now = clock.now()
        pacer.published(at: now)
        let lanesShown = lanes.map { $0.learning.snapshot(truth: $0.truth) }
        var s = comparing ? Snapshot() : lanesShown.first ?? Snapshot()
        if comparing {
            s.compared = lanesShown
            s.model = lanesShown.first?.model
            s.counters = lanesShown.first?.counters ?? Counters()
        }
        s.version = version
        s.acknowledged = acknowledged
        s.running = running && hasWork
        s.busy = hasWork || isSolvingTruth
        s.ticksPerSecond = s.running ? pacer.measuredRate : 0
        s.historyOldest = history.oldest
        s.historyHead = max(history.head, position)
        s.historyBytes = history.bytes
        s.historyDropped = history.dropped
        return s
    }
}
