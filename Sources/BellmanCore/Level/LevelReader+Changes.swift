import TOMLKit

extension LevelReader {
    /// `[[change]]` tables (DESIGN §9): each `at` a number of samples, later than the one
    /// before, and a `map` of the same size in the level's characters. What is terminal stays
    /// (goals and holes keep their cells: learned tables are kept across a change) and portals
    /// stay where they are; walls, floor, starts, cliffs and rewarded cells may move.
    /// The keys of the `index`-th change, which must come after the change at `previous`.
    private static func changeSchema(_ index: Int, after previous: Int) -> KeySchema {
        let valid = "an integer number of samples (environment steps) from \(previous + 1) to \(Runner.maxBudget), after the change before"
        return KeySchema(rules: [
            .integer("at", message: "change \(index + 1): `at` must be \(valid)") { $0 > previous && $0 <= Runner.maxBudget },
            .other("map"),
        ], unknown: { KeySchema.unknownKey($0, in: " in [[change]]", "valid keys are at, map") })
    }

    mutating func readChanges(_ map: Map) -> [ScheduledMap] {
        guard let value = table["change"] else { return [] }
        guard let list = value.array else {
            problems.report(locator.key("change"), "`change` must be a list of [[change]] tables, each with `at` and `map`")
            return []
        }
        let indexOf = Dictionary(map.palette.enumerated().map { ($1.symbol, UInt16($0)) }, uniquingKeysWith: { a, _ in a })
        var schedule: [ScheduledMap] = []
        var previous = 0
        for (k, element) in list.enumerated() {
            guard let change = element.table else {
                problems.report(locator.change(k), "each change must be a [[change]] table with `at` and `map`")
                continue
            }
            let keys = Self.changeSchema(k, after: previous).reading(change) { [locator] in locator.change(k, $0) }
            keys.reportUnknownKeys(at: { [locator] in locator.change(k, $0, value: false) }, to: &problems)
            guard change["at"] != nil else {
                problems.report(locator.change(k), "change \(k + 1) has no `at`; add at = N, the samples after which the map changes")
                continue
            }
            guard let at = keys.integer("at", &problems) else { continue }
            previous = at
            guard let text = change["map"]?.string else {
                problems.report(locator.change(k, change["map"] == nil ? nil : "map"), "change \(k + 1) needs `map`, a string with the new map (same size)")
                continue
            }
            var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
            var offset = 0
            while let first = lines.first, first.isEmpty { lines.removeFirst(); offset += 1 }
            while let last = lines.last, last.isEmpty { lines.removeLast() }
            guard lines.count == map.rows else {
                problems.report(locator.change(k, "map"), "change \(k + 1)'s map has \(lines.count) rows; the level's has \(map.rows) (a change keeps the size)")
                continue
            }
            var grid = [UInt16](repeating: 0, count: map.rows * map.cols)
            var wrong = 0
            for (r, line) in lines.enumerated() {
                let symbols = Array(line)
                guard symbols.count == map.cols else {
                    problems.report(locator.changeMapCharacter(k, row: r + offset, col: min(symbols.count, map.cols)),
                           "change \(k + 1)'s map row \(r + 1) has \(symbols.count) cells; the level's rows have \(map.cols)")
                    wrong += 1
                    continue
                }
                for (c, symbol) in symbols.enumerated() {
                    let at = locator.changeMapCharacter(k, row: r + offset, col: c)
                    guard let index = indexOf[symbol] else {
                        if wrong < 10 { problems.report(at, "unknown map character `\(symbol)` in change \(k + 1); use the level's characters (built-in or in [legend])") }
                        wrong += 1
                        continue
                    }
                    let old = map.palette[Int(map.grid[r * map.cols + c])], new = map.palette[Int(index)]
                    if old.kind.isTerminal != new.kind.isTerminal || (old.kind == .portal) != (new.kind == .portal) || old.kind == .portal && old.symbol != new.symbol {
                        if wrong < 10 { problems.report(at, "change \(k + 1) turns a \(old.kind.rawValue) into a \(new.kind.rawValue); goals, holes and portals stay where they are (walls, floor, starts, cliffs and rewarded cells may move)") }
                        wrong += 1
                        continue
                    }
                    grid[r * map.cols + c] = index
                }
            }
            if wrong == 0 { schedule.append(ScheduledMap(at: at, grid: grid)) }
        }
        return schedule
    }
}
