/// How every CSV report writes a free-text field (a series' label): as it is, or quoted
/// (RFC 4180) where it holds a comma, a quote or a line break.
enum CSVField {
    static func text(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
