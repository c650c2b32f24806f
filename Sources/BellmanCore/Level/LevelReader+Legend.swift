import TOMLKit

/// The `[legend]` of a level (DESIGN §2): what each map character means.
extension LevelReader {
    /// A legend entry as written, before the map is read.
    struct LegendEntry {
        var kind: CellKind
        var reward: Double?
        var target: Character?
    }

    private static let builtIns: [Character: CellKind] = [
        ".": .floor, "#": .wall, "S": .start, "G": .goal, "H": .hole,
    ]

    private static let fieldsByKind: [CellKind: [String]] = [
        .floor: ["kind", "reward"], .wall: ["kind"], .start: ["kind", "reward"],
        .goal: ["kind", "reward"], .hole: ["kind", "reward"], .cliff: ["kind", "reward"],
        .portal: ["kind", "to", "reward"],
    ]

    /// The keys of legend entry `symbol` of `kind`.
    private static func legendSchema(_ kind: CellKind, _ symbol: String) -> KeySchema {
        let allowed = fieldsByKind[kind] ?? ["kind"]
        let rules: [KeyRule] = allowed.map { field in
            switch field {
            case "reward":
                .number(field, message: "reward of `\(symbol)` must be \(LevelParser.rewardRange)") { abs($0) <= LevelParser.maxReward }
            case "to":
                .string(field, "`to` of portal `\(symbol)` must be one map character in quotes, e.g. to = \"a\"") { $0.count == 1 }
            default:
                .other(field)
            }
        }
        return KeySchema(rules: rules) { field in
            "`\(field)` is not a key of kind \(kind.rawValue)\(KeySchema.suggestion(for: field, among: allowed)); valid keys: \(allowed.joined(separator: ", "))"
        }
    }

    mutating func readLegend() -> [Character: LegendEntry] {
        var legend: [Character: LegendEntry] = [:]
        for (symbol, kind) in Self.builtIns { legend[symbol] = LegendEntry(kind: kind) }
        guard let value = table["legend"] else { return legend }
        guard value.type == .table, let entries = value.table else {
            problems.report(locator.key("legend"), "`legend` must be a table: a [legend] section with lines such as C = { kind = \"cliff\", reward = -100 }")
            return legend
        }
        if entries.count > LevelParser.maxLegendEntries {
            problems.report(locator.legendHeader ?? locator.key("legend"), "the legend has \(entries.count) entries; at most \(LevelParser.maxLegendEntries) are allowed")
            return legend
        }
        let kinds = CellKind.allCases.map(\.rawValue).joined(separator: ", ")
        for key in entries.keys {
            let at = locator.legendEntry(key)
            guard key.count == 1, let symbol = key.first, !symbol.isWhitespace,
                  !symbol.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                problems.report(at, "legend key `\(key)` must be exactly one visible character (the map character it defines)")
                continue
            }
            guard let fields = entries[key], fields.type == .table, let entry = fields.table else {
                problems.report(at, "legend entry `\(key)` must be a table such as { kind = \"floor\", reward = 1 }; kinds: \(kinds)")
                continue
            }
            guard let kindValue = entry["kind"] else {
                problems.report(at, "legend entry `\(key)` has no `kind`; valid kinds: \(kinds)")
                continue
            }
            guard kindValue.type == .string, let kindName = kindValue.string, let kind = CellKind(rawValue: kindName) else {
                problems.report(locator.legendField(key, "kind", value: true), "unknown kind \(kindValue.string.map { "`\($0)`" } ?? "(not a string)") for `\(key)`; valid kinds: \(kinds)")
                continue
            }
            let entryKeys = Self.legendSchema(kind, key).reading(entry) { [locator] in locator.legendField(key, $0, value: true) }
            var parsed = LegendEntry(kind: kind)
            // In the entry's order, so problems at one place keep the order they are written in.
            for field in entry.keys {
                if entryKeys.schema[field] == nil {
                    problems.report(locator.legendField(key, field, value: false), entryKeys.schema.unknown(field))
                } else if field == "reward" {
                    parsed.reward = entryKeys.number(field, &problems)
                } else if field == "to" {
                    parsed.target = entryKeys.string(field, &problems)?.first
                }
            }
            if kind == .portal && parsed.target == nil && entry["to"] == nil {
                problems.report(at, "portal `\(key)` needs `to`: the map character of its target cell, e.g. to = \"a\"")
            }
            legend[symbol] = parsed
        }
        return legend
    }
}
