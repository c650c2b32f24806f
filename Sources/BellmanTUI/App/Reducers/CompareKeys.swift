import BellmanCore

/// What compare mode answers a command that acts on one method; `nil`: the command works
/// in compare mode too. The one place compare mode refuses a key.
func compareRefusal(_ command: KeyMap.Command) -> String? {
    switch command {
    case .saveSession: "sessions save one method; C leaves compare mode"
    case .nextMethod: "m picks the next method of one family: C leaves compare mode first"
    case .cycleTargetPolicy: "the target policy is set for one method; C leaves compare mode"
    case .takeOver: "you drive one method: C leaves compare mode first"
    default: nil
    }
}

/// `C`: compare the method each family shows, or leave compare mode. Policy gradient is not
/// among the columns yet: its compare column (pi, the signal) comes with the rest of §13's
/// screen.
func toggleCompare(_ state: inout AppState) -> [Effect] {
    state.compareMethods = state.compareMethods == nil ? Family.offered(on: state.model).filter { $0 != .pg }.map { family in
        state.methodOfFamily[family] ?? Methods.family(family)[0].id
    } : nil
    return [configure(&state)]
}

/// Compare mode: every compared method that has the parameter takes the step, live.
func adjustCompared(_ compared: [String], _ name: ParameterName, up: Bool, _ state: inout AppState) -> [Effect] {
    let methods = compared.compactMap(Methods.named).filter { $0.parameters.contains(name) }
    guard !methods.isEmpty else { return state.say("none of the compared methods has \(name.rawValue) to adjust") }
    for method in methods {
        guard let p = stepped(name, up: up, state.parameters(of: method), &state) else { return [] }
        state.parametersOfMethod[method.id] = p
    }
    state.selectedParameter = name
    state.status = "\(name.rawValue) changed for \(methods.map(\.id).joined(separator: ", "))"
    return [.engine(.compareParameters(state.compareEntries.map(\.parameters)))]
}
