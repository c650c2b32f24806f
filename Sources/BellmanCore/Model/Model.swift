/// A level compiled once into flat arrays: the exact dynamics every solver reads.
///
/// The dynamics of DESIGN §2 factor by direction: walls, wind and portals are deterministic
/// for a given (state, direction), and slip only mixes the outcomes of the aimed direction and
/// its two perpendiculars. So the model stores one *landing* (next state and reward) per
/// (state, direction) and, per action, the few (direction, probability) pairs that mix them.
/// A landing on a cliff is the `relocate` pseudo-state: "a start cell, uniformly".
///
/// DP takes expectations over exactly these arrays and sampling draws from them, so planning
/// and experience can never disagree about the world.
public struct Model: Sendable {
    /// The level this model was compiled from.
    public let level: Level
    /// Number of states: every cell that is not a wall.
    public let stateCount: Int
    /// Number of actions, in the level's order.
    public let actionCount: Int
    /// Row-major cell index of each state.
    public let cellOfState: [Int32]
    /// State of each row-major cell; -1 for walls.
    public let stateOfCell: [Int32]
    /// Kind of each state's cell.
    public let kindOfState: [CellKind]
    /// Goal and hole states: value 0, episodes end on entering.
    public let isTerminal: [Bool]
    /// States an agent can occupy: not terminal and not a cliff (the states error is measured on).
    public let isOccupiable: [Bool]
    /// Where episodes start (uniformly) and where a cliff sends the agent.
    public let startStates: [Int32]

    /// The directions that have landings (actions and, with slip, their perpendiculars).
    public let directions: [Direction]
    /// The pseudo-state index of "relocated to a start cell" (== stateCount).
    public let relocate: Int32

    /// Landing state per (state, direction slot): `landing[s * directions.count + d]`.
    let landing: [Int32]
    /// Reward per (state, direction slot), as an index into `rewardValues`.
    let rewardIndex: [UInt16]
    /// The distinct rewards of the level.
    let rewardValues: [Double]
    /// Per action, up to three (slot, probability) pairs: `mixSlot[a * 3 + k]`.
    let mixSlot: [Int32]
    let mixProbability: [Double]
    let mixCount: [Int32]

    /// The episode cap for sample-based methods: the level's `max_steps`, or `defaultEpisodeCap`.
    public var episodeCap: Int { level.maxSteps ?? Model.defaultEpisodeCap }

    /// Episode cap when a level gives no `max_steps`.
    public static let defaultEpisodeCap = 10_000

    /// The row and column of a state.
    public func position(of state: Int) -> (row: Int, col: Int) {
        let cell = Int(cellOfState[state])
        return (cell / level.cols, cell % level.cols)
    }

    /// `r3c4`: the name used for a state in explanations and messages.
    public func name(of state: Int) -> String {
        let (row, col) = position(of: state)
        return Level.cellName(row: row, col: col)
    }

    /// The direction of an action.
    public func direction(of action: Int) -> Direction { level.actions[action] }
}
