/// Finds where keys and values sit in a level file's text.
///
/// TOMLKit reports positions only for syntax errors; parsed values carry none. Semantic errors
/// ("gamma 1.5", "unknown character in the map") must still point at the offending text, so
/// this scans the source for key lines the way a reader would. It understands the TOML that
/// level files use (bare or quoted keys, `[legend]` and `[legend.X]` tables, inline tables,
/// arrays over several lines, single- and multi-line strings); anything it cannot place falls
/// back to the nearest enclosing key.
struct SourceLocator {
    typealias Position = SourcePosition

    /// Where one `key = value` (or `[table]` header) is.
    struct KeyLine {
        var key: Position
        var value: Position
    }

    /// The source split into lines (CRLF or LF), kept as views.
    private let lines: [Substring]
    private(set) var topLevel: [String: KeyLine] = [:]
    /// Keys inside `[legend]`, and `[legend.X]` headers (as the entry's position).
    private(set) var legend: [String: KeyLine] = [:]
    /// Keys inside `[legend.X]` tables, by entry.
    private var legendTableFields: [String: [String: KeyLine]] = [:]
    /// The line of the `[legend]` header, if any.
    private(set) var legendHeader: Position?
    /// Where the map's first character is.
    private(set) var mapStart: Position?
    /// The map is a one-line string, so rows after the first cannot be placed.
    private var mapIsOneLine = false
    /// Keys inside `[mdp]` (explicit and built-in models, DESIGN §6).
    private(set) var mdp: [String: KeyLine] = [:]
    /// Each array of tables (`[[mdp.transition]]`, `[[change]]`, a lesson's `[[step]]`) by
    /// its name: each table's header and its keys, in file order.
    private var arrayTables: [String: [(header: Position, fields: [String: KeyLine])]] = [:]
    /// Keys of any other `[table]` (a policy file's `[policy]`), by table.
    private var tableKeys: [String: [String: KeyLine]] = [:]
    /// Where each `[table]` header is.
    private var headers: [String: Position] = [:]
    /// Where the map of each `[[change]]` table (DESIGN §9) begins, and whether it is a
    /// one-line string.
    private var changeMaps: [(start: Position?, isOneLine: Bool)] = []

    init(source: String) {
        lines = source.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        var table = ""  // "" is the top level
        var index = 0
        while index < lines.count {
            let lineNumber = index + 1
            let text = Array(lines[index])
            index += 1
            var i = Self.skipSpaces(text, from: 0)
            guard i < text.count, text[i] != "#" else { continue }
            if text[i] == "[" {
                let header = String(text[(i + 1)...].prefix { $0 != "]" }).trimmingCharacters(in: " \t\"'[")
                table = header
                let at = Position(line: lineNumber, column: i + 1)
                if headers[header] == nil { headers[header] = at }
                let isArrayTable = text.count > i + 1 && text[i + 1] == "["
                if isArrayTable { arrayTables[header, default: []].append((at, [:])) }
                if header == "change" && isArrayTable { changeMaps.append((nil, false)) }
                if isArrayTable && (header == "mdp.transition" || header == "change") {
                    // Their keys are placed by table; the top level keeps no position for them.
                } else if header == "mdp" {
                    if topLevel["mdp"] == nil { topLevel["mdp"] = KeyLine(key: at, value: at) }
                } else if header == "legend" {
                    legendHeader = at
                } else if header.hasPrefix("legend.") {
                    let name = String(header.dropFirst("legend.".count)).trimmingCharacters(in: " \t\"'")
                    legend[name] = KeyLine(key: at, value: at)
                } else {
                    let first = String(header.prefix { $0 != "." })
                    if topLevel[first] == nil { topLevel[first] = KeyLine(key: at, value: at) }
                }
                continue
            }
            guard let (key, keyColumn, afterEquals) = Self.keyAndEquals(text, from: &i) else { continue }
            let valueIndex = Self.skipSpaces(text, from: afterEquals)
            let entry = KeyLine(key: Position(line: lineNumber, column: keyColumn + 1),
                                value: Position(line: lineNumber, column: valueIndex + 1))
            if table.isEmpty {
                if topLevel[key] == nil { topLevel[key] = entry }
            } else if table == "legend" {
                if legend[key] == nil { legend[key] = entry }
            } else if table.hasPrefix("legend.") {
                let name = String(table.dropFirst("legend.".count)).trimmingCharacters(in: " \t\"'")
                legendTableFields[name, default: [:]][key] = entry
            } else if table == "mdp" {
                if mdp[key] == nil { mdp[key] = entry }
            } else if let last = arrayTables[table]?.indices.last {
                if arrayTables[table]![last].fields[key] == nil { arrayTables[table]![last].fields[key] = entry }
            } else if tableKeys[table]?[key] == nil {
                tableKeys[table, default: [:]][key] = entry
            }
            let rest = text[min(valueIndex, text.count)...]
            if key == "map" && (table.isEmpty || table == "change" && !changeMaps.isEmpty) {
                let (start, oneLine) = Self.mapStart(rest, line: lineNumber, valueIndex: valueIndex)
                if table.isEmpty {
                    (mapStart, mapIsOneLine) = (start, oneLine)
                } else if changeMaps[changeMaps.count - 1].start == nil {
                    changeMaps[changeMaps.count - 1] = (start, oneLine)
                }
            }
            // Skip the body of a multi-line string so its lines are not read as keys.
            for quote in ["\"\"\"", "'''"] where rest.starts(with: quote) {
                if String(rest.dropFirst(3)).contains(quote) { break }
                while index < lines.count {
                    index += 1
                    if lines[index - 1].contains(quote) { break }
                }
            }
        }
    }

