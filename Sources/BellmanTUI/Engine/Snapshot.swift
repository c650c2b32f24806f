import BellmanCore

/// One point of the error curve: RMS after so much experience (samples for MC/TD, sweeps for DP).
public struct ErrorPoint: Sendable, Equatable {
    public var x: Int
    public var rms: Double
}

/// What the UI shows of the solver: a copy taken by the solver thread, so the UI never
/// touches live solver state.
public struct Snapshot: Sendable {
    /// Increases with every publication.
    public var version = 0
    /// The number of engine commands handled so far (the UI waits for its own).
    public var acknowledged = 0
    /// The solver is running, stepping, or solving the truth: the UI keeps polling.
    public var busy = false
    public var running = false

    public var methodID = ""
    public var parameters: Parameters?
    public var counters = Counters()
    /// V per state (for control methods, max over actions of Q).
    public var values: [Double] = []
    /// Where `values` are a learned policy's V^pi evaluated at an earlier sample count (while
    /// running free on a world where the evaluation is dear), that count; `nil` when current.
    public var valuesAtSamples: Int?
    /// Q per (state, action), when the method learns Q.
    public var q: [Double]?
    /// The method's own policy, when it keeps one (policy iteration).
    public var policyTable: [Int32]?
    /// Transitions taken from each state.
    public var visits: [Int32] = []
    /// A bandit (DESIGN §12): the pulls of each arm, the arms' true values as they stand, and
    /// pi(a) of a method that learns its policy; empty or `nil` elsewhere.
    public var pulls: [Int32] = []
    public var arms: [Double]?
    public var probabilities: [Double]?
    /// A bandit: the average reward of every pull so far, and the share of pulls of a best arm.
    public var averageReward: Double?
    public var optimalShare: Double?
    /// The last TD error (target - old) of each state's latest update; NaN where none yet.
    public var tdErrors: [Double] = []
    /// Where the agent is, and the states of its current episode so far (most recent last).
    public var agent: Int?
    public var trail: [Int32] = []
    /// Steps the user drove and the method learned from (DESIGN §9).
    public var drivenSteps: Int { drives.count }
    /// The latest tick's events, for the explain panel.
    public var lastTick: Tick?
    /// The last episode (sample-based: its rewards, steps and return) and the largest change
    /// of the last sweep (DP).
    public var lastEpisode: EpisodeEnd?
    public var lastDelta: Double?
    /// Sum of rewards per episode (sample-based) or max change per sweep (DP), oldest first.
    public var progress: [Double] = []
    /// Per episode, beside `progress`: its steps and its discounted return.
    public var episodeSteps: [Double] = []
    /// The first action of each of the latest 100 episodes, in no order (the panel counts them).
    public var firstActions: [Int] = []
    public var episodeReturns: [Double] = []
    public var errors: [ErrorPoint] = []
    /// A bandit, a point per pull: the mean reward and the % of pulls of a best arm over the
    /// last 100 pulls; empty elsewhere.
    public var recentReward: [Double] = []
    public var recentOptimal: [Double] = []
    public var rms: Double?
    /// Actual ticks per second over the last second of running.
    public var ticksPerSecond: Double = 0
    public var finished = false
    /// Why the solver stopped, or why the method could not start (e.g. gamma = 1 refusal).
    public var message: String?
    public var truthNote: String?
    /// Compare mode: one snapshot per method, in the order they were given.
    public var compared: [Snapshot] = []
    /// The model the solver ran on. After a level switch, a snapshot of the old level can still
    /// be on its way; its arrays fit the old level, and the UI must not index the new one with them.
    public var model: Model?
    /// Rewind: the oldest tick that can be returned to, the furthest reached, the memory the
    /// checkpoints hold, and whether older ones were dropped to stay within the budget.
    public var historyOldest: Int?
    public var historyHead = 0
    public var historyBytes = 0
    public var historyDropped = false
    /// What a saved session needs besides the tables: the parameters learning started with and
    /// every change since, with its tick.
    public var initialParameters: Parameters?
    public var parameterChanges: [ParameterChange] = []
    /// Where the world (live physics) or the discount changed, in the error curve's x
    /// (samples; DP: sweeps).
    public var physicsMarks: [Int] = []
    /// Live physics changes of the world since the solver was built, with their ticks.
    public var worldChanges: [WorldChange] = []
    /// The steps the user drove, for a saved session.
    public var drives: [DrivenStep] = []

    public init() {}
}
