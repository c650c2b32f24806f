import BellmanCore

/// `t`: the target policy of the state under the cursor takes its next choice (random, each
/// action in turn, random again); prediction methods go on learning toward its values, and the
/// truth is solved again for it.
func cycleTargetPolicy(_ state: inout AppState) -> [Effect] {
    guard state.method.isPrediction else {
        let prediction = Methods.all.filter(\.isPrediction).map(\.id).joined(separator: ", ")
        return state.say("t sets the target policy of prediction methods (\(prediction)); \(state.method.id) learns its own")
    }
    let model = state.model
    guard let s = state.cursorState, !model.isTerminal[s] else {
        return state.say("t sets the policy of the state under the cursor; move it to a state with actions")
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

/// `T`: the target policy written as a policy file, for `--policy`.
func saveTargetPolicy(_ state: inout AppState) -> [Effect] {
    guard state.method.isPrediction else {
        return state.say("T saves the target policy of a prediction method (t sets it); \(state.method.id) learns its own (X exports it)")
    }
    return [.savePolicy]
}
