import TOMLKit

/// One key a table of a file may hold: its type, its range, and the words a user reads when
/// the value is not of that type or not in that range.
///
/// A file format's wording is part of what its users see, so each rule carries its own
/// messages; the constructors give the common wordings.
struct KeyRule: Sendable {
    enum Kind: Sendable {
        /// A string the predicate accepts.
        case string(@Sendable (String) -> Bool)
        /// A TOML integer or float the predicate accepts.
        case number(@Sendable (Double) -> Bool)
        /// A TOML integer the predicate accepts.
        case integer(@Sendable (Int) -> Bool)
        /// Known to the table, read by its reader (arrays, tables, a string or a number).
        case other
    }

    var name: String
    var kind: Kind
    /// What a user reads when the value has another type.
    var wrongType: String
    /// What a user reads when the value has the type but not a valid value, given the value
    /// as written.
    var invalid: @Sendable (String) -> String

    /// A string (any, unless `accepts` says otherwise); one message for any other value.
    static func string(_ name: String, _ message: String, accepts: @escaping @Sendable (String) -> Bool = { _ in true }) -> KeyRule {
        KeyRule(name: name, kind: .string(accepts), wrongType: message, invalid: { _ in message })
    }

    /// A number `accepts` takes; one message for any other value.
    static func number(_ name: String, message: String, accepts: @escaping @Sendable (Double) -> Bool) -> KeyRule {
        KeyRule(name: name, kind: .number(accepts), wrongType: message, invalid: { _ in message })
    }

    /// A whole number `accepts` takes; one message for any other value.
    static func integer(_ name: String, message: String, accepts: @escaping @Sendable (Int) -> Bool) -> KeyRule {
        KeyRule(name: name, kind: .integer(accepts), wrongType: message, invalid: { _ in message })
    }

    /// A number `accepts` takes, worded as a level file words it: "`gamma` must be a number;
    /// valid: ..." and "gamma = 1.5 is out of range; valid: ...".
    static func number(_ name: String, valid: String, accepts: @escaping @Sendable (Double) -> Bool) -> KeyRule {
        KeyRule(name: name, kind: .number(accepts), wrongType: "`\(name)` must be a number; valid: \(valid)",
                invalid: { "\(name) = \($0) is out of range; valid: \(valid)" })
    }

    /// A whole number in `range`, worded as a level file words it.
    static func integer(_ name: String, in range: ClosedRange<Int>, valid: String) -> KeyRule {
        KeyRule(name: name, kind: .integer(range.contains), wrongType: "`\(name)` must be an integer; valid: \(valid)",
                invalid: { "\(name) = \($0) is out of range; valid: \(valid)" })
    }

    /// A key its reader reads by hand.
    static func other(_ name: String) -> KeyRule {
        KeyRule(name: name, kind: .other, wrongType: "", invalid: { _ in "" })
    }

    /// What is wrong with a whole number given for this rule, if anything (for values that
    /// arrive already typed, as a session's JSON does).
    func problem(with n: Int) -> String? {
        guard case .integer(let accepts) = kind else { return nil }
        return accepts(n) ? nil : invalid(String(n))
    }
}

/// The keys a table of a file may hold, and what a user reads about a key it does not: the
/// one place a reader's key rules are written.
struct KeySchema: Sendable {
    var rules: [KeyRule]
    /// The message for a key the table does not hold.
    var unknown: @Sendable (String) -> String

    var names: [String] { rules.map(\.name) }

    /// How every table words a key it does not hold: "unknown key `gama`" with the table it
    /// is in (`place`, " in [mdp]"), the closest of `candidates` ("(did you mean `gamma`?)")
    /// and what is valid there.
    static func unknownKey(_ key: String, in place: String = "", suggesting candidates: [String] = [], _ valid: String) -> String {
        "unknown key `\(key)`\(place)\(suggestion(for: key, among: candidates)); \(valid)"
    }

