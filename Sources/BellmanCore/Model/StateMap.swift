/// How the states of a grid's model before an edit of its map (build mode, DESIGN §9) are
/// the states after it: by cell. A cell that stays a state keeps what was learned there; a
/// new state (a wall made floor, a goal made floor) starts at `init`; a removed one (made a
/// wall) is dropped; a state made terminal has value 0.
public struct StateMap: Sendable {
    public let old: Model
    public let new: Model
    /// The new state of each old one; -1 where its cell is no longer a state.
    private let newOfOld: [Int32]
    /// The old state whose values each new state keeps; -1 where it starts afresh.
    private let carriedFrom: [Int32]

    /// Two models of the same grid (same rows and columns).
    public init(from old: Model, to new: Model) {
        self.old = old
        self.new = new
        newOfOld = old.cellOfState.map { cell in new.state(atCell: Int(cell)).map(Int32.init) ?? -1 }
        carriedFrom = (0..<new.stateCount).map { s in
            guard !new.isTerminal[s], let o = old.state(atCell: Int(new.cellOfState[s])), !old.isTerminal[o] else { return -1 }
            return Int32(o)
        }
    }

    /// The state an old one is now, if its cell is still one.
    public func state(_ old: Int) -> Int? {
        let s = newOfOld[old]
        return s < 0 ? nil : Int(s)
    }

    /// The old state whose values new state `s` keeps, if any.
    public func carried(_ s: Int) -> Int? {
        let o = carriedFrom[s]
        return o < 0 ? nil : Int(o)
    }

    /// V over the new states.
    func values(_ V: [Double], initial: Double) -> [Double] {
        (0..<new.stateCount).map { s in carried(s).map { V[$0] } ?? (new.isTerminal[s] ? 0 : initial) }
    }

    /// A table of `width` entries per state (Q, counts, weights), `fill` (or `terminal` on a
    /// terminal state) where a state starts afresh.
    func table<T>(_ old: [T], width: Int, fill: T, terminal: T) -> [T] {
        var table: [T] = []
        table.reserveCapacity(new.stateCount * width)
        for s in 0..<new.stateCount {
            if let o = carried(s) {
                table += old[o * width ..< (o + 1) * width]
            } else {
                table += repeatElement(new.isTerminal[s] ? terminal : fill, count: width)
            }
        }
        return table
    }

    /// Q over the new states: what each kept state learned, `initial` on a new one.
    func actionValues(_ Q: ActionValueTable, initial: Double) -> ActionValueTable {
        var fresh = ActionValueTable(model: new, initial: initial)
        fresh.values = table(Q.values, width: Q.actionCount, fill: initial, terminal: 0)
        return fresh
    }
}
