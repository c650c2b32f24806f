import BellmanCore

/// `h`: the user takes the agent over (the solver pauses; each arrow is one tick with that
/// action), or hands it back.
func takeOver(_ state: inout AppState) -> [Effect] {
    if state.driving {
        state.mode.stopDriving()
        state.status = "the method drives again: space runs it, . steps it"
        return [.engine(.driverChanged)]
    }
    let keys = state.model.isGrid ? "arrows choose each action" : "← → pick an action, Enter takes it"
    switch state.method.driving {
    case .refused(let reason):
        return state.say("\(state.method.id) cannot learn from your steps: \(reason)")
    case .walks:
        state.status = "you walk the agent: \(keys); DP learns from the model, not from steps, so nothing is learned"
    case .learns:
        state.status = "you drive: \(keys); \(state.method.id) learns from your steps as from its own (h hands back)"
    }
    state.mode = .driving(pick: 0)
    state.running = false
    return [.engine(.driverChanged)]
}

/// A key while the user drives: the effects, or `nil` for a key that keeps its usual meaning.
func drive(_ key: Key, _ state: inout AppState) -> [Effect]? {
    let model = state.model
    let here = state.snapshot.agent ?? model.startStates.first.map(Int.init) ?? 0
    let actions = here < model.stateCount ? model.actionCount(of: here) : 0
    if model.isGrid {
        let direction: Direction
        switch key {
        case .up: direction = .n
        case .down: direction = .s
        case .left: direction = .w
        case .right: direction = .e
        default: return refuseWhileDriving(key, &state)
        }
        guard let action = state.level.actions.firstIndex(of: direction) else {
            return state.say("this level has no \(direction.id) action; its actions: \(state.level.actions.map(\.id).joined(separator: " "))")
        }
        return [.engine(.drive(action))]
    }
    let pick = min(state.drivePick, actions - 1)
    switch key {
    case .left, .up:
        state.mode = .driving(pick: (pick - 1 + actions) % max(actions, 1))
        return []
    case .right, .down:
        state.mode = .driving(pick: (pick + 1) % max(actions, 1))
        return []
    case .enter:
        guard actions > 0 else { return [] }
        state.mode = .driving(pick: 0)
        return [.engine(.drive(pick))]
    default:
        return refuseWhileDriving(key, &state)
    }
}

/// The method does not run while the user drives; `.`, `e` and `w` still step it (after a
/// rewind, `.` takes your driven steps again).
private func refuseWhileDriving(_ key: Key, _ state: inout AppState) -> [Effect]? {
    guard KeyMap.command(for: key) == .runPause else { return nil }
    return state.say("you are driving: h hands the agent back to the method first")
}
