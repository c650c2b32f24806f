extension Model {
    /// Compiles a level's step rules (DESIGN §2) into landings per (state, direction).
    public init(_ level: Level) {
        self.level = level
        let cellCount = level.rows * level.cols
        var stateOfCell = [Int32](repeating: -1, count: cellCount)
        var cellOfState: [Int32] = []
        cellOfState.reserveCapacity(cellCount)
        let paletteIsWall = level.palette.map { $0.kind == .wall }
        for cell in 0..<cellCount where !paletteIsWall[Int(level.grid[cell])] {
            stateOfCell[cell] = Int32(cellOfState.count)
            cellOfState.append(Int32(cell))
        }
        let stateCount = cellOfState.count
        self.stateCount = stateCount
        self.cellOfState = cellOfState
        self.stateOfCell = stateOfCell
        self.actionCount = level.actions.count
        self.relocate = Int32(stateCount)

        let kindOfState = cellOfState.map { level.cell(at: Int($0)).kind }
        let isTerminal = kindOfState.map(\.isTerminal)
        let isOccupiable = kindOfState.map { !$0.isTerminal && $0 != .cliff }
        let starts = kindOfState.indices.filter { kindOfState[$0] == .start }
        self.kindOfState = kindOfState
        self.isTerminal = isTerminal
        self.isOccupiable = isOccupiable
        self.startStates = (starts.isEmpty ? kindOfState.indices.filter { isOccupiable[$0] } : starts).map { Int32($0) }

        // Directions that need landings: each action's, plus its perpendiculars when it can slip.
        var used = Set(level.actions)
        if level.slip > 0 { for action in level.actions { used.formUnion(action.perpendiculars) } }
        let directions = Direction.allCases.filter { used.contains($0) }
        self.directions = directions
        let slotOf = Dictionary(uniqueKeysWithValues: directions.enumerated().map { ($1, $0) })

        var mixSlot: [Int32] = [], mixProbability: [Double] = [], mixCount: [Int32] = []
        for action in level.actions {
            var mix: [(Direction, Double)] = [(action, 1)]
            if action != .stay && level.slip > 0 {
                mix = [(action, 1 - level.slip)] + action.perpendiculars.map { ($0, level.slip / 2) }
                mix.removeAll { $0.1 == 0 }
            }
            for k in 0..<3 {
                let (direction, p) = k < mix.count ? mix[k] : mix[0]
                mixSlot.append(Int32(slotOf[direction]!))
                mixProbability.append(k < mix.count ? p : 0)
            }
            mixCount.append(Int32(mix.count))
        }
        self.mixSlot = mixSlot
        self.mixProbability = mixProbability
        self.mixCount = mixCount

        var rewardValues: [Double] = [0]
        var rewardSlot: [Double: UInt16] = [0: 0]
        func index(of reward: Double) -> UInt16 {
            if let i = rewardSlot[reward] { return i }
            let i = UInt16(rewardValues.count)
            rewardValues.append(reward)
            rewardSlot[reward] = i
            return i
        }
        let slots = directions.count
        var landing = [Int32](repeating: 0, count: stateCount * slots)
        var rewardIndex = [UInt16](repeating: 0, count: stateCount * slots)
        let rules = StepRules(level: level)
        for s in 0..<stateCount {
            for (d, direction) in directions.enumerated() {
                let i = s * slots + d
                if isTerminal[s] {
                    landing[i] = Int32(s)  // never read: terminal states are not backed up or left
                    continue
                }
                let step = rules.land(from: Int(cellOfState[s]), direction)
                landing[i] = level.cell(at: step.cell).kind == .cliff ? relocate : stateOfCell[step.cell]
                rewardIndex[i] = index(of: step.reward)
            }
        }
        self.landing = landing
        self.rewardIndex = rewardIndex
        self.rewardValues = rewardValues
    }
}

/// The step rules of DESIGN §2 for one (cell, direction), before slip is mixed in.
struct StepRules {
    let level: Level

    /// Where one move ends and what it earns. `cell` is the landed cell (a cliff cell when
    /// the move falls off the cliff; the compiler turns that into a relocation).
    func land(from origin: Int, _ direction: Direction) -> (cell: Int, reward: Double) {
        let here = level.cell(at: origin)
        // 1. On a portal: jump, whatever the action; no slip, wind or cliff rule.
        if here.kind == .portal, let target = here.portalTarget { return (target, here.reward) }

        let cols = level.cols
        var row = origin / cols, col = origin % cols
        // 3. Move one cell; off the grid or into a wall the agent stays (blocked).
        var blocked = false
        if direction != .stay {
            let (dr, dc) = direction.delta
            if isOpen(row + dr, col + dc) { row += dr; col += dc } else { blocked = true }
        }
        // 4. Wind of the origin's column, one cell at a time, stopping before a wall or the edge.
        let push = level.wind.isEmpty ? 0 : level.wind[origin % cols]
        let towards = push > 0 ? -1 : 1
        for _ in 0..<min(abs(push), level.rows) {
            guard isOpen(row + towards, col) else { break }
            row += towards
        }
        let landed = row * cols + col
        // 6. Reward: a bump only if blocked and the wind left the agent on its origin cell.
        if blocked && landed == origin { return (landed, level.bumpReward) }
        return (landed, enteringReward(level.cell(at: landed)))
    }

    /// Entering a portal earns step_reward: its own `reward` is paid on the jump.
    private func enteringReward(_ cell: Cell) -> Double {
        cell.kind == .portal ? level.stepReward : cell.reward
    }

    private func isOpen(_ row: Int, _ col: Int) -> Bool {
        row >= 0 && row < level.rows && col >= 0 && col < level.cols && level.cell(row, col).kind != .wall
    }
}
