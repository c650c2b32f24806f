import BellmanCore

/// The playground opened on a saved session: the solver built with the session's initial
/// parameters, its ticks and changes replayed.
func openSession(_ session: Session, _ state: inout AppState) -> [Effect] {
    state.running = false
    // The session's world changes, each compiled once here: the engine learns in these
    // models, and the screen draws the last.
    let configured = state.model
    var worlds: [Model] = []
    for case .world(let change) in session.replayOrder {
        state.level = change.applied(to: state.level)
        state.model = Model(state.level)
        worlds.append(state.model)
        if change.cell != nil { state.edits += 1 }
    }
    state.status = "loaded the session: \(session.ticks) ticks of \(session.method) on \(session.level.id)"
    return [.engine(.speed(state.speed)), .engine(.configure(configured, state.method, session.initialParameters)),
            .engine(.replay(session.replayOrder, worlds: worlds, ticks: session.ticks))]
}

/// What the engine shows now.
func receive(_ snapshot: Snapshot, _ state: inout AppState) {
    // A snapshot of the level before a switch can arrive after it: its arrays do not fit.
    // One of another map of this level (its map changes on schedule) is the world now.
    if let model = snapshot.model, model !== state.model {
        guard model.level.schedule.count > 1, model.level.schedule == state.level.schedule,
              model.stateCount == state.model.stateCount, model.level.id == state.level.id else { return }
        state.level = model.level
        state.model = model
    }
    state.snapshot = snapshot
    if snapshot.acknowledged >= state.commandsSent { state.running = snapshot.running }
    // Driving, the cursor is where the agent is: the panel shows the values you act on.
    if state.driving, let agent = snapshot.agent, agent < state.model.stateCount {
        let (row, col) = state.model.position(of: agent)
        if row >= 0 { state.cursor = GridPosition(row: row, col: col) }
    }
}

/// A level picked with `L`: its defaults, learning from scratch.
func openLevel(_ level: Level, _ state: inout AppState) -> [Effect] {
    state.load(level)
    state.snapshot = Snapshot()
    state.overlay = .none
    return [configure(&state)]
}

/// The open level's file changed on disk and parsed: learning restarts, parameters kept.
func reopenLevel(_ level: Level, _ state: inout AppState) -> [Effect] {
    state.reload(level)
    state.snapshot = Snapshot()
    state.overlay = .none
    let effect = configure(&state)
    state.status = "reloaded \(level.file); learning restarts, parameters kept"
    return [effect]
}
