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
    /// What an effect did (an export, a save): said on the status line.
    case reported(String)
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
/// Done once per event reaching the runtime: a lesson step's keys are not counted twice.
private func count(_ effects: [Effect], _ state: inout AppState) {
    state.commandsSent += effects.reduce(0) { count, effect in
        if case .engine = effect { return count + 1 }
        return count
    }
}

/// `update` without its bookkeeping, for events raised inside another (a lesson's keys).
private func reduce(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
    var effects: [Effect]
    switch event {
    case .start:
        // The speed the panel shows is the speed asked for, from the first frame.
        effects = [.engine(.speed(state.speed)), configure(&state)]
    case .startSession(let session):
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
        effects = [.engine(.speed(state.speed)), .engine(.configure(configured, state.method, session.initialParameters)),
                   .engine(.replay(session.replayOrder, worlds: worlds, ticks: session.ticks))]
        state.status = "loaded the session: \(session.ticks) ticks of \(session.method) on \(session.level.id)"
    case .snapshot(let snapshot):
        // A snapshot of the level before a switch can arrive after it: its arrays do not fit.
        // One of another map of this level (its map changes on schedule) is the world now.
        if let model = snapshot.model, model !== state.model {
            guard model.level.schedule.count > 1, model.level.schedule == state.level.schedule,
                  model.stateCount == state.model.stateCount, model.level.id == state.level.id else { return [] }
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
        return []
    case .levelLoaded(let level):
        state.load(level)
        state.snapshot = Snapshot()
        state.overlay = .none
        state.status = nil
        effects = [configure(&state)]
    case .reported(let message):
        state.status = message
        return []
    case .levelFailed(let message):
        state.status = message
        return []
    case .levelReloaded(let level):
        state.reload(level)
        state.snapshot = Snapshot()
        state.overlay = .none
        effects = [configure(&state)]
        state.status = "reloaded \(level.file); learning restarts, parameters kept"
    case .levelReloadFailed(let message):
        // The first problem, with its FILE:LINE:COL; the last good level keeps running.
        state.status = (message.split(separator: "\n").first.map(String.init) ?? message) + " (still running the last good version)"
        return []
    case .input(.resize(let width, let height)):
        state.width = width
        state.height = height
        effects = []
    case .input(.mouse(let x, let y)):
        guard state.overlay == .none, let cell = Layout(state).cell(atX: x, y: y, scroll: state.scroll),
              cell.row < state.level.rows, cell.col < state.level.cols else { return [] }
        state.cursor = cell
        effects = []
    case .input(.key(let key)):
        effects = handle(key, &state)
    }
    return effects
}

/// A fresh solver for the current level, method and parameters (learning restarts); in
/// compare mode, fresh solvers for every compared method.
func configure(_ state: inout AppState) -> Effect {
    state.running = false
    state.status = nil
    if state.driving, state.compareMethods != nil || state.method.driving != .learns && state.method.driving != .walks {
        state.driving = false
        if case .refused(let reason) = state.method.driving, state.compareMethods == nil {
            state.status = "the method drives again: \(state.method.id) cannot learn from your steps (\(reason))"
        }
    }
    if state.compareMethods != nil { return .engine(.compare(state.model, state.compareEntries)) }
    return .engine(.configure(state.model, state.method, state.parameters))
}

private func handle(_ key: Key, _ state: inout AppState) -> [Effect] {
    switch state.overlay {
    case .help:
        state.overlay = .none
        return []
    case .levels(let selected):
        return pickLevel(key, selected, &state)
    case .none:
        break
    }
    state.status = nil
    if state.building, let command = KeyMap.buildCommand(for: key) { return build(command, &state) }
    if state.driving, let effects = drive(key, &state) { return effects }
    guard let command = KeyMap.command(for: key) else { return [] }
    let isDP = state.method.family == .dp
    switch command {
    case .runPause:
        state.running.toggle()
        return [.engine(state.running ? .run : .pause)]
    case .tick:
        state.running = false
        return [.engine(.step(.tick))]
    case .episode:
        if isDP {
            state.status = "DP has no episodes: it sweeps the model. w runs one sweep."
            return []
        }
        state.running = false
        return [.engine(.step(.episode))]
    case .sweep:
        if !isDP {
            state.status = "\(state.method.family.title) learns from episodes, not sweeps: e runs one episode."
            return []
        }
        state.running = false
        return [.engine(.step(.sweep))]
    case .export:
        return [.export]
    case .slip(let up):
        return changePhysics(slip: true, up: up, &state)
    case .stepReward(let up):
        return changePhysics(slip: false, up: up, &state)
    case .cycleTargetPolicy:
        return cycleTargetPolicy(&state)
    case .saveTargetPolicy:
        guard state.method.isPrediction else {
            state.status = "T saves the target policy of a prediction method (t sets it); \(state.method.id) learns its own (X exports it)"
            return []
        }
        return [.savePolicy]
    case .saveSession:
        guard state.compareMethods == nil else {
            state.status = "sessions save one method; C leaves compare mode"
            return []
        }
        if state.targetPolicy != nil {
            state.status = "a session cannot hold a target policy yet: T saves the policy as a file, for --policy"
            return []
        }
        return [.saveSession]
    case .nextCaption:
        guard let lesson = state.lesson else { return [] }
        guard state.lessonStep + 1 < lesson.steps.count else {
            state.status = "that was the last step of \(lesson.name); keep exploring, or q to quit"
            return []
        }
        state.lessonStep += 1
        return lessonStepEffects(&state)
    case .back(let size):
        // Rewind: back one tick, to the episode's start, or one sweep; stepping forward again
        // replays the same random numbers.
        // Compare mode goes back one round whichever key.
        if state.compareMethods == nil, size == .episode && isDP || size == .sweep && !isDP {
            state.status = isDP ? "DP has no episodes: W goes back one sweep." : "\(state.method.family.title) has no sweeps: E goes back to the episode's start."
            return []
        }
        state.running = false
        return [.engine(.back(size))]
    case .faster:
        state.speedIndex = min(state.speedIndex + 1, AppState.speeds.count - 1)
        return [.engine(.speed(state.speed))]
    case .slower:
        state.speedIndex = max(state.speedIndex - 1, 0)
        return [.engine(.speed(state.speed))]
    case .compare:
        // Compare the method each family shows, or leave compare mode.
        state.compareMethods = state.compareMethods == nil ? Family.allCases.map { family in
            state.methodOfFamily[family] ?? Methods.family(family)[0].id
        } : nil
        return [configure(&state)]
    case .family(let family):
        let left = state.compareMethods != nil
        state.compareMethods = nil
        state.family = family
        fitView(&state)
        let effect = configure(&state)
        if left { state.status = "compare mode left for \(state.method.id) (C compares again)" }
        return [effect]
    case .nextMethod:
        guard state.compareMethods == nil else {
            state.status = "m picks the next method of one family: C leaves compare mode first"
            return []
        }
        let methods = Methods.family(state.family)
        let index = methods.firstIndex { $0.id == state.method.id } ?? 0
        state.methodOfFamily[state.family] = methods[(index + 1) % methods.count].id
        fitView(&state)
        return [configure(&state)]
    case .nextView:
        // Q drawn per direction needs directions: grids only.
        let views = ValueView.allCases.filter { $0 != .actionValues || state.method.learnsQ && state.model.isGrid }
        let index = views.firstIndex(of: state.view) ?? 0
        state.view = views[(index + 1) % views.count]
        state.zoom = nil
        return []
    case .reset:
        return [configure(&state)]
    case .moveCursor(let rows, let cols):
        state.cursor.row = min(max(0, state.cursor.row + rows), state.level.rows - 1)
        state.cursor.col = min(max(0, state.cursor.col + cols), state.level.cols - 1)
    case .pickLevel:
        state.overlay = .levels(selected: state.levelNames.firstIndex(of: state.level.id) ?? 0)
    case .help:
        state.overlay = .help
    case .quit:
        state.quitRequested = true
        return [.engine(.pause), .quit]
    case .takeOver:
        if state.building { state.building = false }
        return takeOver(&state)
    case .build:
        return toggleBuildMode(&state)
    case .zoomIn:
        state.zoom = max(0, (state.zoom ?? currentSizeIndex(state)) - 1)
    case .zoomOut:
        let count = state.view == .actionValues ? Layout.actionCellSizes.count : Layout.cellSizes.count
        state.zoom = min(count - 1, (state.zoom ?? currentSizeIndex(state)) + 1)
    case .nextParameter:
        let adjustable = adjustableParameters(state.method)
        guard !adjustable.isEmpty else { return [] }
        let index = adjustable.firstIndex(of: state.selectedParameter) ?? -1
        state.selectedParameter = adjustable[(index + 1) % adjustable.count]
    case .adjustPicked(let up):
        return adjust(state.selectedParameter, up: up, &state)
    case .adjust(let name, let up):
        return adjust(name, up: up, &state)
    }
    return []
}

private func currentSizeIndex(_ state: AppState) -> Int {
    let layout = Layout(state)
    let sizes = state.view == .actionValues ? Layout.actionCellSizes : Layout.cellSizes
    return sizes.firstIndex { $0.width == layout.cellWidth && $0.height == layout.cellHeight } ?? 0
}

/// Q-per-action makes no sense for a method that learns only V.
private func fitView(_ state: inout AppState) {
    if state.view == .actionValues && !state.method.learnsQ { state.view = .value }
    let adjustable = adjustableParameters(state.method)
    if !adjustable.contains(state.selectedParameter), let first = adjustable.first { state.selectedParameter = first }
}

private func pickLevel(_ key: Key, _ selected: Int, _ state: inout AppState) -> [Effect] {
    let count = state.levelNames.count
    switch key {
    case .up: state.overlay = .levels(selected: (selected - 1 + count) % max(count, 1))
    case .down: state.overlay = .levels(selected: (selected + 1) % max(count, 1))
    case .enter:
        guard selected < count else { return [] }
        state.overlay = .none
        return [.loadLevel(state.levelNames[selected])]
    case .escape, .character("L"), .character("q"):
        state.overlay = .none
    default: break
    }
    return []
}

/// `t`: the target policy of the state under the cursor takes its next choice (random, each
/// action in turn, random again); prediction methods go on learning toward its values, and the
/// truth is solved again for it.
private func cycleTargetPolicy(_ state: inout AppState) -> [Effect] {
    guard state.compareMethods == nil else {
        state.status = "the target policy is set for one method; C leaves compare mode"
        return []
    }
    guard state.method.isPrediction else {
        let prediction = Methods.all.filter(\.isPrediction).map(\.id).joined(separator: ", ")
        state.status = "t sets the target policy of prediction methods (\(prediction)); \(state.method.id) learns its own"
        return []
    }
    let model = state.model
    guard let s = state.cursorState, !model.isTerminal[s] else {
        state.status = "t sets the policy of the state under the cursor; move it to a state with actions"
        return []
    }
    var policy = state.targetPolicy ?? TargetPolicy.random(for: model)
    policy.cycle(s, model: model)
    if policy.file.isEmpty { policy.file = "set in the playground" }
    state.targetPolicy = policy.chosenStates(model: model).isEmpty ? nil : policy
    let p = state.parameters
    let choice = policy.action(in: s, model: model).map { model.actionName(s, $0) } ?? "random"
    state.status = "target policy at \(model.name(of: s)): \(choice); the truth is now its V (T saves the policy)"
    return [.engine(.parameters(p))]
}

/// The parameters the playground lets the user change live for a method, in panel order.
public func adjustableParameters(_ method: MethodInfo) -> [ParameterName] {
    [.alpha, .epsilon, .gamma, .lambda].filter { method.parameters.contains($0) }
}

/// The values `[` and `]` step through.
private let ladders: [ParameterName: [Double]] = [
    .alpha: [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    .epsilon: [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1],
    .gamma: [0.5, 0.8, 0.9, 0.95, 0.99, 1],
    .lambda: [0, 0.2, 0.5, 0.8, 0.9, 0.95, 1],
]

/// Moves a parameter one step along its ladder. All change live, gamma too: learning goes on
/// toward the new discount's values, the truth is solved again and the error curve marks it.
private func adjust(_ name: ParameterName, up: Bool, _ state: inout AppState) -> [Effect] {
    if let compared = state.compareMethods {
        // Compare mode: every compared method that has the parameter takes the step, live.
        let methods = compared.compactMap(Methods.named).filter { $0.parameters.contains(name) }
        guard !methods.isEmpty else {
            state.status = "none of the compared methods has \(name.rawValue) to adjust"
            return []
        }
        for method in methods {
            guard let p = stepped(name, up: up, state.parameters(of: method), &state) else { return [] }
            state.parametersOfMethod[method.id] = p
        }
        state.selectedParameter = name
        state.status = "\(name.rawValue) changed for \(methods.map(\.id).joined(separator: ", "))"
        return [.engine(.compareParameters(state.compareEntries.map(\.parameters)))]
    }
    let method = state.method
    guard method.parameters.contains(name) else {
        state.status = "\(method.id) has no \(name.rawValue) to adjust"
        return []
    }
    state.selectedParameter = name
    guard let p = stepped(name, up: up, state.parameters, &state) else { return [] }
    state.parametersOfMethod[method.id] = p
    return [.engine(.parameters(p))]
}

/// `p` with one parameter one step along its ladder, or nil (and the reason in the status).
private func stepped(_ name: ParameterName, up: Bool, _ p: Parameters, _ state: inout AppState) -> Parameters? {
    guard let ladder = ladders[name] else { return nil }
    var p = p
    func step(_ value: Double) -> Double {
        up ? (ladder.first { $0 > value + 1e-12 } ?? value) : (ladder.last { $0 < value - 1e-12 } ?? value)
    }
    switch name {
    case .alpha:
        // Monte Carlo starts with sample averages; adjusting switches to a constant step.
        p.alpha = step(p.alpha ?? (up ? 0 : 1.01))
    case .epsilon: p.epsilon = step(p.epsilon)
    case .gamma: p.gamma = step(p.gamma)
    case .lambda: p.lambda = step(p.lambda)
    default: return nil
    }
    // The ladders stay inside the ranges; the shared rule has the last word all the same.
    do { try ParameterRules.check(p) } catch {
        state.status = "\(error)"
        return nil
    }
    return p
}

/// Sets the screen up for the lesson's current caption: its method or comparison, then its keys,
/// pressed as the user would press them.
public func openLessonStep(_ state: inout AppState) -> [Effect] {
    let effects = lessonStepEffects(&state)
    count(effects, &state)
    return effects
}

private func lessonStepEffects(_ state: inout AppState) -> [Effect] {
    guard let lesson = state.lesson, lesson.steps.indices.contains(state.lessonStep) else { return [] }
    let step = lesson.steps[state.lessonStep]
    var effects: [Effect] = []
    if state.lessonLevel == nil { state.lessonLevel = state.level }
    if let scale = step.scale, let base = state.lessonLevel, base.scaleRefusal(scale) == nil, scale != state.level.scale {
        // The same level K times finer: learning restarts on it.
        state.load(base.scaled(by: scale))
        state.snapshot = Snapshot()
        if step.method == nil && step.compare == nil { effects.append(configure(&state)) }
    }
    if let speed = step.speed {
        // The nearest speed step at or above the one asked for; "max" the last.
        switch speed {
        case .max: state.speedIndex = AppState.speeds.count - 1
        case .ticksPerSecond(let rate):
            state.speedIndex = AppState.speeds.firstIndex { ($0 ?? .infinity) >= rate } ?? AppState.speeds.count - 1
        }
        effects.append(.engine(.speed(state.speed)))
    }
    if let alpha = step.alpha {
        let shown = (step.compare ?? [step.method ?? state.method.id]).compactMap(Methods.named)
        for method in shown where method.parameters.contains(.alpha) {
            var p = state.parameters(of: method)
            p.alpha = alpha
            state.parametersOfMethod[method.id] = p
        }
    }
    if let id = step.method, let method = Methods.named(id) {
        state.compareMethods = nil
        state.family = method.family
        state.methodOfFamily[method.family] = id
        effects.append(configure(&state))
    }
    if let ids = step.compare {
        state.compareMethods = ids
        effects.append(configure(&state))
    }
    if step.alpha != nil && step.method == nil && step.compare == nil {
        // No new solver to take it: change the running ones live.
        effects.append(state.compareMethods == nil ? .engine(.parameters(state.parameters))
                       : .engine(.compareParameters(state.compareEntries.map(\.parameters))))
    }
    for name in step.keys where Lesson.reservedKeys[name] == nil {
        let key: Key
        switch name {
        case "space": key = .character(" ")
        case "enter": key = .enter
        case "tab": key = .tab
        case "esc": key = .escape
        case "up": key = .up
        case "down": key = .down
        case "left": key = .left
        case "right": key = .right
        default: key = .character(Character(name))
        }
        effects += reduce(&state, .input(.key(key)))
    }
    return effects
}

/// Live physics: `d`/`D` lower or raise the slip, `o`/`O` the step reward. The model is
/// compiled again with the new dynamics; learning goes on in the changed world (DP resumes
/// sweeping from its values), the DP truth is solved again in the background, and the error
/// curve marks the moment.
private func changePhysics(slip: Bool, up: Bool, _ state: inout AppState) -> [Effect] {
    guard state.model.isGrid else {
        state.status = "slip and step reward belong to grid levels; \(state.level.kind) has its own dynamics (g/G still changes gamma)"
        return []
    }
    func step(_ ladder: [Double], _ value: Double) -> Double {
        up ? (ladder.first { $0 > value + 1e-12 } ?? value) : (ladder.last { $0 < value - 1e-12 } ?? value)
    }
    let level = state.level
    let change: WorldChange
    let said: String
    if slip {
        let new = step([0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1], level.slip)
        guard new != level.slip else { state.status = "slip is already \(Format.parameter(level.slip))"; return [] }
        change = WorldChange(slip: new)
        said = "slip \(Format.parameter(level.slip)) → \(Format.parameter(new))"
    } else {
        let new = step([-10, -5, -2, -1, -0.5, -0.2, -0.1, 0, 0.1, 0.5, 1], level.stepReward)
        guard new != level.stepReward else { state.status = "step reward is already \(Format.parameter(level.stepReward))"; return [] }
        change = WorldChange(stepReward: new)
        said = "step reward \(Format.parameter(level.stepReward)) → \(Format.parameter(new))"
    }
    state.level = change.applied(to: level)
    state.model = Model(state.level)
    state.status = "\(said): the model is compiled again and the truth re-solved; learning goes on in the new world"
    return [.engine(.physics(state.model, change))]
}

// MARK: - You drive

/// `h`: the user takes the agent over (the solver pauses; each arrow is one tick with that
/// action), or hands it back.
private func takeOver(_ state: inout AppState) -> [Effect] {
    if state.driving {
        state.driving = false
        state.status = "the method drives again: space runs it, . steps it"
        return [.engine(.driverChanged)]
    }
    guard state.compareMethods == nil else {
        state.status = "you drive one method: C leaves compare mode first"
        return []
    }
    let keys = state.model.isGrid ? "arrows choose each action" : "← → pick an action, Enter takes it"
    switch state.method.driving {
    case .refused(let reason):
        state.status = "\(state.method.id) cannot learn from your steps: \(reason)"
        return []
    case .walks:
        state.status = "you walk the agent: \(keys); DP learns from the model, not from steps, so nothing is learned"
    case .learns:
        state.status = "you drive: \(keys); \(state.method.id) learns from your steps as from its own (h hands back)"
    }
    state.driving = true
    state.running = false
    state.drivePick = 0
    return [.engine(.driverChanged)]
}

/// A key while the user drives: the effects, or `nil` for a key that keeps its usual meaning.
private func drive(_ key: Key, _ state: inout AppState) -> [Effect]? {
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
            state.status = "this level has no \(direction.id) action; its actions: \(state.level.actions.map(\.id).joined(separator: " "))"
            return []
        }
        return [.engine(.drive(action))]
    }
    switch key {
    case .left, .up:
        state.drivePick = (min(state.drivePick, actions - 1) - 1 + actions) % max(actions, 1)
        return []
    case .right, .down:
        state.drivePick = (min(state.drivePick, actions - 1) + 1) % max(actions, 1)
        return []
    case .enter:
        guard actions > 0 else { return [] }
        let action = min(state.drivePick, actions - 1)
        state.drivePick = 0
        return [.engine(.drive(action))]
    default:
        return refuseWhileDriving(key, &state)
    }
}

