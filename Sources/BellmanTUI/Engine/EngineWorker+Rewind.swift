import BellmanCore

/// Rewinding and replaying: the worker goes back to a checkpoint, or takes a saved session's
/// ticks again, through the same bookkeeping as when they first ran.
extension EngineWorker {
    /// Keeps the present as a checkpoint: before every step asked for while paused, and at
    /// most ten times a second while running (compare mode: at round ends, see advanceRound).
    mutating func checkpointIfDue() {
        guard pending != nil && !running || clock.now() - lastCheckpointTime >= 100_000_000 else { return }
        checkpointNow()
    }

    mutating func checkpointNow() {
        guard !lanes.isEmpty else { return }
        lastCheckpointTime = clock.now()
        history.keep(lanes.map(\.learning), at: position, bytes: lanes.reduce(0) { $0 + $1.learning.estimatedBytes })
    }

    /// Back one tick, to the start of the episode (the one before, at an episode's end), or
    /// to the end of the sweep before; compare mode: one round.
    mutating func back(_ size: StepSize) {
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
    mutating func rewind(to target: Int) {
        guard target < position, let checkpoint = history.checkpoint(atOrBefore: target) else { return }
        let undone = zip(lanes, checkpoint.lanes).contains { $0.learning.parameterChanges.count > $1.parameterChanges.count }
        let drives = lanes.map(\.learning.allDrives)
        for (i, restored) in zip(lanes.indices, checkpoint.lanes) {
            lanes[i].learning = restored
            // Going forward again takes the steps the user drove, unless the future changed.
            if !undone { lanes[i].learning.remember(drivesAhead: drives[i]) }
        }
        rounds?.completed = checkpoint.ticks
        rounds?.target = checkpoint.ticks
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
    mutating func replay(_ changes: [Session.Change], worlds: [Model], to ticks: Int) {
        guard !comparing, !lanes.isEmpty else { return }
        var nextWorld = worlds.makeIterator()
        for change in changes {
            runTicks(change.tick - position)
            switch change {
            case .parameters(let p): self.change([p.parameters])
            case .world(let w):
                guard let world = nextWorld.next() else { return }
                _ = lanes[0].learning.change(world: world, w)
                worldChanged()
            case .drive(let step):
                drive(step.action)
            }
        }
        runTicks(ticks - position)
        isDirty = true
    }

    mutating func runTicks(_ n: Int) {
        guard n > 0 else { return }
        checkpointNow()
        _ = run(lane: 0, Pacer.Slice(budget: n, deadline: .max), until: nil)
    }
}
