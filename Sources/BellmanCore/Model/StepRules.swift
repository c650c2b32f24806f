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
    private func enteringReward(_ cell: Tile) -> Double {
        cell.kind == .portal ? level.stepReward : cell.reward
    }

    private func isOpen(_ row: Int, _ col: Int) -> Bool {
        row >= 0 && row < level.rows && col >= 0 && col < level.cols && level.cell(row, col).kind != .wall
    }
}
