/// A level compiled once into flat arrays: the exact dynamics every solver reads.
///
/// The dynamics of DESIGN §2 factor by direction: walls, wind and portals are deterministic
/// for a given (state, direction), and slip only mixes the outcomes of the aimed direction and
/// its two perpendiculars. So the model stores one *landing* (next state and reward) per
/// (state, direction) and, per action, the few (direction, probability) pairs that mix them.
/// A landing on a cliff is the `relocate` pseudo-state: "a start cell, uniformly".
///
/// DP takes expectations over exactly these arrays and sampling draws from them, so planning
/// and experience can never disagree about the world. The model is immutable once compiled;
/// it is a class so that every solver and snapshot shares the one copy of its arrays, and the
/// dynamics the solvers' inner loops read live in buffers it owns, read without bounds
/// checks or reference counting (hence `@unchecked Sendable`: nothing is written after init).
public final class Model: @unchecked Sendable {
    /// The level this model was compiled from.
    public let level: Level
    /// The state at a row-major cell; `nil` for a wall, including a cell that is a state only
    /// in another map of a level whose map changes on schedule.
    public func state(atCell cell: Int) -> Int? {
        let s = Int(stateOfCell[cell])
        return s < 0 || kindOfState[s] == .wall ? nil : s
    }

    /// Number of states: every cell that is not a wall.
    public let stateCount: Int
    /// Number of actions, in the level's order.
    public let actionCount: Int
    /// Row-major cell index of each state.
    public let cellOfState: [Int32]
    /// State of each row-major cell; -1 for walls.
    public let stateOfCell: [Int32]
    /// Kind of each state's cell.
    public let kindOfState: [CellKind]
    /// Goal and hole states: value 0, episodes end on entering.
    public let isTerminal: [Bool]
    /// States an agent can occupy: not terminal and not a cliff (the states error is measured on).
    public let isOccupiable: [Bool]
    /// Where episodes start (uniformly) and where a cliff sends the agent.
    public let startStates: [Int32]
    /// States that look alike (DESIGN §13, `[mdp] look_alike`): per state, the state a
    /// learner takes it for; `nil` when every state is seen as itself.
    public let observation: [Int32]?

    /// The directions that have landings (actions and, with slip, their perpendiculars).
    public let directions: [Direction]
    /// The pseudo-state index of "relocated to a start cell" (== stateCount).
    public let relocate: Int32

    /// Landing state per (state, direction slot): `landing[s * directions.count + d]`.
    let landing: UnsafeBufferPointer<Int32>
    /// Reward per (state, direction slot), as an index into `rewardValues`.
    let rewardIndex: UnsafeBufferPointer<UInt16>
    /// The distinct rewards of the level.
    let rewardValues: UnsafeBufferPointer<Double>
    /// Per action, up to three (slot, probability) pairs: `mixSlot[a * 3 + k]`.
    let mixSlot: UnsafeBufferPointer<Int32>
    let mixProbability: UnsafeBufferPointer<Double>
    let mixCount: UnsafeBufferPointer<Int32>
    /// The number of p(s', r | s, a) terms a backup over all actions of one state reads.
    let outcomeTermsPerState: Int
    /// The states in stencil, general and terminal runs, for fast DP sweeps.
    let runs: StateRuns
    /// Some landing is a relocation (the level has a cliff that can be entered).
    let relocates: Bool
    /// The dynamics of a model that is not a grid (DESIGN §6); `nil` for a grid, whose
    /// dynamics are the landing tables above.
    let table: TransitionTable?
    /// The same dynamics as one lookup per step, on a grid whose moves are plain (see
    /// `PlainMoves`); `nil` otherwise.
    let plainMoves: PlainMoves?
    /// `table != nil`, tested on the hot paths without taking a reference to the table (a
    /// retain and release per sampled step cost the grid's Q-learning 6%).
    let isTable: Bool

    /// The episode cap for sample-based methods: the level's `max_steps`, or the model's own
    /// (Jack's car rental: 100 days), or 1,000 on a model where some state cannot reach a
    /// terminal (DESIGN §6.1), or `defaultEpisodeCap`. Set once, in init.
    public private(set) var episodeCap: Int

    /// Episode cap when a level gives no `max_steps`.
    public static let defaultEpisodeCap = 10_000

    /// The row and column of a state on the screen; (-1, -1) for a state of an `[mdp]`
    /// level that its layout leaves out.
    public func position(of state: Int) -> (row: Int, col: Int) {
        let cell = Int(cellOfState[state])
        guard cell >= 0 else { return (-1, -1) }
        return (cell / level.cols, cell % level.cols)
    }

    /// The name used for a state in explanations and messages: `r3c4` on a grid, the state's
    /// id on other models (`13,2,usable`).
    public func name(of state: Int) -> String {
        if let mdp = level.mdp { return mdp.states[state] }
        let (row, col) = position(of: state)
        return Level.cellName(row: row, col: col)
    }

    /// The state named `name` (a grid's "r3c0", a model's own id), if the level has it.
    public func state(named name: String) -> Int? { (0..<stateCount).first { self.name(of: $0) == name } }

