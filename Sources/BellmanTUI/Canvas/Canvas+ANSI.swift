/// A canvas as ANSI text: what a terminal would show, pasteable into a terminal, a notes file
/// or an asciicast. 256-colour SGR codes (`38;5;N`, `48;5;N`), written only where the style
/// changes; every line ends with a reset.
extension Canvas {
    public func ansiLines() -> [String] {
        (0..<height).map { y in
            var line = ""
            var current = Style.plain
            for x in 0..<width {
                let cell = self[x, y]
                if cell.style != current {
                    line += Self.sgr(cell.style)
                    current = cell.style
                }
                line.append(cell.character)
            }
            return line + "\u{1B}[0m"
        }
    }

    /// The whole canvas as ANSI text, one line per row.
    public var ansiText: String { ansiLines().joined(separator: "\n") + "\n" }

    static func sgr(_ style: Style) -> String {
        var codes = ["0"]
        if style.attributes.contains(.bold) { codes.append("1") }
        if style.attributes.contains(.dim) { codes.append("2") }
        if style.attributes.contains(.underline) { codes.append("4") }
        if style.attributes.contains(.reverse) { codes.append("7") }
        if case .indexed(let n) = style.foreground { codes.append("38;5;\(n)") }
        if case .indexed(let n) = style.background { codes.append("48;5;\(n)") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}
