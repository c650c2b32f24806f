import BellmanCore

/// Live physics: `d`/`D` lower or raise the slip, `o`/`O` the step reward. The model is
/// compiled again with the new dynamics; learning goes on in the changed world (DP resumes
/// sweeping from its values), the DP truth is solved again in the background, and the error
/// curve marks the moment.
func changePhysics(slip: Bool, up: Bool, _ state: inout AppState) -> [Effect] {
    guard state.model.isGrid else {
        return state.say("slip and step reward belong to grid levels; \(state.level.kind) has its own dynamics (g/G still changes gamma)")
    }
    let level = state.level
    let change: WorldChange
    let said: String
    if slip {
        guard let new = Ladder.slip.step(level.slip, up: up) else { return state.say("slip is already \(Format.parameter(level.slip))") }
        change = WorldChange(slip: new)
        said = "slip \(Format.parameter(level.slip)) → \(Format.parameter(new))"
    } else {
        guard let new = Ladder.stepReward.step(level.stepReward, up: up) else {
            return state.say("step reward is already \(Format.parameter(level.stepReward))")
        }
        change = WorldChange(stepReward: new)
        said = "step reward \(Format.parameter(level.stepReward)) → \(Format.parameter(new))"
    }
    state.level = change.applied(to: level)
    state.model = Model(state.level)
    state.status = "\(said): the model is compiled again and the truth re-solved; learning goes on in the new world"
    return [.engine(.physics(state.model, change))]
}
