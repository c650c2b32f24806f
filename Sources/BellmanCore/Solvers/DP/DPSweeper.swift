import Dispatch
import Foundation

/// What DP methods share: a value array swept one state per tick, in place or synchronously,
/// until the sweep's largest change falls below theta. A method supplies only its backup.
struct DPSweeper: Sendable {
    private(set) var model: Model
    var parameters: Parameters {
        didSet {
            if parameters.synchronous && nextV.count != V.count { nextV = V }
            sweep.updateLimits(parameters)
            // Another discount or target policy means other values: sweep again from these,
            // even if converged.
            if parameters.gamma != oldValue.gamma || parameters.policy != oldValue.policy { resume() }
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

    /// Live physics: new dynamics over the same states. The values are kept as the starting
    /// point and sweeping resumes from the first state, even if it had converged.
    mutating func replaceModel(_ model: Model) {
        self.model = model
        resume()
    }

    /// Build mode: the map was edited; the values carried (see `StateMap`) are the starting
    /// point, and sweeping resumes from the first state.
    mutating func edit(_ map: StateMap) {
        model = map.new
        V = map.values(Array(V.prefix(map.old.stateCount)), initial: parameters.initialValue) + [parameters.initialValue]
        model.refreshRelocationValue(&V)
        nextV = parameters.synchronous ? V : []
        resume()
    }

    /// Sweeps again from the current values after a change of the world or the discount,
    /// unless gamma = 1 has no finite values there.
    private mutating func resume() {
        if parameters.gamma == 1, let refusal = model.undiscountedRefusal(method: "DP") {
            stopReason = refusal
            isFinished = true
            return
        }
        restart()
    }

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
        counters.modelReads += model.outcomeTerms(in: s..<s + 1, count: 1)
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

    /// Backs up `count` states (fewer if the sweeps finish) by `rule`, the same backups as
    /// `tick` with `bestExpectedReturn` or `meanExpectedReturn`, without reporting each: the
    /// fast path of `run(ticks:)` (see `Model.backUp`).
    mutating func run(ticks count: Int, method: String, rule: BackupRule) {
        let model = self.model, gamma = parameters.gamma
        run(ticks: count, method: method) { states, read, write in
            model.backUp(states, rule, gamma: gamma, read: read, write: write)
        }
    }

    /// Backs up `count` states (fewer if the sweeps finish) with the same backups as `tick`,
    /// without reporting each.
    mutating func run(ticks count: Int, method: String, _ backup: @escaping @Sendable (Int, UnsafeBufferPointer<Double>) -> Double) {
        let model = self.model
        run(ticks: count, method: method) { states, read, write in
            let v = UnsafeBufferPointer(start: read, count: model.stateCount + 1)
            var change = 0.0
            for s in states where model.isOccupiable[s] {
                let new = backup(s, v)
                change = max(change, abs(read[s] - new))
                write[s] = new
            }
            return change
        }
    }

    /// Backs up a range of states (terminals and cliffs skipped) from the first array into the second
    /// (the same one when in place) and returns the largest change.
    typealias Part = @Sendable (Range<Int>, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Double

    /// Goes through the sweeps `count` backups at a time, a sweep's part per call of `part`.
    private mutating func run(ticks count: Int, method: String, part: @escaping Part) {
        var remaining = count
        while remaining > 0 && !isFinished {
            if sweep.isAtSweepStart { model.refreshRelocationValue(&V) }
            let first = sweep.position
            let n = min(remaining, sweep.order.count - first)
            // A level whose every state is terminal has empty sweeps: they converge at once.
            let states = n == 0 ? 0..<0 : Int(sweep.order[first]) ..< Int(sweep.order[first + n - 1]) + 1
            var change = 0.0
            let synchronous = parameters.synchronous, threads = parameters.threads ?? Self.parallelism
            V.withUnsafeMutableBufferPointer { v in
                if synchronous {
                    nextV.withUnsafeMutableBufferPointer { next in
                        // Split when the part is long enough to pay for the threads: by the
                        // model terms it reads (a grid's million states, Jack's 1.9 million outcomes).
                        change = Self.split(states, threads: model.outcomeTerms(in: states, count: n) >= 1 << 19 ? threads : 1,
                                            read: UnsafePointer(v.baseAddress!), write: next.baseAddress!, part)
                    }
                } else {
                    change = part(states, UnsafePointer(v.baseAddress!), v.baseAddress!)
                }
            }
            remaining -= n
            counters.backups += n
            counters.modelReads += model.outcomeTerms(in: states, count: n)
            counters.ticks += n
            if let end = sweep.advance(by: n, change: change) { finishSweep(end, method: method) }
        }
    }

    /// A synchronous sweep's part split across threads: each new value depends only on the
    /// previous sweep's values, so the results are identical for any number of threads
    /// (DESIGN §1: only the synchronous form may split a sweep).
    private static func split(_ states: Range<Int>, threads: Int, read: UnsafePointer<Double>,
                              write: UnsafeMutablePointer<Double>, _ part: @escaping Part) -> Double {
        guard threads > 1 else { return part(states, read, write) }
        /// The arrays, shared read-only (`read`) or written in disjoint ranges.
        struct Shared: @unchecked Sendable {
            let read: UnsafePointer<Double>
            let write: UnsafeMutablePointer<Double>
            let changes: UnsafeMutableBufferPointer<Double>
        }
        let changes = UnsafeMutableBufferPointer<Double>.allocate(capacity: threads)
        defer { changes.deallocate() }
        changes.initialize(repeating: 0)
        let shared = Shared(read: read, write: write, changes: changes)
        let lo = states.lowerBound, count = states.count
        DispatchQueue.concurrentPerform(iterations: threads) { p in
            let range = lo + count * p / threads ..< lo + count * (p + 1) / threads
            shared.changes[p] = part(range, shared.read, shared.write)
        }
        return changes.max() ?? 0
    }

    /// Threads for large synchronous sweeps unless `Parameters.threads` says: the machine's
    /// cores, at most 8.
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
    mutating func countImprovement(of s: Int) {
        counters.modelReads += model.outcomeTerms(in: s..<s + 1, count: 1)
        counters.ticks += 1
    }
}

/// A DP method: a `DPSweeper` and the backup of its box. Everything else a `Solver` is asked
/// is answered here, once for all of them.
protocol SweepingSolver: Solver, Sweeping, Editable {
    static var info: MethodInfo { get }
    var dp: DPSweeper { get set }
}

extension SweepingSolver {
    public var method: MethodInfo { Self.info }
    public var parameters: Parameters {
        get { dp.parameters }
        set { dp.parameters = newValue }
    }
    public var counters: Counters { dp.counters }
    public var isFinished: Bool { dp.isFinished }
    public var stopReason: String? { dp.stopReason }
    public var lastSweep: SweepEnd? { dp.lastSweep }
    public var policyTable: [Int32]? { nil }
    public var world: Model? { nil }
    public var stateValues: [Double] { dp.stateValues }
    public var actionValues: [Double]? { nil }

    /// Live physics (see `Solver.replaceModel`).
    public mutating func replaceModel(_ model: Model) { dp.replaceModel(model) }

    /// Build mode (see `Solver.edit`).
    public mutating func edit(_ map: StateMap) { dp.edit(map) }
}
