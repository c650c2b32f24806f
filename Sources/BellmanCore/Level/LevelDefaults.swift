/// A level's `[defaults]` (DESIGN §11): method parameters the level sets where the user gives
/// none, for every method that uses them and, in `[defaults.METHOD-ID]`, for one method. The
/// bundled book levels carry the book's parameters this way, so that a run with the defaults
/// shows the book's figure.
public struct LevelDefaults: Sendable, Equatable {
    /// A parameter value as the file gives it: a number, or on/off for a flag.
    public enum Value: Sendable, Equatable {
        case number(Double)
        case flag(Bool)
    }

    /// For every method that uses them.
    public var shared: [ParameterName: Value] = [:]
    /// For one method, by id; these win over `shared`.
    public var byMethod: [String: [ParameterName: Value]] = [:]

    public init() {}

    public var isEmpty: Bool { shared.isEmpty && byMethod.isEmpty }

    /// The keys a `[defaults]` table may hold, by their file names (`_` for `-`), and which
    /// parameter each sets. Gamma is the level's own `gamma`; a seed is the user's.
    public static let keys: [(key: String, name: ParameterName)] = [
        ("alpha", .alpha), ("epsilon", .epsilon), ("lambda", .lambda), ("n", .n), ("planning_steps", .planningSteps),
        ("kappa", .kappa), ("priority_threshold", .priorityThreshold), ("theta", .theta), ("init", .initialValue),
        ("every_visit", .everyVisit), ("replacing_traces", .replacingTraces), ("synchronous", .synchronous),
    ]

    /// Whether `name` is on/off rather than a number.
    static func isFlag(_ name: ParameterName) -> Bool { [.everyVisit, .replacingTraces, .synchronous].contains(name) }

    /// The level's value of `name` for `method`, if it sets one the method uses.
    public func value(_ name: ParameterName, for method: MethodInfo) -> Value? {
        guard method.parameters.contains(name) else { return nil }
        return byMethod[method.id]?[name] ?? shared[name]
    }

    /// `p` with every value the level sets for `method`.
    public func apply(to p: inout Parameters, for method: MethodInfo) {
        for (_, name) in Self.keys {
            guard let value = value(name, for: method) else { continue }
            switch (name, value) {
            case (.alpha, .number(let x)): p.alpha = x
            case (.epsilon, .number(let x)): p.epsilon = x
            case (.lambda, .number(let x)): p.lambda = x
            case (.n, .number(let x)): p.n = Int(x)
            case (.planningSteps, .number(let x)): p.planningSteps = Int(x)
            case (.kappa, .number(let x)): p.kappa = x
            case (.priorityThreshold, .number(let x)): p.priorityThreshold = x
            case (.theta, .number(let x)): p.theta = x
            case (.initialValue, .number(let x)): p.initialValue = x
            case (.everyVisit, .flag(let on)): p.everyVisit = on
            case (.replacingTraces, .flag(let on)): p.replacingTraces = on
            case (.synchronous, .flag(let on)): p.synchronous = on
            default: break
            }
        }
    }

    /// The parameters of `p` that hold the level's value for `method` (what the panel and the
    /// reports mark as the level's).
    public func fromLevel(_ p: Parameters, for method: MethodInfo) -> Set<ParameterName> {
        var names: Set<ParameterName> = []
        for (_, name) in Self.keys {
            guard value(name, for: method) != nil else { continue }
            var level = p
            apply(to: &level, for: method)
            if Self.same(name, p, level) { names.insert(name) }
        }
        return names
    }

    private static func same(_ name: ParameterName, _ a: Parameters, _ b: Parameters) -> Bool {
        switch name {
        case .alpha: a.alpha == b.alpha
        case .epsilon: a.epsilon == b.epsilon
        case .lambda: a.lambda == b.lambda
        case .n: a.n == b.n
        case .planningSteps: a.planningSteps == b.planningSteps
        case .kappa: a.kappa == b.kappa
        case .priorityThreshold: a.priorityThreshold == b.priorityThreshold
        case .theta: a.theta == b.theta
        case .initialValue: a.initialValue == b.initialValue
        case .everyVisit: a.everyVisit == b.everyVisit
        case .replacingTraces: a.replacingTraces == b.replacingTraces
        case .synchronous: a.synchronous == b.synchronous
        default: false
        }
    }
}
