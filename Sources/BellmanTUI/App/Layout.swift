/// A rectangle of the screen.
public struct Rect: Sendable, Equatable {
    public var x, y, width, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
}

/// Where everything goes on a screen of the state's size: shared by the views (to draw) and
/// by `update` (to scroll and to hit-test mouse clicks), so the two always agree.
public struct Layout: Sendable {
    /// The smallest terminal the playground draws in; below it, a message.
    public static let minWidth = 40
    public static let minHeight = 12

    /// Cell sizes (characters wide x lines tall) from largest to smallest.
    public static let cellSizes: [(width: Int, height: Int)] = [(7, 3), (6, 3), (7, 2), (6, 2), (5, 2), (4, 2), (3, 1), (2, 1), (1, 1)]
    /// Cell sizes of the Q-per-action view, which needs three lines for the N/S triangles.
    public static let actionCellSizes: [(width: Int, height: Int)] = [(7, 3), (5, 3), (3, 3)]

    public let tooSmall: Bool
    /// Wide screens have a side panel, an explain box and curves; compact ones a status area.
    public let compact: Bool
    public let title: Rect
    public let footer: Rect
    public let grid: Rect
    public let panel: Rect?
    public let explain: Rect?
    public let curves: Rect?
    /// The lines under the grid in compact mode.
    public let status: Rect?
    public let cellWidth: Int
    public let cellHeight: Int
    /// How many grid rows and columns fit.
    public let visibleRows: Int
    public let visibleCols: Int
    /// Where the grid's cells start (the grid is centred in its area when it is smaller).
    public let gridOrigin: (x: Int, y: Int)
    /// Lines under the cells for the wind row and the colour legend.
    public let legendY: Int
    /// Columns left of the cells for a model's row labels (0 without axes); its column labels
    /// go on the line above the cells.
    public let rowLabelWidth: Int

    public init(_ state: AppState) {
        let w = state.width, h = state.height
        tooSmall = w < Self.minWidth || h < Self.minHeight
        compact = w < 80 || h < 22
        title = Rect(x: 0, y: 0, width: w, height: 1)
        footer = Rect(x: 0, y: h - 1, width: w, height: 1)
        var left = Rect(x: 0, y: 1, width: w, height: h - 2)
        if compact {
            panel = nil
            explain = nil
            curves = nil
            status = Rect(x: 0, y: h - 4, width: w, height: 3)
            left.height -= 3
        } else {
            let panelWidth = min(46, max(34, w / 3))
            panel = Rect(x: w - panelWidth, y: 1, width: panelWidth, height: h - 2)
            left.width = w - panelWidth - 1
            // The level first: where its rows (one line each at the least) would not fit but
            // would without the curves, the curves give their lines, and then the explain box,
            // so that a 31x31 maze is seen whole at 120x40. A level that scrolls anyway keeps both.
            let extras = (state.level.wind.isEmpty ? 0 : 1) + 1 + (state.level.mdp?.axes == nil ? 0 : 2)
            // A bandit is drawn as its arms, a line each under two of titles, not as cells.
            let arms = state.model.banditState.map { state.model.actionCount(of: $0) + 1 }
            let oneLineRows = arms ?? state.level.rows, twoLineRows = arms ?? 2 * state.level.rows
            let wanted = oneLineRows + extras
            var explainHeight = 5
            // Below 30 lines the curves take what the level leaves, when that is enough to
            // read: what two-line cells leave (values in the cells), else what one-line ones do.
            let spareTall = left.height - explainHeight - twoLineRows - extras
            let spare = left.height - explainHeight - wanted
            var curveHeight = h >= 30 ? 8 : spareTall >= 6 ? min(8, spareTall) : spare >= 6 ? min(8, spare) : 0
            if left.height - curveHeight - explainHeight < wanted && left.height - explainHeight >= wanted {
                curveHeight = 0
            } else if left.height - curveHeight - explainHeight < wanted && left.height >= wanted {
                curveHeight = 0
                explainHeight = 0
            }
            // Rows the level does not need (at the cell height it gets anyway) let the explain
            // box show a longer update whole: DP's sweep line, a model's long state names.
            if explainHeight > 0 {
                let spareTall = left.height - curveHeight - explainHeight - twoLineRows - extras
                let spareShort = left.height - curveHeight - explainHeight - wanted
                explainHeight += min(3, max(0, spareTall >= 0 ? spareTall : spareShort))
            }
            curves = curveHeight > 0 ? Rect(x: 0, y: h - 1 - curveHeight, width: left.width, height: curveHeight) : nil
            explain = explainHeight > 0 ? Rect(x: 0, y: h - 1 - curveHeight - explainHeight, width: left.width, height: explainHeight) : nil
            left.height -= curveHeight + explainHeight
            status = nil
        }
        // Room under the cells: a wind row when the level has wind, the colour legend, and the
        // names of a model's axes.
        let reserved = (state.level.wind.isEmpty ? 0 : 1) + 1 + (state.level.mdp?.axes == nil ? 0 : 1)
        grid = Rect(x: left.x, y: left.y, width: left.width, height: left.height - reserved)
        // A built-in model's axes: row labels in a gutter on the left, column labels on a line above.
        let axes = state.level.mdp?.axes
        rowLabelWidth = axes.map { ($0.rowLabels.map(\.count).max() ?? 0) + 1 } ?? 0
        let labelLine = axes == nil ? 0 : 1
        let area = Rect(x: grid.x + rowLabelWidth, y: grid.y + labelLine, width: grid.width - rowLabelWidth,
                        height: grid.height - labelLine)
        let sizes = state.view == .actionValues ? Self.actionCellSizes : Self.cellSizes
        let rows = state.level.rows, cols = state.level.cols
        var size: (width: Int, height: Int)
        if let zoom = state.zoom {
            size = sizes[min(max(zoom, 0), sizes.count - 1)]
        } else {
            size = sizes.first { $0.width * cols <= area.width && $0.height * rows <= area.height } ?? sizes[sizes.count - 1]
            if state.view != .actionValues, size.width * cols <= area.width, size.height * rows <= area.height {
                size = Self.grown(size, into: area, rows: rows, cols: cols)
            }
        }
        cellWidth = size.width
        cellHeight = size.height
        visibleCols = max(1, min(cols, area.width / size.width))
        visibleRows = max(1, min(rows, area.height / size.height))
        let used = (width: visibleCols * size.width, height: visibleRows * size.height)
        gridOrigin = (area.x + max(0, (area.width - used.width) / 2), area.y)
        legendY = area.y + used.height
    }

