/// A terminal colour as the view layer asks for it; the backend maps it onto what the
/// terminal can show (`ColorMode`).
public enum Color: Sendable, Hashable {
    /// The terminal's own foreground or background.
    case `default`
    /// One of the 256 xterm palette colours (0-7 are the basic eight).
    case indexed(UInt8)

    public static let black = Color.indexed(0)
    public static let red = Color.indexed(1)
    public static let green = Color.indexed(2)
    public static let yellow = Color.indexed(3)
    public static let blue = Color.indexed(4)
    public static let magenta = Color.indexed(5)
    public static let cyan = Color.indexed(6)
    public static let white = Color.indexed(7)
    public static let gray = Color.indexed(244)
    public static let darkGray = Color.indexed(238)
}

/// Text attributes of a cell.
public struct Attributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = Attributes(rawValue: 1)
    public static let dim = Attributes(rawValue: 2)
    public static let reverse = Attributes(rawValue: 4)
    public static let underline = Attributes(rawValue: 8)
}

/// How a cell is drawn: colours and attributes.
public struct Style: Sendable, Hashable {
    public var foreground: Color
    public var background: Color
    public var attributes: Attributes

    public init(foreground: Color = .default, background: Color = .default, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = Style()
    public static let bold = Style(attributes: .bold)
    public static let dim = Style(attributes: .dim)
    public static let reverse = Style(attributes: .reverse)
}

/// One character cell of the screen.
public struct Cell: Sendable, Hashable {
    /// A single-width character; never a control character.
    public var character: Character
    public var style: Style

    /// A cell showing `character`. Every character that reaches the terminal passes here, so
    /// a control character (from a level's name, a legend key, a caption) becomes `?` and
    /// can never start an escape sequence.
    public init(_ character: Character = " ", _ style: Style = .plain) {
        if let ascii = character.asciiValue {
            self.character = ascii < 0x20 || ascii == 0x7F ? "?" : character
        } else {
            self.character = character.unicodeScalars.contains(where: \.isTerminalControl) ? "?" : character
        }
        self.style = style
    }

    public static let blank = Cell()
}

/// What colours the terminal can show, decided once at start-up.
public enum ColorMode: Sendable, Hashable {
    /// `NO_COLOR` set, or a terminal without colours: attributes and shade characters only.
    case none
    /// Eight colours: the basic palette.
    case basic8
    /// 256 colours (xterm-256color, and truecolor terminals, which all show the 256 palette).
    case palette256
}