    /// Where a map value's first character is, and whether it is a one-line string.
    private static func mapStart(_ rest: ArraySlice<Character>, line: Int, valueIndex: Int) -> (Position?, Bool) {
        if rest.starts(with: "\"\"\"") || rest.starts(with: "'''") {
            // TOML trims a line break right after the opening quotes.
            return (rest.count == 3 ? Position(line: line + 1, column: 1) : Position(line: line, column: valueIndex + 4), false)
        } else if rest.first == "\"" || rest.first == "'" {
            return (Position(line: line, column: valueIndex + 2), true)
        }
        return (nil, false)
    }

    /// Position of a top-level key (or 1:1 when it is missing, as for a missing required key).
    func key(_ name: String) -> Position {
        topLevel[name]?.key ?? Position(line: 1, column: 1)
    }

    /// Position of a top-level key's value.
    func value(_ name: String) -> Position {
        topLevel[name]?.value ?? Position(line: 1, column: 1)
    }

    /// Position of the `index`-th element of an array value (`wind`, `actions`), which may
    /// span several lines.
    func arrayElement(_ name: String, index: Int) -> Position {
        guard let entry = topLevel[name] else { return key(name) }
        return element(from: entry.value, index: index) ?? entry.value
    }

    /// Position of a legend entry's key.
    func legendEntry(_ symbol: String) -> Position {
        legend[symbol]?.key ?? legendHeader ?? Position(line: 1, column: 1)
    }

    /// Position of a field inside a legend entry (`reward` in `C = { kind = "cliff", reward = 1 }`
    /// or under `[legend.C]`); `value` selects the field's value rather than its name.
    func legendField(_ symbol: String, _ field: String, value: Bool) -> Position {
        if let entry = legendTableFields[symbol]?[field] { return value ? entry.value : entry.key }
        guard let entry = legend[symbol] else { return legendEntry(symbol) }
        let text = Array(lines[entry.key.line - 1])
        var i = entry.value.column - 1
        while i < text.count {
            var j = i
            if let (key, column, afterEquals) = Self.keyAndEquals(text, from: &j), key == field {
                let at = value ? Self.skipSpaces(text, from: afterEquals) : column
                return Position(line: entry.key.line, column: at + 1)
            }
            i += 1
        }
        return entry.key
    }

    /// Position of `key` in `[table]`, if it is there.
    func key(_ key: String, in table: String) -> Position? { tableKeys[table]?[key]?.key }

