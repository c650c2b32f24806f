/// Checks TOML text for inputs the TOML library cannot survive, before handing it over.
///
/// TOMLKit wraps toml++, whose parser *asserts* (and so aborts the whole program, in release
/// builds too) on three shapes of broken input: a table header whose first character is not a
/// key (`[=`, `[[.`, `[é]`, `[ #`); a `}` where an array expects a value (`[}`, `[1, }`); and
/// a date-like value, a space and a single digit (`2000-01-01 2,`), where it looks for a time.
/// Both were found by fuzzing (Tests/BellmanCoreTests/LevelFuzzTests.swift and the libFuzzer
/// target in .ci/fuzz/), which keep them as regression cases. A hand-written level must never take
/// the program down, so these are reported here as ordinary syntax errors with a position.
enum TOMLPreflight {
    /// Where the TOML library would crash, if anywhere: the line, the byte offset of the
    /// offending character and of its line's start, and what is wrong there.
    struct Finding {
        var line: Int
        var offset: Int
        var lineStart: Int
        var problem: Problem
    }

    enum Problem {
        case headerWithoutName
        case closingBraceInArray
        case dateWithDigit
    }

    static func firstUnsafe(in bytes: [UInt8]) -> Finding? {
        var i = 0, line = 1, lineStart = 0
        var atLineStart = true
        // The open arrays and inline tables of the value being read, and the last character
        // that was not blank or a comment: after `[` or `,` an array expects a value.
        var open: [UInt8] = []
        var last: UInt8 = 0
        let n = bytes.count
        func at(_ k: Int) -> UInt8 { k < n ? bytes[k] : 0 }
        while i < n {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "\n"):
                line += 1
                i += 1
                lineStart = i
                atLineStart = true
                // An inline table ends on its line; a broken one must not hide later headers.
                if open.last == UInt8(ascii: "{") { open.removeAll() }
                continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                i += 1
                continue
            case UInt8(ascii: "#"):
                while i < n && bytes[i] != UInt8(ascii: "\n") { i += 1 }
                continue
            case UInt8(ascii: "[") where atLineStart && open.isEmpty:
                var j = i + 1
                if at(j) == UInt8(ascii: "[") { j += 1 }
                while at(j) == UInt8(ascii: " ") || at(j) == UInt8(ascii: "\t") { j += 1 }
                if j < n && !startsKeyOrCloses(bytes[j]) { return Finding(line: line, offset: j, lineStart: lineStart, problem: .headerWithoutName) }
                // The rest of a header line holds nothing the check needs.
                while i < n && bytes[i] != UInt8(ascii: "\n") { i += 1 }
                continue
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                open.append(c)
            case UInt8(ascii: "]"):
                if open.last == UInt8(ascii: "[") { open.removeLast() }
            case UInt8(ascii: "}"):
                if open.last == UInt8(ascii: "["), last == UInt8(ascii: "[") || last == UInt8(ascii: ",") {
                    return Finding(line: line, offset: i, lineStart: lineStart, problem: .closingBraceInArray)
                }
                if open.last == UInt8(ascii: "{") { open.removeLast() }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                // Skip the string, counting the lines of a multi-line one.
                let multiLine = at(i + 1) == c && at(i + 2) == c
                let escapes = c == UInt8(ascii: "\"")
                i += multiLine ? 3 : 1
                while i < n {
                    if escapes && bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
                    if bytes[i] == UInt8(ascii: "\n") {
                        if !multiLine { break }
                        line += 1
                        lineStart = i + 1
                    }
                    if bytes[i] == c && (!multiLine || (at(i + 1) == c && at(i + 2) == c)) {
                        i += multiLine ? 3 : 1
                        break
                    }
                    i += 1
                }
                atLineStart = false
                last = c
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if isBoundary(last) && i > 0 && isBoundary(bytes[i - 1]), dateFollowedByOneDigit(bytes, at: i) {
                    return Finding(line: line, offset: i, lineStart: lineStart, problem: .dateWithDigit)
                }
            case 0x80...:
                // toml++ skips Unicode whitespace too (U+3000, U+FEFF, ...): so must the check.
                var decoder = UTF8()
                var iterator = bytes[i..<min(n, i + 4)].makeIterator()
                if case .scalarValue(let s) = decoder.decode(&iterator), isTOMLWhitespace(s) {
                    i += UTF8.width(s)
                    continue
                }
            default:
                break
            }
            atLineStart = false
            last = c
            i += 1
        }
        return nil
    }

    /// What can come before a value: the start, blanks, `=`, `[`, `{` or `,`.
    private static func isBoundary(_ c: UInt8) -> Bool {
        c == 0 || c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "=") || c == UInt8(ascii: "[")
            || c == UInt8(ascii: "{") || c == UInt8(ascii: ",") || c == UInt8(ascii: "\n")
    }

    /// toml++'s whitespace: Unicode's, plus U+180E and U+FEFF, which it still counts.
    private static func isTOMLWhitespace(_ c: Unicode.Scalar) -> Bool {
        c.properties.isWhitespace || c == "\u{180E}" || c == "\u{FEFF}"
    }

    /// toml++'s end of a value: whitespace, `]`, `}`, `,` or `#`.
    private static func endsValue(_ c: Unicode.Scalar) -> Bool {
        isTOMLWhitespace(c) || c == "]" || c == "}" || c == "," || c == "#"
    }

    /// Ten characters with `-` as the fifth and eighth (a date, as toml++ guesses), a space,
    /// one digit and then the end of the value: never valid TOML (a time has more digits),
    /// and toml++ asserts on it while looking for the time.
    private static func dateFollowedByOneDigit(_ bytes: [UInt8], at i: Int) -> Bool {
        guard i + 13 <= bytes.count else { return false }
        var scalars: [Unicode.Scalar] = []
        var decoder = UTF8()
        var iterator = bytes[i..<min(bytes.count, i + 64)].makeIterator()
        while scalars.count < 13, case .scalarValue(let s) = decoder.decode(&iterator) { scalars.append(s) }
        guard scalars.count == 13 else { return false }
        return !scalars[0..<10].contains(where: endsValue) && scalars[4] == "-" && scalars[7] == "-"
            && scalars[10] == " " && ("0"..."9").contains(scalars[11]) && endsValue(scalars[12])
    }

    /// A bare key character, a quote, or the bracket that closes an (empty) header.
    private static func startsKeyOrCloses(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "]"):
            return true
        default:
            return false
        }
    }

    /// The error for input the TOML library would crash on, if `source` has any.
    static func check(_ source: String, file: String) -> FileProblem? {
        let bytes = Array(source.utf8)
        guard let found = firstUnsafe(in: bytes) else { return nil }
        let column = String(decoding: bytes[found.lineStart..<found.offset], as: UTF8.self).count + 1
        let message: String
        switch found.problem {
        case .headerWithoutName:
            let character = String(decoding: bytes[found.offset...].prefix(4), as: UTF8.self).first.map(String.init) ?? "?"
            message = "TOML syntax: a table header starts with a name, found `\(character.debugDescription.dropFirst().dropLast())`; write a name like [legend.X] (quote it, [legend.\"é\"], if it is not a letter, digit, - or _)"
        case .closingBraceInArray:
            message = "TOML syntax: `}` where the array expects a value; an array is written [value, value, ...] and closed with ]"
        case .dateWithDigit:
            message = "TOML syntax: a date followed by a single digit; a date-time is written 1979-05-27 07:32:00, a number without dashes"
        }
        return FileProblem(file: file, line: found.line, column: column, message: message)
    }
}
