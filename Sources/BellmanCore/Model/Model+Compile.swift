extension Model {
    /// What a model holds, as one of its two compilers builds it: a grid level's step rules
    /// (`init(grid:)`) or an `[mdp]` level's transitions (`init(table:of:)`).
    struct Compiled {
        var stateCount = 0
        var actionCount = 0
        var cellOfState: [Int32] = []
        var stateOfCell: [Int32] = []
        var kindOfState: [CellKind] = []
        var isTerminal: [Bool] = []
        var isOccupiable: [Bool] = []
        var startStates: [Int32] = []
        var directions: [Direction] = []
        var relocate: Int32 = 0
        // Empty until a compiler gives them buffers the model owns (none allocated here, so
        // none is lost when a compiler replaces them).
        var landing = UnsafeBufferPointer<Int32>(start: nil, count: 0)
        var rewardIndex = UnsafeBufferPointer<UInt16>(start: nil, count: 0)
        var rewardValues = UnsafeBufferPointer<Double>(start: nil, count: 0)
        var mixSlot = UnsafeBufferPointer<Int32>(start: nil, count: 0)
        var mixProbability = UnsafeBufferPointer<Double>(start: nil, count: 0)
        var mixCount = UnsafeBufferPointer<Int32>(start: nil, count: 0)
        var outcomeTermsPerState = 0
        var runs: StateRuns
        var relocates = false
        var table: TransitionTable?
        var plainMoves: PlainMoves?
        var episodeCap = Model.defaultEpisodeCap
    }
}

extension Model.Compiled {
    /// An `[mdp]` level: its transitions in a `TransitionTable`; its layout places the states
    /// on the screen.
    init(table mdp: MDP, of level: Level) {
        runs = StateRuns(generalFor: mdp.terminal)
        stateCount = mdp.stateCount
        actionCount = max(1, mdp.maxActions)
        cellOfState = [Int32](repeating: -1, count: mdp.stateCount)
        stateOfCell = [Int32](repeating: -1, count: level.rows * level.cols)
        for (r, row) in mdp.layout.enumerated() {
            for (c, s) in row.enumerated() where s >= 0 {
                cellOfState[Int(s)] = Int32(r * level.cols + c)
                stateOfCell[r * level.cols + c] = s
            }
        }
        kindOfState = mdp.terminal.map { $0 ? .goal : .floor }
        isTerminal = mdp.terminal
        isOccupiable = mdp.terminal.map { !$0 }
        startStates = mdp.start
        relocate = Int32(mdp.stateCount)
        landing = Model.owned([])
        rewardIndex = Model.owned([])
        rewardValues = Model.owned([0])
        mixSlot = Model.owned([])
        mixProbability = Model.owned([])
        mixCount = Model.owned([])
        table = TransitionTable(mdp)
        episodeCap = level.maxSteps ?? mdp.defaultEpisodeCap ?? Model.defaultEpisodeCap
    }

    /// A grid level, in named steps: its states, the directions and how actions mix them,
    /// then the landing of every (state, direction).
    init(grid level: Level) {
        runs = StateRuns(generalFor: [])
        episodeCap = level.maxSteps ?? Model.defaultEpisodeCap
        actionCount = level.actions.count
        numberStates(of: level)
        mixDirections(of: level)
        land(level)
    }

