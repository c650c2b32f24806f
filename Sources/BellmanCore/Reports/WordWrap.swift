/// Text broken into lines at spaces, never inside a word: the lesson list in a terminal, the
/// notes of an SVG chart.
public enum WordWrap {
    /// The words of `text` in lines of at most `width` characters. A word longer than a line
    /// stands alone on its own line, whole (a path or an id cut in two would read as two).
    public static func lines(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// `text` after `lead` (a name column), wrapped to `width` characters, its continuation
    /// lines indented to start under the text's first word. The text keeps at least
    /// `minimumWidth` characters a line when the lead leaves less.
    public static func hanging(_ text: String, after lead: String, width: Int, minimumWidth: Int = 20) -> String {
        let indent = lead.count
        let lines = lines(text, width: max(minimumWidth, width - indent))
        let pad = String(repeating: " ", count: indent)
        return lines.enumerated().map { i, line in (i == 0 ? lead : pad) + line }.joined(separator: "\n")
    }
}
