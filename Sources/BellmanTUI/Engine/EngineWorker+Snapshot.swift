import BellmanCore

/// What the screen is shown: one method's snapshot, or compare mode's lanes side by side,
/// with the scheduler's own state (running, rate, the rewind history).
extension EngineWorker {
    /// Marks the worker clean: what changes from here is published next.
    mutating func snapshot() -> Snapshot {
        isDirty = false
        version += 1
        let now = clock.now()
        pacer.published(at: now)
        let runningFree = running && hasWork && !pacer.isWatched
        for i in lanes.indices { lanes[i].learning.refreshShownValues(runningFree: runningFree, clock: clock) }
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
