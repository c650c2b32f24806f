import BellmanCore

/// `n` or Enter: the lesson's next caption, and the screen set up for it.
func nextCaption(_ state: inout AppState) -> [Effect] {
    guard let tour = state.tour else { return [] }
    guard tour.step + 1 < tour.lesson.steps.count else {
        return state.say("that was the last step of \(tour.lesson.name); keep exploring, or q to quit")
    }
    state.tour?.step += 1
    return setUpLessonStep(&state)
}

/// Sets the screen up for the lesson's current caption (`update` with `.openLessonStep`).
public func openLessonStep(_ state: inout AppState) -> [Effect] {
    update(&state, .openLessonStep)
}

/// Sets the screen up for the lesson's current caption: its level's scale, speed, step size,
/// method or comparison, then its keys, pressed as the user would press them.
func setUpLessonStep(_ state: inout AppState) -> [Effect] {
    guard let step = state.tour?.current else { return [] }
    var effects: [Effect] = []
    if state.tour?.level == nil { state.tour?.level = state.level }
    if let scale = step.scale, let base = state.tour?.level, base.scaleRefusal(scale) == nil, scale != state.level.scale {
        // The same level K times finer: learning restarts on it.
        state.load(base.scaled(by: scale))
        state.snapshot = Snapshot()
        if step.method == nil && step.compare == nil { effects.append(configure(&state)) }
    }
    if let speed = step.speed {
        // The nearest speed step at or above the one asked for; "max" the last.
        switch speed {
        case .max: state.ticksPerSecond = Ladder.speed.top
        case .ticksPerSecond(let rate): state.ticksPerSecond = Ladder.speed.rung(atLeast: rate)
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
    // Keys that write files or quit are the student's (the parser refuses them; this skips
    // them in a lesson built past it).
    for name in step.keys where Lesson.reservedKeys[name] == nil {
        effects += press(Key(lessonName: name), &state)
    }
    return effects
}

extension Key {
    /// A key as a lesson file names it: a single character, or `space`, `enter`, `tab`,
    /// `esc` and the arrows.
    init(lessonName name: String) {
        switch name {
        case "space": self = .character(" ")
        case "enter": self = .enter
        case "tab": self = .tab
        case "esc": self = .escape
        case "up": self = .up
        case "down": self = .down
        case "left": self = .left
        case "right": self = .right
        default: self = .character(Character(name))
        }
    }
}
