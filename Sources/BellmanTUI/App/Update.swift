import BellmanCore

/// Something the app asks its runtime to do.
public enum Effect: Sendable {
    case engine(EngineCommand)
    /// Load a bundled level by name; the runtime answers with `.levelLoaded` or `.levelFailed`.
    case loadLevel(String)
    /// Write the current screen, values and curves to files (the runtime knows where).
    case export
    /// Save the session (level, method, parameters, seed, learned state) to the runtime's file.
    case saveSession
    /// Write the target policy (`t`) as a policy file beside the exports.
    case savePolicy
    /// Build mode: write the edited level as a level file beside the exports.
    case writeLevel
    case quit
}

/// Everything that can change the app's state.
public enum AppEvent: Sendable {
    /// The playground opened: build the first solver.
    case start
    /// The playground opened on a saved session: build the solver with the session's initial
    /// parameters and replay its ticks and parameter changes.
    case startSession(Session)
    case input(InputEvent)
    case snapshot(Snapshot)
    case levelLoaded(Level)
    case levelFailed(String)
    /// The open level file changed on disk and parsed: learning restarts on it, parameters kept.
    case levelReloaded(Level)
    /// The open level file changed on disk but does not parse: the last good level goes on.
    case levelReloadFailed(String)
    /// What an effect did (an export, a save, a recording that stopped): said on the status line.
    case reported(String)
    /// The level was written (`w`) with this many edits in it: they are saved.
    case levelWritten(String, edits: Int)
    /// A lesson is under way: set the screen up for its current caption.
    case openLessonStep
}

/// The one path by which the state changes: pure, so tests drive it with key sequences.
public func update(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
    let effects = reduce(&state, event)
    let layout = Layout(state)
    state.scroll = layout.scroll(keeping: state.cursor, from: state.scroll, rows: state.level.rows, cols: state.level.cols)
    count(effects, &state)
    return effects
}

/// Counts the engine commands sent, so a snapshot can say whether it has seen them all.
/// Done once per event reaching the runtime.
private func count(_ effects: [Effect], _ state: inout AppState) {
    state.commandsSent += effects.reduce(0) { count, effect in
        if case .engine = effect { return count + 1 }
        return count
    }
}

/// `update` without its bookkeeping: each event to the code that owns it.
private func reduce(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
    switch event {
    case .start:
        // The speed the panel shows is the speed asked for, from the first frame.
        return [.engine(.speed(state.speed)), configure(&state)]
    case .startSession(let session):
        return openSession(session, &state)
    case .snapshot(let snapshot):
        receive(snapshot, &state)
        return []
    case .levelLoaded(let level):
        return openLevel(level, &state)
    case .levelReloaded(let level):
        return reopenLevel(level, &state)
    case .reported(let message), .levelFailed(let message):
        return state.say(message)
    case .levelWritten(let message, let edits):
        state.editsWritten = edits
        return state.say(message)
    case .levelReloadFailed(let message):
        // The first problem, with its FILE:LINE:COL; the last good level keeps running.
        return state.say((message.split(separator: "\n").first.map(String.init) ?? message) + " (still running the last good version)")
    case .input(.resize(let width, let height)):
        state.width = width
        state.height = height
        return []
    case .input(.mouse(let x, let y)):
        guard state.overlay == .none, let cell = Layout(state).cell(atX: x, y: y, scroll: state.scroll),
              cell.row < state.level.rows, cell.col < state.level.cols else { return [] }
        state.cursor = cell
        return []
    case .input(.key(let key)):
        return press(key, &state)
    case .openLessonStep:
        return setUpLessonStep(&state)
    }
}

/// A fresh solver for the current level, method and parameters (learning restarts); in
/// compare mode, fresh solvers for every compared method.
func configure(_ state: inout AppState) -> Effect {
    state.running = false
    state.status = nil
    // A comparison is never driven (`Mode`); a method that cannot learn from steps takes the agent back.
    if state.driving, state.method.driving != .learns && state.method.driving != .walks {
        state.mode.stopDriving()
        if case .refused(let reason) = state.method.driving {
            state.status = "the method drives again: \(state.method.id) cannot learn from your steps (\(reason))"
        }
    }
    if state.compareMethods != nil { return .engine(.compare(state.model, state.compareEntries)) }
    return .engine(.configure(state.model, state.method, state.parameters))
}

extension AppState {
    /// Says `message` on the status line, and does nothing else: the one way a key that cannot
    /// do its job tells the user why (and how an event reports what an effect did).
    mutating func say(_ message: String) -> [Effect] {
        status = message
        return []
    }
}