    /// The largest cells grow to, in characters and lines: beyond them a cell holds no more.
    static let grownWidth = 11
    static let grownHeight = 5

    /// A level seen whole with room to spare gets larger cells: as wide and as tall as the
    /// free columns and lines allow, up to `grownWidth` x `grownHeight`, keeping cells about
    /// square on screen (a character is about half as wide as a line is tall).
    static func grown(_ size: (width: Int, height: Int), into area: Rect, rows: Int, cols: Int) -> (width: Int, height: Int) {
        var width = max(size.width, min(area.width / max(cols, 1), grownWidth))
        let height = max(size.height, min(area.height / max(rows, 1), grownHeight, width / 2))
        width = max(size.width, min(width, 2 * height + 3))
        return (width, height)
    }

    /// The line of a cell (from its top) that holds its value: the middle of a tall cell.
    public var valueLine: Int { cellHeight <= 2 ? 0 : (cellHeight - 1) / 2 }

    /// The grid cell under a screen position, if it shows one.
    public func cell(atX x: Int, y: Int, scroll: GridPosition) -> GridPosition? {
        let dx = x - gridOrigin.x, dy = y - gridOrigin.y
        guard dx >= 0, dy >= 0, dx < visibleCols * cellWidth, dy < visibleRows * cellHeight else { return nil }
        return GridPosition(row: scroll.row + dy / cellHeight, col: scroll.col + dx / cellWidth)
    }

    /// The scroll that keeps `cursor` visible, moving as little as possible from `scroll`.
    public func scroll(keeping cursor: GridPosition, from scroll: GridPosition, rows: Int, cols: Int) -> GridPosition {
        func axis(_ cursor: Int, _ first: Int, _ visible: Int, _ total: Int) -> Int {
            var first = first
            if cursor < first { first = cursor }
            if cursor >= first + visible { first = cursor - visible + 1 }
            return min(max(0, first), max(0, total - visible))
        }
        return GridPosition(row: axis(cursor.row, scroll.row, visibleRows, rows),
                            col: axis(cursor.col, scroll.col, visibleCols, cols))
    }
}
