import BellmanCore

/// A key, as the user presses it: the overlay on screen takes it, else the mode's own keys,
/// else the command the key map gives it. A lesson's keys are pressed through here too, as
/// the user would press them.
func press(_ key: Key, _ state: inout AppState) -> [Effect] {
    if state.overlay != .none { return pressOnOverlay(key, &state) }
    state.status = nil
    let discardArmed = state.discardArmed
    state.discardArmed = false
    switch state.mode {
    case .building:
        if let command = KeyMap.buildCommand(for: key) { return build(command, &state) }
    case .driving:
        if let effects = drive(key, &state) { return effects }
    case .normal, .comparing:
        break
    }
    guard let command = KeyMap.command(for: key) else { return [] }
    // `h` leaves build mode, whether or not the agent can be handed over.
    if command == .takeOver { state.mode.leaveBuilding() }
    if state.compareMethods != nil, let refusal = compareRefusal(command) { return state.say(refusal) }
    if command == .pickLevel, state.unsavedEdits > 0, !discardArmed {
        // Another level drops the edits: the first L asks, the second goes on.
        state.discardArmed = true
        let n = state.unsavedEdits
        return state.say("\(n) unsaved cell edit\(n == 1 ? "" : "s"): w in build mode (b) writes the level; L again drops \(n == 1 ? "it" : "them") and picks a level")
    }
    return carryOut(command, &state)
}

/// A command of the key map, in whichever mode it reached.
private func carryOut(_ command: KeyMap.Command, _ state: inout AppState) -> [Effect] {
    switch command {
    case .runPause, .tick, .episode, .sweep, .back:
        return step(command, &state)
    case .faster, .slower:
        state.ticksPerSecond = Ladder.speed.step(state.ticksPerSecond, up: command == .faster) ?? state.ticksPerSecond
        return [.engine(.speed(state.speed))]
    case .export:
        return [.export]
    case .slip(let up):
        return changePhysics(slip: true, up: up, &state)
    case .stepReward(let up):
        return changePhysics(slip: false, up: up, &state)
    case .cycleTargetPolicy:
        return cycleTargetPolicy(&state)
    case .saveTargetPolicy:
        return saveTargetPolicy(&state)
    case .saveSession:
        if state.targetPolicy != nil {
            return state.say("a session cannot hold a target policy yet: T saves the policy as a file, for --policy")
        }
        return [.saveSession]
    case .nextCaption:
        return nextCaption(&state)
    case .compare:
        return toggleCompare(&state)
    case .family(let family):
        return chooseFamily(family, &state)
    case .nextMethod:
        let methods = Methods.family(state.family)
        let index = methods.firstIndex { $0.id == state.method.id } ?? 0
        state.methodOfFamily[state.family] = methods[(index + 1) % methods.count].id
        fitView(&state)
        return [configure(&state)]
    case .reset:
        return [configure(&state)]
    case .nextView, .moveCursor, .zoomIn, .zoomOut:
        look(command, &state)
        return []
    case .pickLevel:
        if state.levelAbouts.isEmpty {
            for name in state.levelNames { state.levelAbouts[name] = (try? LevelCatalog.load(name))?.about ?? "" }
        }
        state.overlay = .levels(selected: state.levelNames.firstIndex(of: state.level.id) ?? 0)
        return []
    case .help:
        state.overlay = .help(page: 0)
        return []
    case .quit:
        state.quitRequested = true
        return [.engine(.pause), .quit]
    case .takeOver:
        return takeOver(&state)
    case .build:
        return toggleBuildMode(&state)
    case .nextParameter, .adjustPicked, .adjust:
        return adjustParameter(command, &state)
    }
}

/// Run, pause, one tick, episode or sweep forward, or back.
private func step(_ command: KeyMap.Command, _ state: inout AppState) -> [Effect] {
    let isDP = state.method.family == .dp
    switch command {
    case .runPause:
        state.running.toggle()
        return [.engine(state.running ? .run : .pause)]
    case .episode where isDP:
        return state.say("DP has no episodes: it sweeps the model. w runs one sweep.")
    case .sweep where !isDP:
        return state.say("\(state.method.family.title) learns from episodes, not sweeps: e runs one episode.")
    case .back(let size):
        // Rewind: back one tick, to the episode's start, or one sweep; stepping forward again
        // replays the same random numbers. Compare mode goes back one round whichever key.
        if state.compareMethods == nil, size == .episode && isDP || size == .sweep && !isDP {
            return state.say(isDP ? "DP has no episodes: W goes back one sweep." : "\(state.method.family.title) has no sweeps: E goes back to the episode's start.")
        }
        state.running = false
        return [.engine(.back(size))]
    default:
        state.running = false
        let size: StepSize = command == .tick ? .tick : command == .episode ? .episode : .sweep
        return [.engine(.step(size))]
    }
}

/// `1` `2` `3`: the family's method on screen (a comparison is left for it).
private func chooseFamily(_ family: Family, _ state: inout AppState) -> [Effect] {
    guard Family.offered(on: state.model).contains(family) else {
        return state.say("the Bandit methods run on a bandit (one state whose arms end the episode): L opens ten-armed-testbed")
    }
    let left = state.compareMethods != nil
    state.compareMethods = nil
    state.family = family
    fitView(&state)
    let effect = configure(&state)
    if left { state.status = "compare mode left for \(state.method.id) (C compares again)" }
    return [effect]
}

/// What the grid shows and where: the view, the cursor, the zoom.
private func look(_ command: KeyMap.Command, _ state: inout AppState) {
    switch command {
    case .nextView:
        let views = state.offeredViews
        let index = views.firstIndex(of: state.view) ?? 0
        state.view = views[(index + 1) % views.count]
        state.zoom = nil
    case .moveCursor(let rows, let cols):
        state.cursor.row = min(max(0, state.cursor.row + rows), state.level.rows - 1)
        state.cursor.col = min(max(0, state.cursor.col + cols), state.level.cols - 1)
    case .zoomIn:
        state.zoom = max(0, (state.zoom ?? currentSizeIndex(state)) - 1)
    case .zoomOut:
        let count = state.view == .actionValues ? Layout.actionCellSizes.count : Layout.cellSizes.count
        state.zoom = min(count - 1, (state.zoom ?? currentSizeIndex(state)) + 1)
    default:
        break
    }
}

private func currentSizeIndex(_ state: AppState) -> Int {
    let layout = Layout(state)
    let sizes = state.view == .actionValues ? Layout.actionCellSizes : Layout.cellSizes
    return sizes.firstIndex { $0.width == layout.cellWidth && $0.height == layout.cellHeight } ?? 0
}

/// Another method is on screen: Q-per-action makes no sense for a method that learns only V,
/// and `[` `]` start on its step size, the parameter a student tries first (else the one
/// selected, where the method has it).
func fitView(_ state: inout AppState) {
    if !state.offeredViews.contains(state.view) { state.view = .value }
    let adjustable = adjustableParameters(state.method)
    if adjustable.contains(.alpha) {
        state.selectedParameter = .alpha
    } else if !adjustable.contains(state.selectedParameter), let first = adjustable.first {
        state.selectedParameter = first
    }
}