    /// " (did you mean `gamma`?)" when a close name exists.
    static func suggestion(for key: String, among candidates: [String]) -> String {
        nearest(to: key, among: candidates).map { " (did you mean `\($0)`?)" } ?? ""
    }

    /// The candidate a slip away from `key` (at most two edits), if there is one.
    static func nearest(to key: String, among candidates: [String]) -> String? {
        let best = candidates.map { ($0, editDistance(key, $0)) }.min { $0.1 < $1.1 }
        guard let (name, distance) = best, distance <= 2, distance < key.count else { return nil }
        return name
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    subscript(name: String) -> KeyRule? { rules.first { $0.name == name } }

    /// Reports each key of `table` the schema does not list, at the place `position` gives.
    func reportUnknownKeys(of table: TOMLTable, at position: (String) -> SourcePosition, to problems: inout ProblemCollector) {
        for key in table.keys where self[key] == nil { problems.report(position(key), unknown(key)) }
    }

    /// Binds the schema to one table of a file, whose keys and values `position` places.
    func reading(_ table: TOMLTable, at position: @escaping (String) -> SourcePosition) -> SchemaTable {
        SchemaTable(schema: self, table: table, position: position)
    }
}

/// A table of a file read against its schema: each read gives the value when it is present
/// and valid, and reports it (in the rule's words, where `position` places the key) when not.
struct SchemaTable {
    let schema: KeySchema
    let table: TOMLTable
    let position: (String) -> SourcePosition

    /// Reports each key the schema does not list, at the place `at` gives (the key itself,
    /// where `position` gives the value).
    func reportUnknownKeys(at: (String) -> SourcePosition, to problems: inout ProblemCollector) {
        schema.reportUnknownKeys(of: table, at: at, to: &problems)
    }

    func string(_ key: String, _ problems: inout ProblemCollector) -> String? {
        check(key, &problems) { value, rule in
            guard case .string(let accepts) = rule.kind, value.type == .string, let text = value.string else { return (nil, rule.wrongType) }
            return accepts(text) ? (text, nil) : (nil, rule.invalid(text))
        }
    }

    func number(_ key: String, _ problems: inout ProblemCollector) -> Double? {
        check(key, &problems) { value, rule in
            guard case .number(let accepts) = rule.kind, let x = value.number else { return (nil, rule.wrongType) }
            return accepts(x) ? (x, nil) : (nil, rule.invalid(NumberText.plain(x)))
        }
    }

    func integer(_ key: String, _ problems: inout ProblemCollector) -> Int? {
        check(key, &problems) { value, rule in
            guard case .integer(let accepts) = rule.kind, value.type == .int, let n = value.int else { return (nil, rule.wrongType) }
            return accepts(n) ? (n, nil) : (nil, rule.invalid(String(n)))
        }
    }

    /// `nil` when the key is absent; else the value `read` finds, or its problem reported.
    private func check<Value>(_ key: String, _ problems: inout ProblemCollector,
                              _ read: (any TOMLValueConvertible, KeyRule) -> (Value?, String?)) -> Value? {
        guard let value = table[key], let rule = schema[key] else { return nil }
        let (found, problem) = read(value, rule)
        if let problem { problems.report(position(key), problem) }
        return found
    }
}

extension TOMLValueConvertible {
    /// A TOML integer or float as a Double; `nil` for any other type (files may write
    /// `gamma = 1` or `gamma = 1.0` alike).
    var number: Double? {
        switch type {
        case .int: int.map(Double.init)
        case .double: double
        default: nil
        }
    }
}

/// How Bellman writes a number for people.
public enum NumberText {
    /// A whole number without a fraction ("3", not "3.0"), any other number by `fraction`
    /// (by default Swift's shortest exact form, "0.25"). Whole numbers of 1e15 and more keep
    /// `fraction`'s form, where a double no longer counts in single units.
    public static func plain(_ x: Double, fraction: (Double) -> String = { String($0) }) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : fraction(x)
    }
}
