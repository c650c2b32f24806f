/// The families the playground switches between.
public enum Family: String, Sendable, CaseIterable {
    case dp = "DP", mc = "MC", td = "TD", pg = "PG", bandit = "Bandit"

    /// The family's full name.
    public var title: String {
        switch self {
        case .dp: "Dynamic Programming"
        case .mc: "Monte Carlo"
        case .td: "Temporal-Difference"
        case .pg: "Policy gradient"
        case .bandit: "k-armed bandits"
        }
    }

    /// The playground's key for the family (DESIGN §12, §13: 4 is policy gradient's).
    public var key: Character {
        switch self {
        case .dp: "1"
        case .mc: "2"
        case .td: "3"
        case .pg: "4"
        case .bandit: "5"
        }
    }

    /// The families whose methods run on `model`: the bandit methods on bandits only.
    public static func offered(on model: Model) -> [Family] {
        model.isBandit ? allCases : allCases.filter { $0 != .bandit }
    }
}

/// Why a method cannot run on a level with the given parameters.
public struct SolverError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A method as the CLI and the UI know it: id, family, what it learns, its parameters.
public struct MethodInfo: Sendable {
    /// The id of DESIGN §3 (`q-learning`).
    public var id: String
    public var family: Family
    /// A one-line description citing the book.
    public var summary: String
    /// The method learns Q (a control method); otherwise V.
    public var learnsQ: Bool
    /// The method evaluates the equiprobable random policy (its error is measured against
    /// that policy's V, not V*).
    public var isPrediction: Bool
    /// The parameters the method reads.
    public var parameters: [ParameterName]
    /// The method's default step size (`nil`: none, or sample averages for MC).
    public var defaultAlpha: Double?
    /// Builds the solver on the model of the run (see `make`).
    private let build: @Sendable (Model, Parameters) throws -> any Solver
    /// Why the method cannot learn from steps the user drives (DESIGN §9), when it cannot.
    public var driveRefusal: String? = nil
    /// A control method that takes `--policy` as its first policy (policy iteration's pi_0).
    public var startsFromPolicy = false
    /// The largest step size the method takes (`ParameterRules.maxAlpha`).
    public var maxAlpha: Double = 1

    /// A method as its file declares it (`static let info`); `make` builds its solver.
    public init(id: String, family: Family, summary: String, learnsQ: Bool, isPrediction: Bool,
                parameters: [ParameterName], defaultAlpha: Double?,
                make: @escaping @Sendable (Model, Parameters) throws -> any Solver,
                driveRefusal: String? = nil, startsFromPolicy: Bool = false, maxAlpha: Double = 1) {
        self.id = id
        self.family = family
        self.summary = summary
        self.learnsQ = learnsQ
        self.isPrediction = isPrediction
        self.parameters = parameters
        self.defaultAlpha = defaultAlpha
        build = make
        self.driveRefusal = driveRefusal
        self.startsFromPolicy = startsFromPolicy
        self.maxAlpha = maxAlpha
    }

    /// Builds a solver on `model` (on the testbed, on the task of the parameters' seed);
    /// throws when the method cannot run here (a bandit method off a bandit, gamma = 1
    /// without a reachable terminal for DP and MC, a step size out of the method's range).
    public func make(_ model: Model, _ parameters: Parameters) throws -> any Solver {
        if family == .bandit && !model.isBandit {
            let here = Methods.all.filter { $0.family != .bandit }.map(\.id)
            throw SolverError("\(id) is a bandit method: it runs on a bandit (one state whose actions all end the episode, as ten-armed-testbed), "
                              + "not on \(model.level.id); methods that run here: \(here.joined(separator: ", "))")
        }
        if let alpha = parameters.alpha { try ParameterRules.check(.alpha, alpha, for: self) }
        return try build(model.task(seed: parameters.seed), parameters)
    }

    /// What the method does with the steps of a user who drives.
    public var driving: Driving {
        if family == .dp { return .walks }
        return driveRefusal.map(Driving.refused) ?? .learns
    }

    /// See `driving`.
    public enum Driving: Sendable, Equatable {
        /// Learns from them as from its own (they count as samples).
        case learns
        /// DP: the agent moves, nothing is learned (DP learns from the model).
        case walks
        case refused(String)
    }

    /// The parameters this method starts with on a level.
    public func defaults(for level: Level) -> Parameters {
        var p = Parameters(gamma: level.gamma)
        p.alpha = defaultAlpha
        // The level's own values where it sets them (`[defaults]`): the book's, on its levels.
        level.defaults.apply(to: &p, for: self)
        return p
    }
}

/// Every method Bellman offers, in the order the UI cycles through them.
///
/// Adding a method is one new file defining its solver and `static let info`, plus its line here.
public enum Methods {
    public static let all: [MethodInfo] = [
        PolicyEvaluation.info,
        PolicyIteration.info,
        ValueIteration.info,
        MCPrediction.info,
        MCExploringStarts.info,
        MCControl.info,
        MCOffPolicy.info,
        MCOffPolicyPrediction.info,
        TD0.info,
        NStepTD.info,
        TDLambda.info,
        Sarsa.info,
        QLearning.info,
        ExpectedSarsa.info,
        DoubleQLearning.info,
        NStepSarsa.info,
        SarsaLambda.info,
        DynaQ.info,
        DynaQPlus.info,
        PrioritizedSweeping.info,
        Reinforce.info,
        ReinforceBaseline.info,
        ActorCritic.info,
        GRPO.info,
        RLOO.info,
        Imitation.info,
        EpsilonGreedy.info,
        UCB.info,
        GradientBandit.info,
    ]

    /// The method with this id, if any.
    public static func named(_ id: String) -> MethodInfo? { all.first { $0.id == id } }

    /// The one refusal of an id that names no method, with the ids that do; `nil` stands for
    /// a value that is not a string at all (a file's `method = 3`).
    public static func unknownMessage(_ id: String?) -> String {
        "unknown method \(id.map { "`\($0)`" } ?? "(not a string)"); valid: \(all.map(\.id).joined(separator: ", "))"
    }

    /// The methods of a family, in catalogue order.
    public static func family(_ family: Family) -> [MethodInfo] { all.filter { $0.family == family } }
}
