/// A line plot in braille characters: each character cell holds 2 x 4 dots.
struct BraillePlot {
    /// Dot bits of a braille cell by (column, row): left column 0x01 0x02 0x04 0x40, right 0x08 0x10 0x20 0x80.
    private static let bits: [[UInt32]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Draws `values` (oldest first) into the rectangle, scaled to their range; returns the range.
    @discardableResult
    /// With `robust`, the lowest 2% of the values are clipped to the bottom line, so one
    /// disastrous first episode does not flatten the rest of the curve.
    static func draw(_ values: [Double], in rect: Rect, style: Style, robust: Bool = false,
                     into canvas: inout Canvas) -> (low: Double, high: Double)? {
        let finite = values.filter(\.isFinite)
        guard rect.width > 0, rect.height > 0, var low = finite.min(), let high = finite.max() else { return nil }
        if robust && finite.count >= 50 { low = finite.sorted()[finite.count / 50] }
        let columns = rect.width * 2, rows = rect.height * 4
        var dots = [UInt32](repeating: 0, count: rect.width * rect.height)
        func y(_ v: Double) -> Int {
            high > low ? Int(((high - v) / (high - low) * Double(rows - 1)).rounded()) : rows / 2
        }
        var previous: Int?
        for column in 0..<columns {
            // The mean of the values that fall in this column.
            let from = column * values.count / columns, to = max(from + 1, (column + 1) * values.count / columns)
            guard from < values.count else { break }
            let slice = values[from..<min(to, values.count)].filter(\.isFinite)
            guard !slice.isEmpty else { continue }
            let row = min(rows - 1, max(0, y(slice.reduce(0, +) / Double(slice.count))))
            // Join to the previous column so steep changes stay a line.
            let span = previous.map { min($0, row)...max($0, row) } ?? row...row
            for r in span {
                dots[(r / 4) * rect.width + column / 2] |= bits[column % 2][r % 4]
            }
            previous = row
        }
        for (i, pattern) in dots.enumerated() where pattern != 0 {
            canvas[rect.x + i % rect.width, rect.y + i / rect.width] = Cell(Character(Unicode.Scalar(0x2800 + pattern)!), style)
        }
        return (low, high)
    }
}

/// The two learning curves: return per episode (max change per sweep for DP) and the RMS
/// error against the DP truth, against samples (sweeps for DP).
struct CurveView {
    let state: AppState
    let area: Rect

    func draw(into canvas: inout Canvas) {
        let isDP = state.method.family == .dp
        let half = area.width / 2
        let left = Rect(x: area.x, y: area.y, width: half - 1, height: area.height)
        let right = Rect(x: area.x + half, y: area.y, width: area.width - half, height: area.height)
        plot(state.snapshot.progress, title: isDP ? "max Δ per sweep" : "return per episode",
             xLabel: isDP ? "sweeps" : "episodes",
             count: isDP ? state.snapshot.counters.sweeps : state.snapshot.counters.episodes, in: left, color: .indexed(75),
             robust: !isDP, into: &canvas)
        let errors = state.snapshot.errors
        plot(errors.map(\.rms), title: "RMS vs \(state.truthName(of: state.method))",
             xLabel: isDP ? "sweeps" : "samples", count: errors.last?.x ?? 0, in: right, color: .indexed(214), into: &canvas)
        markPhysicsChanges(errors, in: right, into: &canvas)
    }

    /// A dotted line where the world's physics changed (live physics), so the jump in the
    /// error that follows has its cause on screen.
    private func markPhysicsChanges(_ errors: [ErrorPoint], in rect: Rect, into canvas: inout Canvas) {
        let inner = Rect(x: rect.x + 8, y: rect.y + 1, width: rect.width - 9, height: rect.height - 3)
        guard errors.count > 1, inner.width > 0 else { return }
        for mark in state.snapshot.physicsMarks {
            let index = errors.firstIndex { $0.x >= mark } ?? errors.count
            let column = inner.x + min(inner.width - 1, index * inner.width / errors.count)
            for row in inner.y..<inner.y + inner.height where canvas[column, row].character == " " {
                canvas[column, row] = Cell("┊", Style(foreground: .indexed(203)))
            }
        }
    }

    private func plot(_ values: [Double], title: String, xLabel: String, count: Int, in rect: Rect, color: Color,
                      robust: Bool = false, into canvas: inout Canvas) {
        canvas.box(x: rect.x, y: rect.y, width: rect.width, height: rect.height, title: title)
        let inner = Rect(x: rect.x + 8, y: rect.y + 1, width: rect.width - 9, height: rect.height - 3)
        let style = state.colorMode == .none ? Style.plain : Style(foreground: color)
        guard let range = BraillePlot.draw(values, in: inner, style: style, robust: robust, into: &canvas) else {
            canvas.put("no data yet", x: rect.x + 2, y: rect.y + 2, style: .dim, maxWidth: rect.width - 4)
            return
        }
        canvas.put(Format.value(range.high, width: 7), x: rect.x + 1, y: inner.y, style: .dim)
        canvas.put(Format.value(range.low, width: 7), x: rect.x + 1, y: inner.y + inner.height - 1, style: .dim)
        let last = values.last.map { "last \(Format.value($0, width: 8))" } ?? ""
        // "1 episode", "2 episodes": the labels are plural nouns ending in s.
        let unit = count == 1 ? String(xLabel.dropLast()) : xLabel
        canvas.put("\(Format.count(count)) \(unit)   \(last)", x: inner.x, y: rect.y + rect.height - 2, style: .dim, maxWidth: inner.width)
    }
}
