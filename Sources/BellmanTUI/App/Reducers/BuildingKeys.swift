import BellmanCore

/// `b`: build mode on a grid level whose map is its own (not one that changes on schedule).
func toggleBuildMode(_ state: inout AppState) -> [Effect] {
    if state.building {
        state.mode.leaveBuilding()
        return state.say("build mode left after \(state.edits) edit(s); S saves a session with them")
    }
    if let refusal = WorldChange.buildRefusal(on: state.level) { return state.say(refusal) }
    let handedBack = state.driving
    state.mode = .building(comparing: state.compareMethods)
    state.status = "build mode: move the cursor and set its cell; learning goes on with its tables" + (handedBack ? " (you no longer drive)" : "")
    return handedBack ? [.engine(.driverChanged)] : []
}

/// A build-mode key: the cell under the cursor takes a kind or another reward, through the
/// one rule a session replays (`WorldChange`); the engine carries the tables to the edited
/// map, solves the truth again and marks the curve.
func build(_ command: KeyMap.BuildCommand, _ state: inout AppState) -> [Effect] {
    let level = state.level, (row, col) = (state.cursor.row, state.cursor.col)
    let tile = level.cell(row, col)
    let name = Level.cellName(row: row, col: col)
    let edit: CellEdit
    switch command {
    case .writeLevel:
        return [.writeLevel]
    case .set(let kind):
        guard kind != tile.kind else { return state.say("\(name) is already \(kind.rawValue)") }
        // The kind's reward on this level (its first cell of that kind), else the file format's
        // default; a first hole takes the level's worst reward, so that falling in ends the
        // episode without paying less than the way to the goal (on the cliff, -1 would).
        let inGrid = Set(level.grid)
        let used = level.palette.indices.filter { inGrid.contains(UInt16($0)) }.map { level.palette[$0] }
        let worst = used.filter { $0.kind != .wall && $0.kind != .portal }.map(\.reward).min() ?? level.stepReward
        let reward = used.first { $0.kind == kind }?.reward
            ?? (kind == .cliff ? -100 : kind == .hole ? min(worst, level.stepReward) : level.stepReward)
        edit = CellEdit(row: row, col: col, kind: kind, reward: kind == .wall ? 0 : reward)
    case .reward(let up):
        guard tile.kind != .wall, tile.kind != .portal else {
            return state.say("\(name) is a \(tile.kind.rawValue): it has no reward of its own to change")
        }
        guard let new = Ladder.cellReward.step(tile.reward, up: up) else {
            return state.say("\(name)'s reward is already \(Format.parameter(tile.reward)), the end of the ladder")
        }
        edit = CellEdit(row: row, col: col, kind: tile.kind, reward: new)
    }
    let change = WorldChange(cell: edit)
    if let refusal = change.refusal(on: level) { return state.say("\(name) cannot be \(edit.kind): \(refusal)") }
    let edited = change.applied(to: level)
    let model = Model(edited)
    // A method that cannot run on the edited world (gamma = 1 with no way out) refuses it.
    let shown = state.compareMethods == nil ? [state.method] : state.compareEntries.map(\.method)
    for method in shown {
        do { _ = try method.make(model, state.parameters(of: method)) } catch {
            return state.say("\(name) stays \(tile.kind.rawValue): \(method.id) could not learn there (\(error))")
        }
    }
    let said: String
    switch command {
    case .reward: said = "\(name)'s reward \(Format.parameter(tile.reward)) → \(Format.parameter(edit.reward))"
    default: said = "\(name): \(tile.kind.rawValue) → \(edit.kind)" + (edit.kind == CellKind.wall.rawValue ? "" : ", reward \(Format.parameter(edit.reward)) (+ - change it)")
    }
    state.level = edited
    state.model = model
    state.edits += 1
    // A target policy names the states of the world before the edit.
    state.targetPolicy = nil
    state.status = "\(said); the truth is solved again, learning goes on (a new episode starts)"
    return [.engine(.physics(model, change))]
}
