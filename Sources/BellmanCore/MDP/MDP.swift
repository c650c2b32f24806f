/// A finite MDP written out state by state (DESIGN §6): what an `[mdp]` level compiles to,
/// from an explicit list of transitions or from a built-in model.
///
/// Per state, its actions; per (state, action) pair, its outcomes p(s', r | s, a) with a
/// reward that is a number or normal (DP uses the mean). Stored flat: the pairs of state s
/// are `pairStart[s] ..< pairStart[s + 1]`, the outcomes of pair k are
/// `outcomeStart[k] ..< outcomeStart[k + 1]`.
public struct MDP: Sendable {
    /// State ids in the model's order.
    public var states: [String]
    /// Whether each state is terminal (value 0, no actions).
    public var terminal: [Bool]
    /// Action names, per pair.
    public var actionNames: [String]
    /// First pair of each state, and one past the last state's.
    public var pairStart: [Int32]
    /// First outcome of each pair, and one past the last pair's.
    public var outcomeStart: [Int32]
    public var next: [Int32]
    public var probability: [Double]
    public var rewardMean: [Double]
    /// The standard deviation of a normal reward; 0 for a fixed one.
    public var rewardSD: [Double]
    /// Where episodes start, uniformly unless `startProbability` says otherwise.
    public var start: [Int32]
    /// The chance of each start state (blackjack's deal); `nil` for uniform.
    public var startProbability: [Double]?
    /// The screen: rows of state indices, -1 for an empty cell.
    public var layout: [[Int32]]
    /// Names of the layout's axes and of its rows and columns, for built-in models.
    public var axes: Axes?
    /// Per state, where a message about it points (`FILE:LINE:COL` of its first transition,
    /// or of the line that set up a built-in model).
    public var origin: [String]
    /// The built-in model's name, or `nil` for an explicit one.
    public var builtin: String?
    /// The episode cap the model asks for when the level gives none (Jack's: 100 days).
    public var defaultEpisodeCap: Int?
    /// The k-armed testbed this model is a task of (its true values drawn from a seed).
    public var testbed: Testbed? = nil
    /// The seed whose task of the testbed this is; `nil` for the testbed as a level reads
    /// (which shows the default seed's task, and gives each run the task of its seed).
    public var taskSeed: UInt64? = nil
    /// `look_alike` (DESIGN §13): per state, the state the agent takes it for (the first of
    /// its group; itself when in none); `nil` when no states look alike.
    public var observation: [Int32]? = nil

    /// What a built-in model's layout shows.
    public struct Axes: Sendable, Equatable {
        public var rows: String
        public var columns: String
        public var rowLabels: [String]
        public var columnLabels: [String]
    }

    public var stateCount: Int { states.count }

    /// The actions of state s, as pair indices.
    public func pairs(of s: Int) -> Range<Int> { Int(pairStart[s])..<Int(pairStart[s + 1]) }

    /// The outcomes of pair k, as outcome indices.
    public func outcomes(of pair: Int) -> Range<Int> { Int(outcomeStart[pair])..<Int(outcomeStart[pair + 1]) }

    /// The most actions any state has.
    public var maxActions: Int { (0..<stateCount).map { pairs(of: $0).count }.max() ?? 0 }

    /// The default layout (DESIGN §6.1): one row in state order for at most 16 states, else
    /// rows of ten.
    static func defaultLayout(stateCount: Int) -> [[Int32]] {
        let width = stateCount <= 16 ? max(stateCount, 1) : 10
        return stride(from: 0, to: stateCount, by: width).map { first in
            (first..<first + width).map { $0 < stateCount ? Int32($0) : -1 }
        }
    }
}

/// Builds an `MDP` one state and action at a time (the built-in models and the explicit
/// reader share it).
struct MDPBuilder {
    private(set) var mdp: MDP

    init(states: [String], terminal: [Bool]) {
        mdp = MDP(states: states, terminal: terminal, actionNames: [], pairStart: [0], outcomeStart: [0], next: [],
                  probability: [], rewardMean: [], rewardSD: [], start: [], startProbability: nil, layout: [], axes: nil,
                  origin: Array(repeating: "", count: states.count), builtin: nil, defaultEpisodeCap: nil)
    }

    /// Adds an action of the current state with its outcomes (next, p, mean, sd); outcomes of
    /// probability 0 are left out.
    mutating func addAction(_ name: String, _ outcomes: [(next: Int, p: Double, mean: Double, sd: Double)]) {
        mdp.actionNames.append(name)
        for o in outcomes where o.p > 0 {
            mdp.next.append(Int32(o.next))
            mdp.probability.append(o.p)
            mdp.rewardMean.append(o.mean)
            mdp.rewardSD.append(o.sd)
        }
        mdp.outcomeStart.append(Int32(mdp.next.count))
    }

    /// Closes the current state (after its actions, none for a terminal).
    mutating func endState() { mdp.pairStart.append(Int32(mdp.actionNames.count)) }
}
