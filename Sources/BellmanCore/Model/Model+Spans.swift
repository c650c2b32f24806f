/// The states in runs, for DP sweeps that read as little memory as a hand-written stencil.
///
/// In an open stretch of a level, consecutive states land a fixed distance away in each
/// direction (one state east, one row south, ...) and earn the same reward per direction.
/// A sweep over such a *stencil run* needs no landing table at all: it reads V at s + offset.
/// Everything else (level edges, walls, portals, wind) is a *general run*, backed up through
/// the landing tables; the states sweeps skip (terminals, and cliff cells, which no agent
/// occupies) form *terminal runs*.
/// The values computed are exactly those of the landing tables: a stencil is only formed
/// where the tables say the same thing.
struct StateRun: Sendable {
    /// States lo ..< hi.
    var lo: Int32
    var hi: Int32
    /// Index into `StateRuns.offsets`/`rewards` (in units of direction slots), or one of
    /// `general` / `terminal`.
    var stencil: Int32

    static let general: Int32 = -1
    static let terminal: Int32 = -2
}

/// All states as runs (see `StateRun`), in order, covering 0 ..< stateCount.
struct StateRuns: Sendable {
    let runs: [StateRun]
    /// Per stencil and direction slot, the landing's distance in states.
    let offsets: [Int32]
    /// Per stencil and direction slot, the reward of the landing.
    let rewards: [Double]

    /// Stencil runs shorter than this stay general: too short to pay for the switch.
    static let shortestStencil = 8

    init(landing: UnsafeBufferPointer<Int32>, rewardIndex: UnsafeBufferPointer<UInt16>, rewardValues: UnsafeBufferPointer<Double>,
         skipping skipped: [Bool], slots: Int, relocate: Int32) {
        let stateCount = skipped.count
        var runs: [StateRun] = []
        var offsets: [Int32] = [], rewards: [Double] = []
        var stencilOf: [[Int32]: Int32] = [:]

        /// Whether every landing of s is a state (not a relocation).
        func staysOnBoard(_ s: Int) -> Bool {
            for d in 0..<slots where landing[s * slots + d] == relocate { return false }
            return true
        }
        /// Whether s and t land the same distance away and earn the same rewards.
        func sameStencil(_ s: Int, _ t: Int) -> Bool {
            for d in 0..<slots {
                let i = s * slots + d, j = t * slots + d
                if landing[i] - Int32(s) != landing[j] - Int32(t) || rewardIndex[i] != rewardIndex[j] { return false }
            }
            return true
        }
        func append(_ lo: Int, _ hi: Int, _ stencil: Int32) {
            if let last = runs.last, last.stencil == stencil, stencil < 0, Int(last.hi) == lo {
                runs[runs.count - 1].hi = Int32(hi)
            } else {
                runs.append(StateRun(lo: Int32(lo), hi: Int32(hi), stencil: stencil))
            }
        }

        var s = 0
        while s < stateCount {
            if skipped[s] { append(s, s + 1, StateRun.terminal); s += 1; continue }
            guard staysOnBoard(s) else { append(s, s + 1, StateRun.general); s += 1; continue }
            var end = s + 1
            while end < stateCount && !skipped[end] && staysOnBoard(end) && sameStencil(s, end) { end += 1 }
            if end - s < Self.shortestStencil {
                append(s, end, StateRun.general)
            } else {
                let key = (0..<slots).map { landing[s * slots + $0] - Int32(s) } + (0..<slots).map { Int32(rewardIndex[s * slots + $0]) }
                let stencil: Int32
                if let known = stencilOf[key] {
                    stencil = known
                } else {
                    stencil = Int32(offsets.count / slots)
                    stencilOf[key] = stencil
                    offsets += key[0..<slots]
                    rewards += key[slots...].map { rewardValues[Int($0)] }
                }
                append(s, end, stencil)
            }
            s = end
        }
        self.runs = runs
        self.offsets = offsets
        self.rewards = rewards
    }

    /// Every state general (or terminal): a model without landing tables.
    init(generalFor isTerminal: [Bool]) {
        var runs: [StateRun] = []
        for (s, terminal) in isTerminal.enumerated() {
            let kind = terminal ? StateRun.terminal : StateRun.general
            if let last = runs.last, last.stencil == kind { runs[runs.count - 1].hi += 1 } else {
                runs.append(StateRun(lo: Int32(s), hi: Int32(s + 1), stencil: kind))
            }
        }
        self.runs = runs.isEmpty ? [StateRun(lo: 0, hi: 0, stencil: StateRun.terminal)] : runs
        offsets = []
        rewards = []
    }

    /// The index of the run holding state s.
    func run(containing s: Int) -> Int {
        var lo = 0, hi = runs.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Int(runs[mid].lo) <= s { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
