/// The bookkeeping of DP sweeps over the non-terminal states, one backup per tick:
/// which state is next, the sweep's largest change Delta, and when to stop.
struct Sweep: Sendable {
    /// The states backed up by a sweep, in reading order: the states an agent can occupy.
    /// Terminals keep value 0; a cliff cell is never occupied (stepping in relocates), so no
    /// value reads it and backing it up would be a backup that changes nothing.
    let order: [Int32]
    private(set) var theta: Double
    private(set) var maxSweeps: Int
    private(set) var position = 0
    /// Delta of the sweep under way.
    private(set) var delta = 0.0
    private(set) var completed = 0

    init(model: Model, parameters: Parameters) {
        order = (0..<model.stateCount).filter { model.isOccupiable[$0] }.map { Int32($0) }
        theta = parameters.theta
        maxSweeps = parameters.maxSweeps ?? Sweep.defaultCap(states: order.count)
    }

    /// Without `--sweeps`, stop after this many sweeps so that a level that converges very
    /// slowly (or not at all) never hangs: about 4e9 backups, and at least 10,000 sweeps.
    static func defaultCap(states: Int) -> Int { max(10_000, 4_000_000_000 / max(states, 1)) }

    /// Takes a changed theta or sweep budget into account.
    mutating func updateLimits(_ parameters: Parameters) {
        theta = parameters.theta
        maxSweeps = parameters.maxSweeps ?? Sweep.defaultCap(states: order.count)
    }

    var isAtSweepStart: Bool { position == 0 }
    var state: Int { Int(order[position]) }

    /// Records one backup's change and moves on; returns the sweep's end when it wraps.
    mutating func advance(change: Double) -> SweepEnd? { advance(by: 1, change: change) }

    /// Records `count` backups whose largest change was `change` (they must not go past the
    /// sweep's end); returns the sweep's end when it wraps.
    mutating func advance(by count: Int, change: Double) -> SweepEnd? {
        delta = max(delta, change)
        position += count
        guard position == order.count else { return nil }
        completed += 1
        let end = SweepEnd(sweep: completed, maxDelta: delta)
        position = 0
        delta = 0
        return end
    }

    /// Converged (Delta < theta), or out of sweeps.
    func isDone(after end: SweepEnd) -> Bool { end.maxDelta < theta || end.sweep >= maxSweeps }

    /// Why DP stopped without converging, if it did.
    func capMessage(after end: SweepEnd) -> String? {
        end.maxDelta < theta ? nil : "stopped after \(end.sweep) sweeps with a largest change of \(end.maxDelta) (theta \(theta))"
    }

    /// With gamma = 1 a loop with positive reward makes values grow without bound; no finite
    /// return can exceed what the largest reward earns over this many steps per state.
    static func divergence(values: [Double], gamma: Double, model: Model, method: String) -> String? {
        guard gamma == 1 else { return nil }
        let largest = max(1, model.table?.largestReward ?? model.rewardValues.map(abs).max() ?? 1)
        let bound = largest * Double(model.stateCount) * 1e4
        guard let s = values.indices.first(where: { abs(values[$0]) > bound || !values[$0].isFinite }) else { return nil }
        return "\(method) diverged: V(\(model.name(of: s))) passed \(bound) (with gamma = 1 a loop with positive reward has no finite value); use gamma below 1"
    }
}
