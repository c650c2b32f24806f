/// A small JSON writer that keeps keys in the order DESIGN §4 shows them and writes numbers
/// as Swift prints them (shortest round-trip form); non-finite numbers become `null`.
/// Public for the playground's exports (asciicast lines).
public struct JSONWriter {
    private(set) var text = ""

    public enum Value: Sendable {
        case number(Double)
        case int(Int)
        case string(String)
        case bool(Bool)
        case null
        case array([Value])
        case object([(String, Value)])
        /// JSON already written (a report's own, placed inside another).
        case raw(String)
    }

    public static func render(_ value: Value) -> String {
        var writer = JSONWriter()
        writer.write(value)
        return writer.text
    }

    private mutating func write(_ value: Value) {
        switch value {
        case .number(let x):
            if !x.isFinite {
                text += "null"
            } else if x == x.rounded(), abs(x) < 1e15 {
                text += String(Int(x))
            } else {
                text += "\(x)"
            }
        case .int(let n): text += String(n)
        case .string(let s): writeString(s)
        case .bool(let b): text += b ? "true" : "false"
        case .null: text += "null"
        case .raw(let json): text += json
        case .array(let items):
            text += "["
            for (i, item) in items.enumerated() {
                if i > 0 { text += ", " }
                write(item)
            }
            text += "]"
        case .object(let fields):
            text += "{"
            for (i, (key, item)) in fields.enumerated() {
                if i > 0 { text += ", " }
                writeString(key)
                text += ": "
                write(item)
            }
            text += "}"
        }
    }

    private mutating func writeString(_ s: String) {
        text += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.isTerminalControl:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