/// The method does not run while the user drives; `.`, `e` and `w` still step it (after a
/// rewind, `.` takes your driven steps again).
private func refuseWhileDriving(_ key: Key, _ state: inout AppState) -> [Effect]? {
    switch KeyMap.command(for: key) {
    case .runPause?:
        state.status = "you are driving: h hands the agent back to the method first"
        return []
    default:
        return nil
    }
}

// MARK: - Build mode

/// `b`: build mode on a grid level whose map is its own (not one that changes on schedule).
private func toggleBuildMode(_ state: inout AppState) -> [Effect] {
    if state.building {
        state.building = false
        state.status = "build mode left after \(state.edits) edit(s); S saves a session with them"
        return []
    }
    if let refusal = WorldChange.buildRefusal(on: state.level) {
        state.status = refusal
        return []
    }
    let handedBack = state.driving
    state.driving = false
    state.building = true
    state.status = "build mode: move the cursor and set its cell; learning goes on with its tables" + (handedBack ? " (you no longer drive)" : "")
    return handedBack ? [.engine(.driverChanged)] : []
}

/// The rewards `+` and `-` step a cell's reward through.
private let rewardLadder: [Double] = [-100, -10, -5, -2, -1, -0.5, -0.1, 0, 0.1, 0.5, 1, 2, 5, 10, 100]

