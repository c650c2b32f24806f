/// A key as the app understands it, independent of the terminal library.
public enum Key: Sendable, Hashable {
    case character(Character)
    case up, down, left, right
    case enter, escape, tab, backTab, backspace
    case pageUp, pageDown, home, end
    case function(Int)
}

/// What the terminal reports.
public enum InputEvent: Sendable, Hashable {
    case key(Key)
    /// A mouse press at a screen position (0-based).
    case mouse(x: Int, y: Int)
    case resize(width: Int, height: Int)
}
