/// The solver thread's memory of the past, for rewinding.
///
/// A tick changes more than the table entry it updates: the random generator, the agent's
/// position, eligibility traces, an episode's memory, Dyna's model. So the past is kept as
/// *checkpoints* (a copy of the learning states every so often: before each step
/// asked for while paused, and at most ten times a second while running) and the ticks in
/// between are *replayed*: the solvers are deterministic given their state, so replaying
/// from a checkpoint reproduces every tick exactly, with the same random numbers, and
/// stepping forward again from a rewound point gives the same future.
///
/// The copies share unchanged arrays with the live state (copy on write) and are bounded by
/// a memory budget; the oldest go first, and the snapshot says so.
struct History {
    struct Checkpoint {
        var ticks: Int
        /// One per method: compare mode's lanes, or the one method.
        var lanes: [LearningState]
        var bytes: Int
    }

    private(set) var checkpoints: [Checkpoint] = []
    /// Ticks at which an episode or a sweep ended, for "back one episode / sweep".
    private(set) var boundaries: [Int] = []
    /// The furthest tick reached (the present, when not rewound).
    private(set) var head = 0
    private(set) var bytes = 0
    /// Set when old checkpoints were dropped to stay within the budget.
    private(set) var dropped = false
    let budget: Int

    /// 32 MB by default: minutes of stepping, seconds of running flat out on a large level.
    init(budget: Int = 32 << 20) { self.budget = budget }

    /// The oldest tick that can be returned to.
    var oldest: Int? { checkpoints.first?.ticks }

    mutating func reached(_ ticks: Int) { head = max(head, ticks) }

    /// Episode and sweep ends remembered: running flat out on a small level ends a million
    /// episodes a second, so only the latest are kept (older jumps go to the oldest checkpoint).
    static let maxBoundaries = 1 << 16

    mutating func noteBoundary(at ticks: Int) {
        guard ticks > (boundaries.last ?? -1) else { return }
        if boundaries.count >= Self.maxBoundaries { boundaries.removeFirst(boundaries.count / 2) }
        boundaries.append(ticks)
    }

    /// The latest episode or sweep end before `ticks`.
    func boundary(before ticks: Int) -> Int? {
        var lo = 0, hi = boundaries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if boundaries[mid] < ticks { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? boundaries[lo - 1] : nil
    }

    /// Keeps `lanes` as the state at `ticks` (once per tick count).
    mutating func keep(_ lanes: [LearningState], at ticks: Int, bytes size: Int) {
        if let i = checkpoints.lastIndex(where: { $0.ticks <= ticks }), checkpoints[i].ticks == ticks { return }
        let at = checkpoints.firstIndex { $0.ticks > ticks } ?? checkpoints.count
        checkpoints.insert(Checkpoint(ticks: ticks, lanes: lanes, bytes: size), at: at)
        bytes += size
        while bytes > budget && checkpoints.count > 1 {
            bytes -= checkpoints.removeFirst().bytes
            dropped = true
            if let first = oldest { boundaries.removeAll { $0 < first } }
        }
    }

    /// The latest checkpoint at or before `ticks`.
    func checkpoint(atOrBefore ticks: Int) -> Checkpoint? {
        checkpoints.last { $0.ticks <= ticks }
    }

    /// The future beyond `ticks` will not happen (a parameter changed there): forget it.
    mutating func forget(after ticks: Int) {
        while let last = checkpoints.last, last.ticks > ticks { bytes -= checkpoints.removeLast().bytes }
        boundaries.removeAll { $0 > ticks }
        head = ticks
    }
}
