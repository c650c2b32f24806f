import Foundation

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
    /// `policy = "NAME"`: a policy file (a bundled policy's name, or a path from the level's
    /// folder), by table: `""` for `[defaults]`, else the method's id.
    public var policies: [String: String] = [:]

    public init() {}

    public var isEmpty: Bool { shared.isEmpty && byMethod.isEmpty && policies.isEmpty }

    /// The policy file the level gives `method` where the user gives no `--policy`: the target
    /// of a prediction method, policy iteration's pi_0; `nil` for the methods that learn their
    /// own policy.
    public func policyName(for method: MethodInfo) -> String? {
        guard method.isPrediction || method.startsFromPolicy else { return nil }
        return policies[method.id] ?? policies[""]
    }

    /// The keys a `[defaults]` table may hold, by their file names (`_` for `-`), and which
    /// parameter each sets. Gamma is the level's own `gamma`; a seed is the user's.
    public static let keys: [(key: String, name: ParameterName)] = [
        ("alpha", .alpha), ("epsilon", .epsilon), ("lambda", .lambda), ("n", .n), ("planning_steps", .planningSteps),
        ("kappa", .kappa), ("priority_threshold", .priorityThreshold), ("theta", .theta), ("init", .initialValue),
        ("every_visit", .everyVisit), ("replacing_traces", .replacingTraces), ("batch", .batch), ("synchronous", .synchronous),
        ("c", .c), ("no_baseline", .noBaseline), ("alpha_w", .alphaW), ("group", .group), ("no_std", .noStd),
        ("prior", .prior), ("prior_noise", .priorNoise),
    ]

    /// Whether `name` is on/off rather than a number.
    static func isFlag(_ name: ParameterName) -> Bool { [.everyVisit, .replacingTraces, .batch, .synchronous, .noBaseline, .noStd].contains(name) }

    /// The level's value of `name` for `method`, if it sets one the method uses.
    public func value(_ name: ParameterName, for method: MethodInfo) -> Value? {
        guard method.parameters.contains(name) else { return nil }
        return byMethod[method.id]?[name] ?? shared[name]
    }

    /// `p` with every value the level sets for `method`.
    public func apply(to p: inout Parameters, for method: MethodInfo) {
        for (_, name) in Self.keys {
            if let value = value(name, for: method) { Self.set(name, value, in: &p) }
        }
    }

    /// The parameters of `p` that hold the level's value for `method` (what the panel and the
    /// reports mark as the level's): setting the level's value would change nothing.
    public func fromLevel(_ p: Parameters, for method: MethodInfo) -> Set<ParameterName> {
        Set(Self.keys.compactMap { _, name in
            guard let value = value(name, for: method) else { return nil }
            var level = p
            Self.set(name, value, in: &level)
            return level == p ? name : nil
        })
    }

    /// The `key value` pairs of one table (`""` for `[defaults]`, else a method's id), in
    /// `keys` order and the policy last, as a file or a summary writes them.
    public func entries(_ table: String) -> [(key: String, text: String)] {
        let values = table.isEmpty ? shared : byMethod[table] ?? [:]
        return Self.entries(values) + (policies[table].map { [("policy", LevelWriter.string($0))] } ?? [])
    }

    /// A policy file named by a level at `levelFile`: the path from the level's folder, or as
    /// given; `nil` when no such file exists.
    static func policyPath(_ name: String, levelFile: String) -> String? {
        let fileManager = FileManager.default
        let beside = URL(fileURLWithPath: levelFile).deletingLastPathComponent().appendingPathComponent(name).path
        if !name.hasPrefix("/"), fileManager.fileExists(atPath: beside) { return beside }
        return fileManager.fileExists(atPath: name) ? name : nil
    }

    /// The tables that hold anything: `""` for `[defaults]`, then the methods' ids, sorted.
    public var tables: [String] {
        let methods = Set(byMethod.filter { !$0.value.isEmpty }.keys).union(policies.keys.filter { !$0.isEmpty })
        return (shared.isEmpty && policies[""] == nil ? [] : [""]) + methods.sorted()
    }

    static func entries(_ values: [ParameterName: Value]) -> [(key: String, text: String)] {
        keys.compactMap { key, name in
            switch values[name] {
            case .number(let x)?: (key, NumberText.plain(x))
            case .flag(let on)?: (key, String(on))
            case nil: nil
            }
        }
    }

    private static func set(_ name: ParameterName, _ value: Value, in p: inout Parameters) {
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
        case (.batch, .flag(let on)): p.batch = on
        case (.synchronous, .flag(let on)): p.synchronous = on
        case (.c, .number(let x)): p.c = x
        case (.noBaseline, .flag(let on)): p.baseline = !on
        case (.alphaW, .number(let x)): p.alphaW = x
        case (.group, .number(let x)): p.group = Int(x)
        case (.noStd, .flag(let on)): p.standardize = !on
        case (.prior, .number(let x)): p.prior = x
        case (.priorNoise, .number(let x)): p.priorNoise = x
        default: break
        }
    }
}

extension Level {
    /// The target policy the level gives `method` (`[defaults] policy`), loaded for `model`;
    /// `nil` when it gives none.
    public func defaultPolicy(for method: MethodInfo, model: Model) throws -> TargetPolicy? {
        guard let name = defaults.policyName(for: method) else { return nil }
        let path = PolicyCatalog.names.contains(name) ? name : LevelDefaults.policyPath(name, levelFile: file) ?? name
        return try PolicyCatalog.load(path, for: model)
    }
}
