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
    // The worker's members are the solver thread's alone; they are internal (not private)
    // for its rewind and replay, kept in EngineWorker+Rewind.swift.
    struct Lane {
        var learning: LearningState
        var truth = TruthTracker()
        /// Compare mode: this lane still has to reach the round's target.
        var inRound = false
    }

    /// Compare mode's rounds: every lane reaches the same samples at the end of each.
    struct Rounds {
        /// The samples every lane reaches at the end of the round under way, and at the end
        /// of the last round completed (the position rewinding counts in).
        var target = 0
        var completed = 0
        var start: UInt64 = 0
        var samples = 0
    }

    var lanes: [Lane] = []
    /// `nil`: one method, stepped by ticks, episodes and sweeps.
    var rounds: Rounds?
    var comparing: Bool { rounds != nil }
    var running = false
    /// The step asked for while paused, under way (compare mode: the round's).
    var pending: StepSize?

    var pacer = Pacer()
    var history = History()
    var lastCheckpointTime: UInt64 = 0
    let clock: any EngineClock

    var acknowledged = 0
    var version = 0
    var isDirty = true

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
    var position: Int { rounds?.completed ?? lanes.first?.learning.ticks ?? 0 }

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
            // Compare mode finishes the round under way, so that every method has been fed
            // the same samples when it stops.
            if !comparing { pending = nil }
            // Running fast measures the error now and then; paused, the panel's RMS and the
            // curve's last point are of the values on screen.
            for i in lanes.indices { lanes[i].learning.measureErrorNow(against: lanes[i].truth.values) }
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
            worldChanged()
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

    mutating func start(_ states: [LearningState], comparing: Bool) {
        lanes = states.map { Lane(learning: $0) }
        rounds = comparing ? Rounds() : nil
        running = false
        pending = nil
        pacer.forgetRate()
        history = History()
        lastCheckpointTime = 0
        // Compare mode checkpoints at round ends, so its start is one; one method's first
        // checkpoint is taken before its first step.
        if comparing { checkpointNow() }
        followTruths()
    }

    /// Each method's parameters changed live, in order, keeping what was learned.
    mutating func change(_ parameters: [Parameters]) {
        for (i, p) in zip(lanes.indices, parameters) { lanes[i].learning.change(p) }
        // From here the future differs from the one remembered; this moment is a checkpoint
        // with the new parameters, so rewinding past it finds them.
        history.forget(after: position - 1)
        checkpointNow()
        followTruths()
    }

    /// The world changed: the past happened in another one, so rewinding starts from this
    /// moment, and the truths follow.
    mutating func worldChanged() {
        history = History()
        checkpointNow()
        followTruths()
    }

    /// Another discount, target policy or world means other true values.
    mutating func followTruths() {
        for i in lanes.indices { followTruth(lane: i) }
    }

    /// Lane i's truth follows its learning state; returns true when it changed. The error
    /// against the old truth is no error now: the panel shows none until the new one arrives
    /// (or says why there is none: gamma = 1 with a cell that cannot reach a goal).
    @discardableResult
    mutating func followTruth(lane i: Int) -> Bool {
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
    var stepChunk: Int { pacer.ticksPerSecond.map { max(1, Int($0 / Pacer.framesPerSecond)) } ?? 20_000 }

    mutating func startRound(samples: Int) {
        guard var round = rounds else { return }
        round.target = round.completed + samples
        round.samples = samples
        round.start = clock.now()
        rounds = round
        for i in lanes.indices { lanes[i].inRound = !lanes[i].learning.isFinished }
        pending = .samples(round.target)
    }

    /// Compare mode: a slice of the round under way, or a new round when running and due.
    mutating func advanceRound() -> Double? {
        if pending == nil {
            let now = clock.now()
            guard let slice = pacer.slice(at: now) else { return pacer.wait(at: now) }
            startRound(samples: min(slice.budget, 20_000))
        }
        guard let target = rounds?.target else { return nil }
        for i in lanes.indices where lanes[i].inRound {
            let slice = pacer.stepSlice(budget: .max, at: clock.now())
            if run(lane: i, slice, until: .samples(target)).complete {
                lanes[i].inRound = false
            } else {
                return nil  // its slice ran out: come back to it
            }
        }
        pending = nil
        rounds?.completed = target
        history.reached(target)
        if !running || clock.now() - lastCheckpointTime >= 100_000_000 { checkpointNow() }
        guard running, let round = rounds else { return nil }
        return pacer.ran(round.samples, started: round.start, now: clock.now())
    }

    /// A slice of one lane's learning, its error against the truth, and the episode ends it
    /// passed (for "back one episode").
    mutating func run(lane i: Int, _ slice: Pacer.Slice, until step: StepSize?) -> (done: Int, complete: Bool) {
        let result = lanes[i].learning.run(budget: slice.budget, until: step, deadline: slice.deadline, clock: clock)
        if result.done > 0 { isDirty = true }
        learned(lane: i)
        return result
    }

    /// You drive: one tick with the user's action, kept like a step asked for while paused
    /// (a checkpoint before it, so that `,` comes back). The future remembered after a rewind
    /// is another one from here.
    mutating func drive(_ action: Int) {
        guard !comparing, !lanes.isEmpty else { return }
        history.forget(after: position)
        checkpointNow()
        guard lanes[0].learning.drive(action) != nil else { return }
        learned(lane: 0)
    }

    /// What follows a lane's ticks: the truth of the world it is in, its error, the episode
    /// ends it passed (for "back one episode") and how far the history reaches.
    mutating func learned(lane i: Int) {
        // A map that changed on schedule has its own truth.
        followTruth(lane: i)
        lanes[i].learning.recordError(against: lanes[i].truth.values, watched: !running || pacer.isWatched, clock: clock)
        for end in lanes[i].learning.boundaries where !comparing { history.noteBoundary(at: end) }
        lanes[i].learning.clearBoundaries()
        if !comparing { history.reached(position) }
    }
}
