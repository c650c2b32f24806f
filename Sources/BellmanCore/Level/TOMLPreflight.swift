/// Checks TOML text for inputs the TOML library cannot survive, before handing it over.
///
/// TOMLKit wraps toml++, whose parser *asserts* (and so aborts the whole program, in release
/// builds too) on a table header whose first character is not a key: `[=`, `[[.`, `[é]`,
/// `[ #`. Found by the level fuzzer (Tests/BellmanCoreTests/LevelFuzzTests.swift), which
/// keeps these inputs as regression cases. A hand-written level must never take the program
/// down, so such a header is reported here as an ordinary syntax error with its position.
enum TOMLPreflight {
    /// The first header the TOML library would crash on, as (line, byte offset in the source,
    /// byte offset of its line start, the offending character); nil when there is none.
    static func firstUnsafeHeader(in bytes: [UInt8]) -> (line: Int, offset: Int, lineStart: Int)? {
        var i = 0, line = 1, lineStart = 0
        var atLineStart = true
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
                continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                i += 1
                continue
            case UInt8(ascii: "#"):
                while i < n && bytes[i] != UInt8(ascii: "\n") { i += 1 }
                continue
            case UInt8(ascii: "["):
                if atLineStart {
                    var j = i + 1
                    if at(j) == UInt8(ascii: "[") { j += 1 }
                    while at(j) == UInt8(ascii: " ") || at(j) == UInt8(ascii: "\t") { j += 1 }
                    if j < n && !startsKeyOrCloses(bytes[j]) { return (line, j, lineStart) }
                }
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
                continue
            default:
                break
            }
            atLineStart = false
            i += 1
        }
        return nil
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

    /// The error for an unsafe header in `source`, if it has one.
    static func check(_ source: String, file: String) -> LevelError? {
        let bytes = Array(source.utf8)
        guard let found = firstUnsafeHeader(in: bytes) else { return nil }
        let column = String(decoding: bytes[found.lineStart..<found.offset], as: UTF8.self).count + 1
        let character = String(decoding: bytes[found.offset...].prefix(4), as: UTF8.self).first.map(String.init) ?? "?"
        return LevelError(file: file, line: found.line, column: column,
                          message: "TOML syntax: a table header starts with a name, found `\(character.debugDescription.dropFirst().dropLast())`; write a name like [legend.X] (quote it, [legend.\"é\"], if it is not a letter, digit, - or _)")
    }
}
