/// Eligibility traces over a table of n entries (states, or state-action pairs), with the
/// list of entries whose trace is not zero, so "for all s: V(s) += alpha delta e(s);
/// e(s) <- gamma lambda e(s)" costs the active entries, not the whole table.
///
/// A trace that decays below `negligible` is dropped: its update would be below 1e-12 of
/// alpha delta, far under what is printed or plotted.
struct EligibilityTraces: Sendable {
    static let negligible = 1e-12
    private(set) var trace: [Double]
    private var active: [Int32] = []
    private var isActive: [Bool]

    init(count: Int) {
        trace = Array(repeating: 0, count: count)
        isActive = Array(repeating: false, count: count)
    }

    /// e(i) <- e(i) + 1 (accumulating), or e(i) <- 1 (replacing).
    mutating func visit(_ i: Int, replacing: Bool) {
        trace[i] = replacing ? 1 : trace[i] + 1
        if !isActive[i] {
            isActive[i] = true
            active.append(Int32(i))
        }
    }

    /// For every entry with a trace: values(i) += step * e(i), then e(i) <- decay * e(i).
    /// Returns the number of values updated.
    mutating func update(_ values: inout [Double], step: Double, decay: Double) -> Int {
        values.withUnsafeMutableBufferPointer { update($0.baseAddress!, step: step, decay: decay) }
    }

    /// The same through a pointer (a kernel's local table). Not inlined into a kernel's loop:
    /// there, reached through a pointer to the traces, every write would check the arrays'
    /// uniqueness again (3x slower); here the checks leave the loop.
    @inline(never)
    mutating func update(_ values: UnsafeMutablePointer<Double>, step: Double, decay: Double) -> Int {
        var kept = 0
        let updated = active.count
        for k in 0..<active.count {
            let i = Int(active[k])
            values[i] += step * trace[i]
            trace[i] *= decay
            if trace[i] > Self.negligible || trace[i] < -Self.negligible {
                active[kept] = active[k]
                kept += 1
            } else {
                trace[i] = 0
                isActive[i] = false
            }
        }
        active.removeLast(active.count - kept)
        return updated
    }

    /// e <- 0, at the start of an episode.
    mutating func clear() {
        for i in active { trace[Int(i)] = 0; isActive[Int(i)] = false }
        active.removeAll(keepingCapacity: true)
    }
}
