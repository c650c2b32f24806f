/// Text from files someone else wrote reaches the terminal and the file system; these are the
/// two rules that keep it from acting there.
extension String {
    /// The string with every control character made visible, so printing it can never move
    /// the cursor, retitle the terminal or start an escape sequence: C0 controls and DEL in
    /// caret notation (`ESC` is `^[`), C1 controls as `<U+009B>`. Newlines and tabs are kept
    /// when `keepingLines` (the command line's output is lines of text).
    public func terminalSafe(keepingLines: Bool) -> String {
        guard unicodeScalars.contains(where: { $0.isTerminalControl && !(keepingLines && ($0 == "\n" || $0 == "\t")) }) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if !scalar.isTerminalControl || keepingLines && (scalar == "\n" || scalar == "\t") {
                out.append(scalar)
            } else if scalar.value < 0x20 || scalar.value == 0x7F {
                out.append("^")
                out.append(Unicode.Scalar(UInt8(scalar.value ^ 0x40)))
            } else {
                out.append(contentsOf: "<U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(4))>".unicodeScalars)
            }
        }
        return String(out)
    }

    /// One line of text safe for the terminal: no control character at all.
    public var terminalSafe: String { terminalSafe(keepingLines: false) }

    /// The string as one file name inside a folder: letters, digits, `-`, `_` and `.` kept,
    /// anything else (a `/`, `..`, a control character, a space) made `-`, no leading dot, at
    /// most 80 characters; `fallback` when nothing is left. A name from a file can then never
    /// reach outside the folder it belongs in.
    public func fileNameComponent(fallback: String) -> String {
        var name = String(String.UnicodeScalarView(unicodeScalars.map { s in
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_" || s == ".") ? s : "-"
        }))
        while name.hasPrefix(".") { name.removeFirst() }
        name = String(name.prefix(80))
        return name.isEmpty ? fallback : name
    }

    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension Unicode.Scalar {
    /// C0 controls, DEL and the C1 controls (general category Cc): what a terminal acts on.
    public var isTerminalControl: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }
}
