/// The three families the playground switches between.
public enum Family: String, Sendable, CaseIterable {
    case dp = "DP", mc = "MC", td = "TD"

    /// The family's full name.
    public var title: String {
        switch self {
        case .dp: "Dynamic Programming"
        case .mc: "Monte Carlo"
        case .td: "Temporal-Difference"
        }
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
    /// Builds a solver; throws when the method cannot run here (e.g. gamma = 1 without a
    /// reachable terminal for DP and MC).
    public var make: @Sendable (Model, Parameters) throws -> any Solver
    /// Why the method cannot learn from steps the user drives (DESIGN §9), when it cannot.
    public var driveRefusal: String? = nil
    /// A control method that takes `--policy` as its first policy (policy iteration's pi_0).
    public var startsFromPolicy = false

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
