/// A change of a grid level's dynamics while learning goes on (the playground's live
/// physics): a new slip, a new step reward, or both, from a tick on.
///
/// One rule for what a change does to a level, used by the playground when the key is
/// pressed and by a session when it is replayed, so that both reach the same world.
public struct WorldChange: Sendable, Equatable, Codable {
    /// The tick the change took effect at (the solver had taken this many ticks).
    public var tick: Int
    public var slip: Double?
    public var stepReward: Double?

    public init(tick: Int = 0, slip: Double? = nil, stepReward: Double? = nil) {
        self.tick = tick
        self.slip = slip
        self.stepReward = stepReward
    }

    /// The level after the change: every cell and bump that earned the old step reward
    /// earns the new one.
    public func applied(to level: Level) -> Level {
        var level = level
        if let slip { level.slip = slip }
        if let new = stepReward {
            let old = level.stepReward
            for i in level.palette.indices where level.palette[i].reward == old { level.palette[i].reward = new }
            if level.bumpReward == old { level.bumpReward = new }
            level.stepReward = new
        }
        return level
    }

    /// What is wrong with the change by the rules a level file's `slip` and `step_reward`
    /// follow, as (key, message) pairs.
    func problems() -> [(key: String, message: String)] {
        var found: [(String, String)] = []
        if let slip, !(slip >= 0 && slip <= 1) { found.append(("slip", "slip \(slip) is out of range; valid: a number with 0 <= slip <= 1")) }
        if let stepReward, !(abs(stepReward) <= LevelParser.maxReward) {
            found.append(("step_reward", "step_reward \(stepReward) is out of range; valid: \(LevelParser.rewardRange)"))
        }
        if slip == nil && stepReward == nil { found.append(("slip", "a physics change sets `slip`, `step_reward` or both")) }
        return found
    }

    enum CodingKeys: String, CodingKey {
        case tick, slip, stepReward = "step_reward"
    }
}
