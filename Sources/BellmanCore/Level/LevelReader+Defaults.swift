import TOMLKit

/// The `[defaults]` of a level (DESIGN §11): method parameters the level sets, checked by the
/// same rules as the command line's (`ParameterRules`).
extension LevelReader {
    /// What a `[defaults]` table may hold, as the messages say it.
    private static var validKeys: String {
        LevelDefaults.keys.map(\.key).joined(separator: ", ") + ", policy, and [defaults.METHOD-ID] tables"
    }

    mutating func readDefaults() -> LevelDefaults {
        var defaults = LevelDefaults()
        guard let value = table["defaults"] else { return defaults }
        guard value.type == .table, let entries = value.table else {
            problems.report(locator.key("defaults"), "`defaults` must be a table: a [defaults] section with lines such as alpha = 0.1")
            return defaults
        }
        for key in entries.keys {
            guard let entry = entries[key] else { continue }
            if entry.type == .table, let methodTable = entry.table {
                let at = locator.header("defaults.\(key)") ?? locator.header("defaults") ?? locator.key("defaults")
                guard let method = Methods.named(key) else {
                    problems.report(at, "unknown method `\(key)` in [defaults.\(key)]\(KeySchema.suggestion(for: key, among: Methods.all.map(\.id))); valid: a method id such as q-learning (bellman methods lists them)")
                    continue
                }
                var values: [ParameterName: LevelDefaults.Value] = [:]
                for field in methodTable.keys {
                    if field == "policy" {
                        guard method.isPrediction || method.startsFromPolicy else {
                            let place = locator.key(field, in: "defaults.\(method.id)") ?? at
                            problems.report(place, "\(method.id) learns its own policy: `policy` is for the prediction methods' target and policy-iteration's first policy")
                            continue
                        }
                        if let name = readPolicy(methodTable[field], in: "defaults.\(method.id)") { defaults.policies[method.id] = name }
                        continue
                    }
                    guard let x = methodTable[field],
                          let (name, parsed) = readDefault(field, x, in: "defaults.\(method.id)") else { continue }
                    guard method.parameters.contains(name) else {
                        let place = locator.key(field, in: "defaults.\(method.id)") ?? at
                        problems.report(place, "\(method.id) does not use `\(field)`; it uses: \(Self.fileKeys(of: method))")
                        continue
                    }
                    values[name] = parsed
                }
                defaults.byMethod[method.id] = values
            } else if key == "policy" {
                if let name = readPolicy(entry, in: "defaults") { defaults.policies[""] = name }
            } else if let (name, parsed) = readDefault(key, entry, in: "defaults") {
                defaults.shared[name] = parsed
            }
        }
        return defaults
    }

    /// `policy = "NAME"`: a bundled policy's name, or a policy file's path from the level's
    /// folder (or the working directory), that exists.
    private mutating func readPolicy(_ value: TOMLValueConvertible?, in table: String) -> String? {
        let at = locator.value("policy", in: table) ?? locator.header(table) ?? locator.key("defaults")
        let valid = "a bundled policy (\(PolicyCatalog.names.joined(separator: ", "))) or a policy file's path from the level's folder"
        guard let value, value.type == .string, let name = value.string, !name.isEmpty else {
            problems.report(at, "`policy` must be a string: \(valid)")
            return nil
        }
        guard PolicyCatalog.names.contains(name) || LevelDefaults.policyPath(name, levelFile: file) != nil else {
            problems.report(at, "no policy named `\(name.terminalSafe)`\(KeySchema.suggestion(for: name, among: PolicyCatalog.names)); valid: \(valid)")
            return nil
        }
        return name
    }

    /// The `[defaults]` keys `method` uses.
    private static func fileKeys(of method: MethodInfo) -> String {
        LevelDefaults.keys.filter { method.parameters.contains($0.name) }.map(\.key).joined(separator: ", ")
    }

    /// One `key = value` of `[table]`: a known parameter, of its type, in its range.
    private mutating func readDefault(_ key: String, _ value: TOMLValueConvertible,
                                      in table: String) -> (ParameterName, LevelDefaults.Value)? {
        let keyAt = locator.key(key, in: table) ?? locator.header(table) ?? locator.key("defaults")
        let valueAt = locator.value(key, in: table) ?? keyAt
        guard let name = LevelDefaults.keys.first(where: { $0.key == key })?.name else {
            let hint = key == "gamma" ? " (gamma is the level's own `gamma` key)" : key == "seed" ? " (a seed is the user's: --seed)" : ""
            problems.report(keyAt, KeySchema.unknownKey(key, in: " in [\(table)]\(hint)", suggesting: LevelDefaults.keys.map(\.key),
                                                        "valid keys: \(Self.validKeys)"))
            return nil
        }
        if LevelDefaults.isFlag(name) {
            guard value.type == .bool, let on = value.bool else {
                problems.report(valueAt, "`\(key)` must be true or false")
                return nil
            }
            return (name, .flag(on))
        }
        guard let x = value.number else {
            problems.report(valueAt, "`\(key)` must be a number; valid: \(ParameterRules.valid(name))")
            return nil
        }
        let method = Methods.named(table.replacingOccurrences(of: "defaults.", with: ""))
        guard ParameterRules.accepts(name, x, for: method) else {
            problems.report(valueAt, "\(key) \(NumberText.plain(x)) is out of range; valid: \(ParameterRules.valid(name, for: method))")
            return nil
        }
        return (name, .number(x))
    }
}
