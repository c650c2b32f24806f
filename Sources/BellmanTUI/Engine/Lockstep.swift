import BellmanCore
import Dispatch

/// Compare mode on the solver thread: several workers on one level, advanced in rounds so
/// that each sample-based method has used the same number of samples at the end of every
/// round (DP does one sweep per round), and the class sees which learns most from the same
/// experience.
struct Lockstep {
    private(set) var workers: [EngineWorker]
    private var running = false
    private var roundPending = false
    /// Samples per second; `nil` as fast as possible.
    private var rate: Double? = AppState.speeds[AppState.defaultSpeedIndex]
    private var target = 0
    private var acknowledged: Int
    private var version = 0
    private var nextRound: UInt64 = 0
    private(set) var isDirty = true

    init(model: Model, entries: [CompareEntry], acknowledged: Int, rate: Double?) {
        self.acknowledged = acknowledged
        self.rate = rate
        workers = entries.map { entry in
            var worker = EngineWorker()
            worker.apply(.configure(model, entry.method, entry.parameters))
            return worker
        }
    }

    var hasWork: Bool { running || roundPending }
    var isSolvingTruth: Bool { workers.contains { $0.isSolvingTruth } }

    mutating func apply(_ command: EngineCommand) {
        acknowledged += 1
        isDirty = true
        switch command {
        case .run: running = true; nextRound = DispatchTime.now().uptimeNanoseconds
        case .pause: running = false; roundPending = false
        case .step:
            running = false
            // Quick presses each count: the round under way completes first (at most a second).
            let deadline = DispatchTime.now().uptimeNanoseconds + 1_000_000_000
            while roundPending && DispatchTime.now().uptimeNanoseconds < deadline { _ = advance() }
            startRound()
        case .speed(let r): rate = r
        case .compareParameters(let list):
            for (i, p) in zip(workers.indices, list) { workers[i].apply(.parameters(p)) }
        case .parameters, .configure, .compare, .back, .replay, .physics, .quit: break
        }
    }

    /// Samples per round: a thirtieth of a second's worth at the asked rate.
    private var chunk: Int { rate.map { max(1, Int($0 / 30)) } ?? 20_000 }

    private mutating func startRound() {
        target += chunk
        for i in workers.indices { workers[i].apply(.step(.samples(target))) }
        roundPending = true
    }

    /// Works on the current round for a slice; returns how long to wait before the next.
    mutating func advance() -> Double? {
        if isSolvingTruth {
            for i in workers.indices { workers[i].collectTruth() }
            isDirty = true  // a truth may have arrived: its error and the idle state must be shown
        }
        if !roundPending {
            guard running else { return nil }
            let now = DispatchTime.now().uptimeNanoseconds
            if rate != nil && now < nextRound { return Double(nextRound - now) / 1e9 }
            nextRound = now + 33_000_000
            startRound()
        }
        for i in workers.indices where workers[i].hasWork {
            _ = workers[i].advance()
            if workers[i].hasWork { return nil }  // its slice ran out: come back to it
        }
        roundPending = false
        isDirty = true
        return nil
    }

    mutating func snapshot() -> Snapshot {
        isDirty = false
        version += 1
        var s = Snapshot()
        s.version = version
        s.acknowledged = acknowledged
        s.running = running
        s.busy = hasWork || isSolvingTruth
        s.compared = workers.indices.map { workers[$0].snapshot() }
        s.model = s.compared.first?.model
        s.counters = s.compared.first?.counters ?? Counters()
        return s
    }
}