    /// Every cell that is not a wall is a state. A level whose map changes keeps one set of
    /// states: a cell that is a wall in this map but floor in another is a state no agent
    /// can enter now.
    private mutating func numberStates(of level: Level) {
        let cellCount = level.rows * level.cols
        stateOfCell = [Int32](repeating: -1, count: cellCount)
        cellOfState.reserveCapacity(cellCount)
        let paletteIsWall = level.palette.map { $0.kind == .wall }
        let stateCells = level.stateCells
        for cell in 0..<cellCount where stateCells?[cell] ?? !paletteIsWall[Int(level.grid[cell])] {
            stateOfCell[cell] = Int32(cellOfState.count)
            cellOfState.append(Int32(cell))
        }
        stateCount = cellOfState.count
        relocate = Int32(stateCount)
        kindOfState = cellOfState.map { level.cell(at: Int($0)).kind }
        isTerminal = kindOfState.map(\.isTerminal)
        isOccupiable = kindOfState.map { !$0.isTerminal && $0 != .cliff && $0 != .wall }
        let starts = kindOfState.indices.filter { kindOfState[$0] == .start }
        startStates = (starts.isEmpty ? kindOfState.indices.filter { isOccupiable[$0] } : starts).map { Int32($0) }
    }

    /// The directions that need landings (each action's, plus its perpendiculars when it can
    /// slip), and per action up to three (direction slot, probability) pairs.
    private mutating func mixDirections(of level: Level) {
        var used = Set(level.actions)
        if level.slip > 0 { for action in level.actions { used.formUnion(action.perpendiculars) } }
        directions = Direction.allCases.filter { used.contains($0) }
        let slotOf = Dictionary(uniqueKeysWithValues: directions.enumerated().map { ($1, $0) })
        var slots: [Int32] = [], probabilities: [Double] = [], counts: [Int32] = []
        for action in level.actions {
            var mix: [(Direction, Double)] = [(action, 1)]
            if action != .stay && level.slip > 0 {
                mix = [(action, 1 - level.slip)] + action.perpendiculars.map { ($0, level.slip / 2) }
                mix.removeAll { $0.1 == 0 }
            }
            for k in 0..<3 {
                let (direction, p) = k < mix.count ? mix[k] : mix[0]
                slots.append(Int32(slotOf[direction]!))
                probabilities.append(k < mix.count ? p : 0)
            }
            counts.append(Int32(mix.count))
        }
        mixSlot = Model.owned(slots)
        mixProbability = Model.owned(probabilities)
        mixCount = Model.owned(counts)
        outcomeTermsPerState = counts.reduce(0) { $0 + Int($1) }
    }

    /// The landing (next state or `relocate`, and reward) of every (state, direction), then
    /// what the fast paths make of them: plain moves and the DP stencil runs.
    private mutating func land(_ level: Level) {
        var values: [Double] = [0]
        var slotOfReward: [Double: UInt16] = [0: 0]
        func index(of reward: Double) -> UInt16 {
            if let i = slotOfReward[reward] { return i }
            let i = UInt16(values.count)
            values.append(reward)
            slotOfReward[reward] = i
            return i
        }
        let slots = directions.count
        var landings = [Int32](repeating: 0, count: stateCount * slots)
        var rewards = [UInt16](repeating: 0, count: stateCount * slots)
        let rules = StepRules(level: level)
        for s in 0..<stateCount {
            for (d, direction) in directions.enumerated() {
                let i = s * slots + d
                if isTerminal[s] {
                    landings[i] = Int32(s)  // never read: terminal states are not backed up or left
                    continue
                }
                let step = rules.land(from: Int(cellOfState[s]), direction)
                landings[i] = level.cell(at: step.cell).kind == .cliff ? relocate : stateOfCell[step.cell]
                rewards[i] = index(of: step.reward)
            }
        }
        landing = Model.owned(landings)
        rewardIndex = Model.owned(rewards)
        rewardValues = Model.owned(values)
        relocates = landings.contains(relocate)
        plainMoves = Model.plainMoves(landing: landing, rewardIndex: rewardIndex, rewardValues: rewardValues,
                                      mixSlot: mixSlot, mixCount: mixCount, isTerminal: isTerminal, slots: slots,
                                      actionCount: level.actions.count, relocate: relocate, starts: startStates)
        runs = StateRuns(landing: landing, rewardIndex: rewardIndex, rewardValues: rewardValues,
                         skipping: isOccupiable.map { !$0 }, slots: slots, relocate: relocate)
    }
}
