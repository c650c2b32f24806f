extension Character {
    /// Drawn in one terminal column, as a cell of the canvas must be: the one rule the grid
    /// (a level's cell symbols) and the terminal (every character it writes) ask. East Asian
    /// wide characters and emoji take two columns, combining marks and format characters none;
    /// a letter followed by combining marks takes one.
    public var isSingleWidth: Bool {
        if isASCII { return true }
        guard let base = unicodeScalars.first, base.takesOneColumn else { return false }
        // Marks ride on the base; a variation selector asking for emoji, or a joiner, widens it.
        return unicodeScalars.dropFirst().allSatisfy { $0.properties.isCombiningMark && $0 != "\u{FE0F}" }
    }
}

extension Unicode.Scalar.Properties {
    fileprivate var isCombiningMark: Bool {
        switch generalCategory {
        case .nonspacingMark, .enclosingMark: true
        default: false
        }
    }
}

extension Unicode.Scalar {
    /// One column on its own: printable, not a mark, not East Asian wide, not an emoji.
    fileprivate var takesOneColumn: Bool {
        switch properties.generalCategory {
        case .control, .format, .unassigned, .surrogate, .nonspacingMark, .enclosingMark, .lineSeparator, .paragraphSeparator:
            return false
        default:
            break
        }
        if properties.isEmojiPresentation { return false }
        let v = value
        return !(v >= 0x1100 && (v <= 0x115F || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)))
    }
}
