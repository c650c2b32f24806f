import Foundation
import BellmanLevels
import TOMLKit

/// A target policy for prediction methods (DESIGN §7): the probability of each action of each
/// state, `probability[s * actionCount + a]`; states a policy file does not list follow the
/// equiprobable random policy.
public struct TargetPolicy: Sendable, Hashable {
    /// The file it was read from, as messages name it.
    public var file: String
    public var actionCount: Int
    public var probability: [Double]

    /// pi(a | s).
    @inline(__always)
    public func p(_ s: Int, _ a: Int) -> Double { probability[s * actionCount + a] }

    /// An action of state s drawn from pi(. | s).
    @inline(__always)
    func sample(_ s: Int, actions: Int, using rng: inout Xoshiro256) -> Int {
        var u = rng.unit()
        for a in 0..<actions - 1 {
            u -= probability[s * actionCount + a]
            if u < 0 { return a }
        }
        return actions - 1
    }
}

/// Reads policy files (DESIGN §7) against a level's model; problems are `FILE:LINE:COL`.
public enum PolicyParser {
    /// The largest policy file read.
    public static let maxBytes = 16 << 20

    /// The top-level keys of a policy file; the states of `[policy]` are checked against the
    /// level's model.
    static let schema = KeySchema(rules: [.string("level", "`level` must be a level's name or path, in quotes"), .other("policy")]) {
        KeySchema.unknownKey($0, "a policy file has level = \"...\" (optional) and a [policy] table")
    }

    public static func parse(source: String, file: String, model: Model, levelMatches: (String) -> Bool) throws -> TargetPolicy {
        let table = try LevelParser.table(source: source, file: file)
        let locator = SourceLocator(source: source)
        var problems = ProblemCollector(file: file)
        let keys = schema.reading(table, at: locator.value)
        keys.reportUnknownKeys(at: locator.key, to: &problems)
        if let name = keys.string("level", &problems), !levelMatches(name) {
            problems.report(locator.value("level"), "this policy is for level `\(name)`, not the level being run (\(model.level.file))")
        }
        let A = model.actionCount
        var probability = TargetPolicy.random(for: model).probability
        guard let value = table["policy"], value.type == .table, let entries = value.table else {
            problems.report(locator.key("policy"), "a policy file needs a [policy] table of state = \"action\" or state = { action = p, ... }")
            throw FileProblems(problems.problems)
        }
        var index: [String: Int] = [:]
        for s in 0..<model.stateCount { index[model.name(of: s)] = s }
        func position(of key: String) -> SourcePosition { locator.key(key, in: "policy") ?? .start }
        for key in entries.keys.sorted(by: { position(of: $0).line < position(of: $1).line }) {
            let at = position(of: key)
            guard let s = index[key] else {
                problems.report(at, "`\(key.terminalSafe)` is not a state of \(model.level.id)\(model.level.mdp == nil ? " (grid states are named r{row}c{col}, e.g. r3c0)" : "")")
                continue
            }
            guard !model.isTerminal[s] else { problems.report(at, "`\(key)` is terminal: it has no actions to choose"); continue }
            let names = (0..<model.actionCount(of: s)).map { model.actionName(s, $0) }
            let valid = names.joined(separator: ", ")
            let entry = entries[key]!
            var row = [Double](repeating: 0, count: names.count)
            if let action = entry.string {
                guard let a = names.firstIndex(of: action) else { problems.report(at, "`\(action.terminalSafe)` is not an action of \(key); valid: \(valid)"); continue }
                row[a] = 1
            } else if entry.type == .table, let choices = entry.table {
                var ok = true
                for name in choices.keys {
                    guard let a = names.firstIndex(of: name) else { problems.report(at, "`\(name.terminalSafe)` is not an action of \(key); valid: \(valid)"); ok = false; continue }
                    guard let p = choices[name]?.number, p >= 0, p <= 1 else {
                        problems.report(at, "the probability of \(name) in \(key) must be a number in [0, 1]"); ok = false; continue
                    }
                    row[a] = p
                }
                let sum = row.reduce(0, +)
                if ok && abs(sum - 1) > 1e-9 { problems.report(at, "the probabilities of \(key) sum to \(sum); they must sum to 1"); ok = false }
                if !ok { continue }
            } else {
                problems.report(at, "a state's policy is an action (\"\(names[0])\") or action probabilities ({ \(names[0]) = 1 })")
                continue
            }
            for a in 0..<names.count { probability[s * A + a] = row[a] }
        }
        try problems.throwIfAny(sorted: true)
        return TargetPolicy(file: file, actionCount: A, probability: probability)
    }
}

/// Policy files by name (`levels/policies/*.toml`, bundled) or by path, like levels.
public enum PolicyCatalog {
    static var directory: URL? { bundledLevelDirectory?.appendingPathComponent("policies") }

    public static var names: [String] {
        guard let directory, let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads `policy` (a path, or a bundled policy's name) for the level of `model`.
    public static func load(_ policy: String, for model: Model) throws -> TargetPolicy {
        let path: String, shown: String
        if let directory, names.contains(policy), !FileManager.default.fileExists(atPath: policy) {
            path = directory.appendingPathComponent(policy + ".toml").path
            shown = "levels/policies/\(policy).toml"
        } else if FileManager.default.fileExists(atPath: policy) {
            path = policy
            shown = policy
        } else {
            throw MissingFile.unknownName(policy, kind: "policy", plural: "policies", bundled: names, orPath: "give a path to a policy file",
                                          whenNoneBundled: "give a path to a policy file")
        }
        let data = try InputFile.read(path, name: shown, kind: "policy file", limit: PolicyParser.maxBytes)
        guard !data.contains(0), let source = String(data: data, encoding: .utf8) else {
            throw FileProblems(file: shown, message: "this is not a UTF-8 text file; a policy is a TOML text file")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try PolicyParser.parse(source: source, file: shown, model: model) { level in
            // The same level: the bundled name, or a path (relative to the policy file) to the same file.
            if level == model.level.id && model.level.file == "levels/\(level).toml" { return true }
            let candidate = level.hasPrefix("/") ? URL(fileURLWithPath: level) : folder.appendingPathComponent(level)
            let run = URL(fileURLWithPath: model.level.file)
            return candidate.standardizedFileURL.resolvingSymlinksInPath() == run.standardizedFileURL.resolvingSymlinksInPath()
        }
    }
}
