import Foundation

/// Where the values of a JSON text stand (for `FILE:LINE:COL` messages about a session file),
/// and the first syntax error with its position. Foundation's decoder says neither.
///
/// Paths are written `parameters.alpha`, `changes[2].tick`; the elements of arrays are
/// located only when they are objects or arrays (a table of a million numbers is located as
/// a whole). Nesting deeper than `maxDepth` is an error, so no input can exhaust the stack.
struct JSONLocator {
    typealias Position = SourcePosition

    static let maxDepth = 32
    private(set) var positions: [String: Position] = [:]
    /// The text of each number, string or literal that is an object's member, by path.
    private(set) var scalars: [String: String] = [:]
    private(set) var syntaxError: (position: Position, message: String)?

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1

    init(_ data: Data) {
        bytes = Array(data)
        skipSpace()
        if index == bytes.count {
            fail("the file is empty; a session is a JSON object written by --save")
            return
        }
        value(path: "", depth: 0)
        skipSpace()
        if syntaxError == nil && index < bytes.count { fail("text after the end of the JSON value") }
    }

    /// The position of `path`, or of the nearest enclosing value that was located.
    func position(of path: String) -> Position {
        var path = path
        while !path.isEmpty {
            if let found = positions[path] { return found }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            path = String(path[..<cut])
        }
        return Position(line: 1, column: 1)
    }

    private var here: Position { Position(line: line, column: column) }

    private mutating func fail(_ message: String) {
        if syntaxError == nil { syntaxError = (here, message) }
    }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        index += 1
        // A UTF-8 continuation byte belongs to the character before it: no column of its own.
        while index < bytes.count && bytes[index] & 0xC0 == 0x80 { index += 1 }
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { advance() }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else {
            fail(index < bytes.count ? "expected \(what)" : "the file ends early: expected \(what)")
            return false
        }
        advance()
        return true
    }

    private mutating func value(path: String, depth: Int) {
        skipSpace()
        guard syntaxError == nil else { return }
        guard index < bytes.count else { return fail("the file ends early: expected a value") }
        guard depth < Self.maxDepth else { return fail("nested deeper than \(Self.maxDepth) levels; a session is not") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            advance()
            skipSpace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "}") { advance(); return }
            while true {
                skipSpace()
                let at = here
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return fail("expected a key in quotes") }
                let key = string()
                guard syntaxError == nil, expect(UInt8(ascii: ":"), "`:` after the key") else { return }
                skipSpace()
                let member = path.isEmpty ? key : path + "." + key
                positions[member] = index < bytes.count ? here : at
                let valueStart = index
                value(path: member, depth: depth + 1)
                if syntaxError == nil, index > valueStart, bytes[valueStart] != UInt8(ascii: "{"), bytes[valueStart] != UInt8(ascii: "["),
                   index - valueStart <= 64 {
                    scalars[member] = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                }
                guard syntaxError == nil else { return }
                guard comma() else { break }
            }
            _ = expect(UInt8(ascii: "}"), "`,` or `}` in the object")
        case UInt8(ascii: "["):
            advance()
            skipSpace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") { advance(); return }
            var i = 0
            while true {
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[") {
                    positions["\(path)[\(i)]"] = here
                }
                value(path: "\(path)[\(i)]", depth: depth + 1)
                guard syntaxError == nil else { return }
                i += 1
                guard comma() else { break }
            }
            _ = expect(UInt8(ascii: "]"), "`,` or `]` in the array")
        case UInt8(ascii: "\""):
            _ = string()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            while index < bytes.count, "+-.eE0123456789".utf8.contains(bytes[index]) { advance() }
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            for word in ["true", "false", "null"] where bytes[index...].starts(with: word.utf8) {
                for _ in word.utf8 { advance() }
                return
            }
            fail("expected a value (a number, a string, true, false, null, an object or an array)")
        default:
            fail("expected a value (a number, a string, true, false, null, an object or an array)")
        }
    }

    /// Takes a `,` if one comes next.
    private mutating func comma() -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return false }
        advance()
        return true
    }

    /// A string from its opening quote; returns its raw text (escapes as written).
    private mutating func string() -> String {
        advance()
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                advance()
                return text
            }
            if byte < 0x20 { fail("a control character inside a string (write it as \\u00XX)"); return "" }
            if byte == UInt8(ascii: "\\") { advance(); guard index < bytes.count else { break } }
            advance()
        }
        fail("the file ends inside a string")
        return ""
    }
}
