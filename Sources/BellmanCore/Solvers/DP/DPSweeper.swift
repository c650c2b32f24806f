import Dispatch
import Foundation

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
    /// The last completed sweep.
    private(set) var lastSweep: SweepEnd?

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
            finishSweep(end, method: method)
            tick.sweepEnd = SweepEnd(sweep: counters.sweeps, maxDelta: end.maxDelta)
        }
        tick.finished = isFinished
        return tick
    }

    /// Backs up `count` states (fewer if the sweeps finish) with the same backups as `tick`,
    /// without reporting each: the fast path of `run(ticks:)`. Reads and writes go through
    /// buffer pointers, a sweep's part at a time.
    mutating func run(ticks count: Int, method: String, _ backup: @escaping @Sendable (Int, UnsafeBufferPointer<Double>) -> Double) {
        var remaining = count
        while remaining > 0 && !isFinished {
            if sweep.isAtSweepStart { model.refreshRelocationValue(&V) }
            let first = sweep.position
            let n = min(remaining, sweep.order.count - first)
            var change = 0.0
            let synchronous = parameters.synchronous
            sweep.order.withUnsafeBufferPointer { order in
                V.withUnsafeMutableBufferPointer { v in
                    let read = UnsafeBufferPointer(v)
                    if synchronous {
                        nextV.withUnsafeMutableBufferPointer { next in
                            change = Self.synchronousPart(order: order, from: first, count: n, read: read, write: next, backup)
                        }
                    } else {
                        for k in first..<first + n {
                            let s = Int(order[k])
                            let new = backup(s, read)
                            change = max(change, abs(v[s] - new))
                            v[s] = new
                        }
                    }
                }
            }
            remaining -= n
            counters.backups += n
            counters.modelReads += n * model.outcomeTermsPerState
            counters.ticks += n
            if let end = sweep.advance(by: n, change: change) { finishSweep(end, method: method) }
        }
    }

    /// Backs up order[first ..< first + count] from `read` into `write`; returns the largest
    /// change. Each new value depends only on the previous sweep's values, so large parts are
    /// split across the cores with results identical to one thread (DESIGN §1: only the
    /// synchronous form may split a sweep).
    private static func synchronousPart(order: UnsafeBufferPointer<Int32>, from first: Int, count: Int,
                                        read: UnsafeBufferPointer<Double>, write: UnsafeMutableBufferPointer<Double>,
                                        _ backup: @escaping @Sendable (Int, UnsafeBufferPointer<Double>) -> Double) -> Double {
        /// The buffers, shared read-only (`read`, `order`) or in disjoint ranges (`write`).
        struct Shared: @unchecked Sendable {
            let order: UnsafeBufferPointer<Int32>
            let read: UnsafeBufferPointer<Double>
            let write: UnsafeMutableBufferPointer<Double>
            let changes: UnsafeMutableBufferPointer<Double>
        }
        let parts = count >= 1 << 16 ? parallelism : 1
        let changes = UnsafeMutableBufferPointer<Double>.allocate(capacity: parts)
        defer { changes.deallocate() }
        changes.initialize(repeating: 0)
        let shared = Shared(order: order, read: read, write: write, changes: changes)
        @Sendable func part(_ p: Int) {
            let lo = first + count * p / parts, hi = first + count * (p + 1) / parts
            var change = 0.0
            for k in lo..<hi {
                let s = Int(shared.order[k])
                let new = backup(s, shared.read)
                change = max(change, abs(shared.read[s] - new))
                shared.write[s] = new
            }
            shared.changes[p] = change
        }
        if parts == 1 { part(0) } else { DispatchQueue.concurrentPerform(iterations: parts) { part($0) } }
        return changes.max() ?? 0
    }

    /// Threads for large synchronous sweeps: the machine's cores, at most 8.
    static let parallelism = min(8, max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// The end of a sweep: swap the synchronous arrays, count it, and stop on divergence,
    /// convergence or the sweep cap.
    private mutating func finishSweep(_ end: SweepEnd, method: String) {
        if parameters.synchronous { swap(&V, &nextV) }
        counters.sweeps += 1
        lastSweep = SweepEnd(sweep: counters.sweeps, maxDelta: end.maxDelta)
        if let diverged = Sweep.divergence(values: V, gamma: parameters.gamma, model: model, method: method) {
            stopReason = diverged
            isFinished = true
        } else if sweep.isDone(after: end) {
            stopReason = sweep.capMessage(after: end)
            isFinished = true
        }
    }

    /// Counts ticks that read the model without backing up a value (policy improvement).
    mutating func countImprovement() {
        counters.modelReads += model.outcomeTermsPerState
        counters.ticks += 1
    }
}
