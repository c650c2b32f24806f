import BellmanCore

/// The parameters the playground lets the user change live for a method, in panel order.
public func adjustableParameters(_ method: MethodInfo) -> [ParameterName] {
    [.alpha, .epsilon, .gamma, .lambda].filter { method.parameters.contains($0) }
}

/// `Tab` picks a parameter; `[` `]` step the picked one, `a A p P g G` a named one.
func adjustParameter(_ command: KeyMap.Command, _ state: inout AppState) -> [Effect] {
    switch command {
    case .nextParameter:
        let adjustable = adjustableParameters(state.method)
        guard !adjustable.isEmpty else { return [] }
        let index = adjustable.firstIndex(of: state.selectedParameter) ?? -1
        state.selectedParameter = adjustable[(index + 1) % adjustable.count]
        return []
    case .adjustPicked(let up):
        return adjust(state.selectedParameter, up: up, &state)
    case .adjust(let name, let up):
        return adjust(name, up: up, &state)
    default:
        return []
    }
}

/// Moves a parameter one step along its ladder. All change live, gamma too: learning goes on
/// toward the new discount's values, the truth is solved again and the error curve marks it.
private func adjust(_ name: ParameterName, up: Bool, _ state: inout AppState) -> [Effect] {
    if let compared = state.compareMethods { return adjustCompared(compared, name, up: up, &state) }
    let method = state.method
    guard method.parameters.contains(name) else { return state.say("\(method.id) has no \(name.rawValue) to adjust") }
    state.selectedParameter = name
    guard let p = stepped(name, up: up, state.parameters, &state) else { return [] }
    state.parametersOfMethod[method.id] = p
    return [.engine(.parameters(p))]
}

/// `p` with one parameter one step along its ladder, or nil (and the reason in the status).
func stepped(_ name: ParameterName, up: Bool, _ p: Parameters, _ state: inout AppState) -> Parameters? {
    var p = p
    func step(_ value: Double, _ ladder: Ladder) -> Double { ladder.step(value, up: up) ?? value }
    switch name {
    case .alpha:
        // Monte Carlo starts with sample averages; adjusting switches to a constant step.
        p.alpha = step(p.alpha ?? (up ? 0 : 1.01), .alpha)
    case .epsilon: p.epsilon = step(p.epsilon, .epsilon)
    case .gamma: p.gamma = step(p.gamma, .gamma)
    case .lambda: p.lambda = step(p.lambda, .lambda)
    default: return nil
    }
    // The ladders stay inside the ranges; the shared rule has the last word all the same.
    do { try ParameterRules.check(p) } catch {
        state.status = "\(error)"
        return nil
    }
    return p
}
