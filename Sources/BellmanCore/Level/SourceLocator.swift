/// Finds where keys and values sit in a level file's text.
///
/// TOMLKit reports positions only for syntax errors; parsed values carry none. Semantic errors
/// ("gamma 1.5", "unknown character in the map") must still point at the offending text, so
/// this scans the source for key lines the way a reader would. It understands the subset of
/// TOML that level files use (bare or quoted keys, `[legend]` tables, inline tables, arrays,
/// multi-line strings); anything it cannot place falls back to the nearest enclosing key.
struct SourceLocator {
    /// A 1-based line and column.
    struct Position: Equatable {
        var line: Int
        var column: Int
    }

    /// Where one `key = value` line is.
    struct KeyLine {
        var key: Position
        var value: Position
        /// The raw text of the line, as characters, for finding fields inside inline tables.
        var text: [Character]
    }

    private(set) var topLevel: [String: KeyLine] = [:]
    /// Keys inside `[legend]`, and `[legend.X]` headers (as the key's position).
    private(set) var legend: [String: KeyLine] = [:]
    /// The line of the `[legend]` header, if any.
    private(set) var legendHeader: Position?
    /// Where the map's first character is, when the map is a multi-line string.
    private(set) var mapStart: Position?

    init(source: String) {
        var table = ""  // "" is the top level
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        var lineNumber = 0
        while let raw = lines.next() {
            lineNumber += 1
            let text = Array(raw.hasSuffix("\r") ? raw.dropLast() : raw)
            var i = Self.skipSpaces(text, from: 0)
            guard i < text.count, text[i] != "#" else { continue }
            if text[i] == "[" {
                let header = String(text[(i + 1)...]).prefix { $0 != "]" }
                    .trimmingCharacters(in: " \t\"'")
                table = header
                if header == "legend" { legendHeader = Position(line: lineNumber, column: i + 1) }
                if header.hasPrefix("legend.") {
                    let name = String(header.dropFirst("legend.".count)).trimmingCharacters(in: " \t\"'")
                    let at = Position(line: lineNumber, column: i + 1)
                    legend[name] = KeyLine(key: at, value: at, text: text)
                }
                continue
            }
            guard let (key, keyColumn, afterEquals) = Self.keyAndEquals(text, from: &i) else { continue }
            let valueIndex = Self.skipSpaces(text, from: afterEquals)
            let entry = KeyLine(
                key: Position(line: lineNumber, column: keyColumn + 1),
                value: Position(line: lineNumber, column: valueIndex + 1),
                text: text)
            if table.isEmpty {
                if topLevel[key] == nil { topLevel[key] = entry }
            } else if table == "legend" {
                if legend[key] == nil { legend[key] = entry }
            }
            // Skip the body of a multi-line string so its lines are not read as keys.
            let rest = String(text[min(valueIndex, text.count)...])
            for quote in ["\"\"\"", "'''"] where rest.hasPrefix(quote) {
                let afterOpen = rest.dropFirst(3)
                if table.isEmpty && key == "map" {
                    mapStart = afterOpen.isEmpty
                        ? Position(line: lineNumber + 1, column: 1)
                        : Position(line: lineNumber, column: valueIndex + 4)
                }
                if afterOpen.contains(quote) { break }
                while let next = lines.next() {
                    lineNumber += 1
                    if next.contains(quote) { break }
                }
            }
        }
    }

    /// Position of a top-level key (or 1:1 when it is missing, as for a missing required key).
    func key(_ name: String) -> Position {
        topLevel[name]?.key ?? Position(line: 1, column: 1)
    }

    /// Position of a top-level key's value.
    func value(_ name: String) -> Position {
        topLevel[name]?.value ?? Position(line: 1, column: 1)
    }

    /// Position of the `index`-th element of a one-line array value (`wind`, `actions`).
    func arrayElement(_ name: String, index: Int) -> Position {
        guard let entry = topLevel[name] else { return key(name) }
        return Self.element(in: entry.text, from: entry.value.column - 1, index: index)
            .map { Position(line: entry.value.line, column: $0 + 1) } ?? entry.value
    }

    /// Position of a legend entry's key.
    func legendEntry(_ symbol: String) -> Position {
        legend[symbol]?.key ?? legendHeader ?? Position(line: 1, column: 1)
    }

    /// Position of a field inside a legend entry (`reward` in `C = { kind = "cliff", reward = 1 }`);
    /// `value` selects the field's value rather than its name.
    func legendField(_ symbol: String, _ field: String, value: Bool) -> Position {
        guard let entry = legend[symbol] else { return legendEntry(symbol) }
        var i = entry.value.column - 1
        while i < entry.text.count {
            var j = i
            if let (key, column, afterEquals) = Self.keyAndEquals(entry.text, from: &j), key == field {
                let at = value ? Self.skipSpaces(entry.text, from: afterEquals) : column
                return Position(line: entry.key.line, column: at + 1)
            }
            i += 1
        }
        return entry.key
    }

    /// The source position of map character (row, col), both 0-based.
    func mapCharacter(row: Int, col: Int) -> Position {
        guard let start = mapStart else { return value("map") }
        return Position(line: start.line + row, column: (row == 0 ? start.column : 1) + col)
    }

    // MARK: - Scanning

    private static func skipSpaces(_ text: [Character], from start: Int) -> Int {
        var i = start
        while i < text.count, text[i] == " " || text[i] == "\t" { i += 1 }
        return i
    }

    /// Reads `key =` (bare or quoted) at `i`; returns the key, its column and the index after `=`.
    private static func keyAndEquals(_ text: [Character], from i: inout Int) -> (String, Int, Int)? {
        i = skipSpaces(text, from: i)
        let column = i
        var key = ""
        if i < text.count, text[i] == "\"" || text[i] == "'" {
            let quote = text[i]
            i += 1
            while i < text.count, text[i] != quote { key.append(text[i]); i += 1 }
            guard i < text.count else { return nil }
            i += 1
        } else {
            while i < text.count, text[i].isLetter || text[i].isNumber || "_-.".contains(text[i]) {
                key.append(text[i])
                i += 1
            }
        }
        guard !key.isEmpty else { return nil }
        i = skipSpaces(text, from: i)
        guard i < text.count, text[i] == "=" else { return nil }
        return (key, column, i + 1)
    }

    /// Index of the `index`-th element of a bracketed array starting at `start`.
    private static func element(in text: [Character], from start: Int, index: Int) -> Int? {
        guard start < text.count, text[start] == "[" else { return nil }
        var i = skipSpaces(text, from: start + 1)
        var current = 0
        var inString: Character?
        var elementStart = i
        while i < text.count {
            let c = text[i]
            if let quote = inString {
                if c == quote { inString = nil }
            } else if c == "\"" || c == "'" {
                inString = c
            } else if c == "," || c == "]" {
                if current == index { return elementStart }
                current += 1
                elementStart = skipSpaces(text, from: i + 1)
            }
            i += 1
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