    /// Position of the value of `key` in `[table]`, if it is there.
    func value(_ key: String, in table: String) -> Position? { tableKeys[table]?[key]?.value }

    /// Position of the header `[table]`, if the file has one.
    func header(_ table: String) -> Position? { headers[table] }

    /// Position of a key of `[mdp]`, or its value; the `[mdp]` header when it is missing.
    func mdpKey(_ name: String, value: Bool = false) -> Position {
        guard let entry = mdp[name] else { return key("mdp") }
        return value ? entry.value : entry.key
    }

    /// Position of the `index`-th element of an `[mdp]` array value (`start`, `terminal`).
    func mdpElement(_ name: String, index: Int) -> Position {
        guard let entry = mdp[name] else { return key("mdp") }
        return element(from: entry.value, index: index) ?? entry.value
    }

    /// Position of the `index`-th `[[mdp.transition]]` header, or of one of its keys (or
    /// their values); the header when the key is missing.
    func transition(_ index: Int, _ field: String? = nil, value: Bool = true) -> Position {
        arrayTable("mdp.transition", index, field, value: value) ?? mdpKey("transition")
    }

    /// The line of the `index`-th `[[step]]` header of a lesson, at column 1 (where messages
    /// about a step have always pointed); 1:1 when there is none.
    func step(_ index: Int) -> Position {
        arrayTable("step", index).map { Position(line: $0.line, column: 1) } ?? .start
    }

    /// Position of the `index`-th `[[name]]` header, or of one of its keys (or their values);
    /// the header when the key is missing; `nil` when there is no such table.
    func arrayTable(_ name: String, _ index: Int, _ field: String? = nil, value: Bool = true) -> Position? {
        guard let tables = arrayTables[name], tables.indices.contains(index) else { return nil }
        let t = tables[index]
        guard let field, let entry = t.fields[field] else { return t.header }
        return value ? entry.value : entry.key
    }

    /// Position of the `index`-th `[[change]]` header, or of one of its keys (or their
    /// values); the header when the key is missing.
    func change(_ index: Int, _ field: String? = nil, value: Bool = true) -> Position {
        arrayTable("change", index, field, value: value) ?? key("change")
    }

    /// The source position of character (row, col) of the `index`-th change's map.
    func changeMapCharacter(_ index: Int, row: Int, col: Int) -> Position {
        guard changeMaps.indices.contains(index), let start = changeMaps[index].start,
              !(changeMaps[index].isOneLine && row > 0) else { return change(index, "map") }
        return Position(line: start.line + row, column: (row == 0 ? start.column : 1) + col)
    }

    /// The source position of map character (row, col), both 0-based.
    func mapCharacter(row: Int, col: Int) -> Position {
        guard let start = mapStart, !(mapIsOneLine && row > 0) else { return value("map") }
        return Position(line: start.line + row, column: (row == 0 ? start.column : 1) + col)
    }

    /// The start of the `index`-th element of the array whose `[` is at `start`, following it
    /// across lines and skipping strings and comments.
    private func element(from start: Position, index: Int) -> Position? {
        var line = start.line - 1, column = start.column - 1
        var text = Array(lines[line])
        guard column < text.count, text[column] == "[" else { return nil }
        column += 1
        var current = 0
        var inString: Character?
        var elementStart: Position?
        while line < lines.count {
            while column < text.count {
                let c = text[column]
                if let quote = inString {
                    if c == quote { inString = nil }
                } else if c == "#" {
                    break
                } else if c == "\"" || c == "'" {
                    inString = c
                    if elementStart == nil { elementStart = Position(line: line + 1, column: column + 1) }
                } else if c == "," || c == "]" {
                    if current == index { return elementStart }
                    current += 1
                    elementStart = nil
                    if c == "]" { return nil }
                } else if c != " " && c != "\t" && elementStart == nil {
                    elementStart = Position(line: line + 1, column: column + 1)
                }
                column += 1
            }
            line += 1
            column = 0
            if line < lines.count { text = Array(lines[line]) }
        }
        return nil
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