    /// What a refusal says of a state name the level lacks.
    public var statesAreNamed: String {
        "not a state of \(level.id)\(level.mdp == nil ? " (grid states are named r{row}c{col}, e.g. r3c0)" : "")"
    }

    /// The direction of an action (grids only).
    public func direction(of action: Int) -> Direction { level.actions[action] }

    /// The name of action a in state s: a direction's id on a grid (`N`), the action's name
    /// on other models (`hit`, a stake).
    public func actionName(_ s: Int, _ a: Int) -> String {
        guard let table else { return level.actions[a].id }
        return table.actionNames[Int(table.pairStart[s]) + a]
    }

    /// The (state, available action) pairs of the model.
    public var pairCount: Int { table.map { Int($0.pairStart[stateCount]) } ?? (0..<stateCount).filter { !isTerminal[$0] }.count * actionCount }

    /// A grid, with directions as actions (arrows, per-direction views, live slip and step
    /// reward); otherwise a model of DESIGN §6, whose actions have names.
    public var isGrid: Bool { !isTable }

    /// What marks action a of state s where a grid draws its arrow: the arrow, or the action's
    /// name (a stake, a number of cars moved, H or S for hit and stick).
    public func actionMark(_ s: Int, _ a: Int) -> String {
        guard isTable else { return String(level.actions[a].arrow) }
        let name = actionName(s, a)
        return name == "hit" ? "H" : name == "stick" ? "S" : name
    }

    /// The actions available in state s (0 ..< this); every action on a grid.
    @inline(__always)
    public func actionCount(of s: Int) -> Int {
        isTable ? table.unsafelyUnwrapped.actionCount(s) : actionCount
    }

    /// p(s', r | s, a) terms read by backing up the states of `states` over all their actions
    /// (`count` of them not terminal): DP's model reads.
    @inline(__always)
    func outcomeTerms(in states: Range<Int>, count: Int) -> Int {
        guard let table else { return count * outcomeTermsPerState }
        return table.termsBefore[states.upperBound] - table.termsBefore[states.lowerBound]
    }

    /// Compiles a level's step rules (DESIGN §2) into landings per (state, direction), or an
    /// `[mdp]` level's transitions into a `TransitionTable` (see `Model+Compile.swift`).
    public convenience init(_ level: Level) {
        self.init(level, level.mdp.map { Compiled(table: $0, of: level) } ?? Compiled(grid: level))
        // A model some state of which cannot reach a terminal gets a short cap (DESIGN §6.1).
        if let mdp = level.mdp, level.maxSteps == nil, mdp.defaultEpisodeCap == nil, stateWithoutTerminal() != nil {
            episodeCap = 1_000
        }
    }

    private init(_ level: Level, _ compiled: Compiled) {
        self.level = level
        stateCount = compiled.stateCount
        actionCount = compiled.actionCount
        cellOfState = compiled.cellOfState
        stateOfCell = compiled.stateOfCell
        kindOfState = compiled.kindOfState
        isTerminal = compiled.isTerminal
        isOccupiable = compiled.isOccupiable
        startStates = compiled.startStates
        observation = level.mdp?.observation
        directions = compiled.directions
        relocate = compiled.relocate
        landing = compiled.landing
        rewardIndex = compiled.rewardIndex
        rewardValues = compiled.rewardValues
        mixSlot = compiled.mixSlot
        mixProbability = compiled.mixProbability
        mixCount = compiled.mixCount
        outcomeTermsPerState = compiled.outcomeTermsPerState
        runs = compiled.runs
        relocates = compiled.relocates
        table = compiled.table
        plainMoves = compiled.plainMoves
        isTable = compiled.table != nil
        episodeCap = compiled.episodeCap
    }

    deinit {
        landing.deallocate()
        rewardIndex.deallocate()
        rewardValues.deallocate()
        mixSlot.deallocate()
        mixProbability.deallocate()
        mixCount.deallocate()
        if let plainMoves {
            plainMoves.next.deallocate()
            plainMoves.isTerminal.deallocate()
            plainMoves.rewards?.deallocate()
        }
    }

    /// A buffer owned by the model holding a copy of `array` (freed in deinit).
    static func owned<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
        _ = buffer.initialize(from: array)
        return UnsafeBufferPointer(rebasing: buffer[0..<array.count])
    }
}

extension Model {
    /// State s as a learner sees it: the first state of its look-alike group.
    @inline(__always)
    public func observed(_ s: Int) -> Int { observation.map { Int($0[s]) } ?? s }

    /// A learner's table (rows of `width` per state) as the true states show it: each state
    /// gets the row of the state it is taken for.
    public func shownByState<T>(_ table: [T], width: Int) -> [T] {
        guard let observation else { return table }
        var shown = table
        for s in 0..<stateCount where Int(observation[s]) != s {
            let from = Int(observation[s]) * width, to = s * width
            for k in 0..<width { shown[to + k] = table[from + k] }
        }
        return shown
    }
}
