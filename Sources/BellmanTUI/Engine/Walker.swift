import BellmanCore

/// The agent a user drives while DP is on screen: DP learns from the model, not from steps,
/// so this agent only walks, with random numbers of its own (the solver's stay untouched).
struct Walker {
    /// Where it stands; `nil` until its first step puts it on a start.
    private(set) var state: Int?
    private var random: Xoshiro256

    init(seed: UInt64) {
        random = Xoshiro256(seed: seed)
    }

    /// One step with `action` in `model`; `nil` when the action is not one of the state's.
    /// After an episode's last step the walker stands on a new start.
    mutating func take(_ action: Int, in model: Model) -> Transition? {
        let s = state ?? model.sampleStart(using: &random)
        guard !model.isTerminal[s], action >= 0, action < model.actionCount(of: s) else { return nil }
        let step = model.sample(state: s, action: action, using: &random)
        state = step.ends ? model.sampleStart(using: &random) : step.next
        return Transition(state: s, action: action, reward: step.reward, next: step.next, ends: step.ends)
    }

    /// The map changed under it: its place named an old state; its next step starts afresh.
    mutating func leave() {
        state = nil
    }
}
