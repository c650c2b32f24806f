/// An in-memory screen: a grid of cells the views draw into and the terminal backend blits.
/// Nothing here knows about ncurses, so every screen can be tested as data.
public struct Canvas: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// The cell at (x, y); blank outside the canvas.
    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x, y) ? cells[y * width + x] : .blank }
        set { if contains(x, y) { cells[y * width + x] = newValue } }
    }

    public func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Writes `text` from (x, y) on one line, clipped to `maxWidth` and to the canvas (a cut
    /// text ends in "…");
    /// returns the x after the last character written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int = .max) -> Int {
        var column = x
        let limit = min(width, maxWidth == .max ? Int.max : x + maxWidth)
        let characters = Array(text)
        // Text that does not fit ends in "…" (trailing spaces cut off say nothing).
        let room = limit - x
        let cut = room > 0 && characters.count > room && characters[room...].contains { $0 != " " }
        for character in characters where column < limit {
            if column >= 0 { self[column, y] = Cell(cut && column == limit - 1 ? "…" : character, style) }
            column += 1
        }
        return column
    }

    /// Fills a rectangle with one cell.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, with cell: Cell) {
        // A rectangle partly or wholly off the canvas fills what lies on it.
        guard max(0, y) < min(height, y + h), max(0, x) < min(width, x + w) else { return }
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) { cells[row * width + column] = cell }
        }
    }

    /// Sets the style of a rectangle, keeping the characters.
    public mutating func restyle(x: Int, y: Int, width w: Int, height h: Int, _ change: (inout Style) -> Void) {
        guard max(0, y) < min(height, y + h), max(0, x) < min(width, x + w) else { return }
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) { change(&cells[row * width + column].style) }
        }
    }

    /// A box outline with an optional title in its top border.
    public mutating func box(x: Int, y: Int, width w: Int, height h: Int, title: String = "", style: Style = .dim) {
        guard w >= 2, h >= 2 else { return }
        for column in x + 1..<x + w - 1 {
            self[column, y] = Cell("─", style)
            self[column, y + h - 1] = Cell("─", style)
        }
        for row in y + 1..<y + h - 1 {
            self[x, row] = Cell("│", style)
            self[x + w - 1, row] = Cell("│", style)
        }
        self[x, y] = Cell("┌", style)
        self[x + w - 1, y] = Cell("┐", style)
        self[x, y + h - 1] = Cell("└", style)
        self[x + w - 1, y + h - 1] = Cell("┘", style)
        if !title.isEmpty { put(" \(title) ", x: x + 2, y: y, style: .bold, maxWidth: w - 4) }
    }

    /// The text of row y, for tests and plain-text captures.
    public func line(_ y: Int) -> String { String((0..<width).map { self[$0, y].character }) }

    /// All rows as text, trailing spaces trimmed.
    public var text: String {
        (0..<height).map { y in
            var s = line(y)
            while s.last == " " { s.removeLast() }
            return s
        }.joined(separator: "\n")
    }

    /// The positions whose cells differ from `previous` (all of them if the sizes differ).
    public func changes(since previous: Canvas?) -> [Int] {
        guard let previous, previous.width == width, previous.height == height else { return Array(cells.indices) }
        return cells.indices.filter { cells[$0] != previous.cells[$0] }
    }
}