/// A build-mode key: the cell under the cursor takes a kind or another reward, through the
/// one rule a session replays (`WorldChange`); the engine carries the tables to the edited
/// map, solves the truth again and marks the curve.
private func build(_ command: KeyMap.BuildCommand, _ state: inout AppState) -> [Effect] {
    let level = state.level, (row, col) = (state.cursor.row, state.cursor.col)
    let tile = level.cell(row, col)
    let name = Level.cellName(row: row, col: col)
    let edit: CellEdit
    switch command {
    case .writeLevel:
        return [.writeLevel]
    case .set(let kind):
        guard kind != tile.kind else {
            state.status = "\(name) is already \(kind.rawValue)"
            return []
        }
        // The kind's reward on this level (its first cell of that kind), else the file format's default.
        let reward = level.palette.first { $0.kind == kind }?.reward ?? (kind == .cliff ? -100 : level.stepReward)
        edit = CellEdit(row: row, col: col, kind: kind, reward: kind == .wall ? 0 : reward)
    case .reward(let up):
        guard tile.kind != .wall, tile.kind != .portal else {
            state.status = "\(name) is a \(tile.kind.rawValue): it has no reward of its own to change"
            return []
        }
        let new = up ? rewardLadder.first { $0 > tile.reward + 1e-12 } : rewardLadder.last { $0 < tile.reward - 1e-12 }
        guard let new else {
            state.status = "\(name)'s reward is already \(Format.parameter(tile.reward)), the end of the ladder"
            return []
        }
        edit = CellEdit(row: row, col: col, kind: tile.kind, reward: new)
    }
    let change = WorldChange(cell: edit)
    if let refusal = change.refusal(on: level) {
        state.status = "\(name) cannot be \(edit.kind): \(refusal)"
        return []
    }
    let edited = change.applied(to: level)
    let model = Model(edited)
    // A method that cannot run on the edited world (gamma = 1 with no way out) refuses it.
    let shown = state.compareMethods == nil ? [state.method] : state.compareEntries.map(\.method)
    for method in shown {
        do { _ = try method.make(model, state.parameters(of: method)) } catch {
            state.status = "\(name) stays \(tile.kind.rawValue): \(method.id) could not learn there (\(error))"
            return []
        }
    }
    let said: String
    switch command {
    case .reward: said = "\(name)'s reward \(Format.parameter(tile.reward)) → \(Format.parameter(edit.reward))"
    default: said = "\(name): \(tile.kind.rawValue) → \(edit.kind)"
    }
    state.level = edited
    state.model = model
    state.edits += 1
    if state.targetPolicy != nil {
        state.targetPolicy = nil
    }
    state.status = "\(said); the truth is solved again, learning goes on (a new episode starts)"
    return [.engine(.physics(model, change))]
}
