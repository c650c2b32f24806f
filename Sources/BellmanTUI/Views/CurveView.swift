/// A line plot in braille characters: each character cell holds 2 x 4 dots.
struct BraillePlot {
    /// Dot bits of a braille cell by (column, row): left column 0x01 0x02 0x04 0x40, right 0x08 0x10 0x20 0x80.
    private static let bits: [[UInt32]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// The vertical range a plot was drawn to: its labels are these numbers.
    struct Range: Equatable {
        var low: Double
        var high: Double
        /// Some of the line lies below `low`, drawn on the bottom row (a robust range).
        var clipped = false
    }

    /// The line as drawn: the mean of the values that fall in each dot column (`nil` where
    /// none is finite), oldest first.
    static func line(_ values: [Double], columns: Int) -> [Double?] {
        var means: [Double?] = []
        for column in 0..<columns {
            let from = column * values.count / columns, to = max(from + 1, (column + 1) * values.count / columns)
            guard from < values.count else { break }
            let slice = values[from..<min(to, values.count)].filter(\.isFinite)
            means.append(slice.isEmpty ? nil : slice.reduce(0, +) / Double(slice.count))
        }
        return means
    }

    /// The range of the line drawn in `width` characters. With `robust`, the lowest 2% of
    /// the line is clipped to the bottom row (and the range says so), so one disastrous first
    /// episode does not flatten the rest of the curve.
    static func range(_ values: [Double], width: Int, robust: Bool = false) -> Range? {
        let drawn = line(values, columns: width * 2).compactMap { $0 }
        guard var low = drawn.min(), let high = drawn.max() else { return nil }
        var clipped = false
        if robust && drawn.count >= 50 {
            let floor = drawn.sorted()[drawn.count / 50]
            clipped = floor > low
            low = floor
        }
        return Range(low: low, high: high, clipped: clipped)
    }

    /// Draws `values` (oldest first) into the rectangle, scaled to `range` (by default the
    /// line's own); returns the range drawn to.
    @discardableResult
    static func draw(_ values: [Double], in rect: Rect, style: Style, robust: Bool = false, range given: Range? = nil,
                     into canvas: inout Canvas) -> Range? {
        guard rect.width > 0, rect.height > 0,
              let range = given ?? range(values, width: rect.width, robust: robust) else { return nil }
        let (low, high) = (range.low, range.high)
        let rows = rect.height * 4
        var dots = [UInt32](repeating: 0, count: rect.width * rect.height)
        func y(_ v: Double) -> Int {
            high > low ? Int(((high - v) / (high - low) * Double(rows - 1)).rounded()) : rows / 2
        }
        var previous: Int?
        for (column, mean) in line(values, columns: rect.width * 2).enumerated() {
            guard let mean else { continue }
            let row = min(rows - 1, max(0, y(mean)))
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
        return range
    }
}

/// The two learning curves: the sum of rewards per episode (max change per sweep for DP) and the RMS
/// error against the DP truth, against samples (sweeps for DP); on a bandit, the book's two
/// measures of Figure 2.2, the reward and the % of pulls of a best arm, over the last 100 pulls.
struct CurveView {
    let state: AppState
    let area: Rect

    func draw(into canvas: inout Canvas) {
        let isDP = state.method.family == .dp
        let half = area.width / 2
        let left = Rect(x: area.x, y: area.y, width: half - 1, height: area.height)
        let right = Rect(x: area.x + half, y: area.y, width: area.width - half, height: area.height)
        if !isDP && !state.snapshot.pulls.isEmpty {
            let pulls = state.snapshot.counters.samples
            plot(state.snapshot.recentReward, title: BanditCurves.rewardTitle, xLabel: "pulls", count: pulls, in: left,
                 color: .indexed(75), into: &canvas)
            plot(state.snapshot.recentOptimal, title: BanditCurves.optimalTitle, xLabel: "pulls", count: pulls, in: right,
                 color: .indexed(214), into: &canvas)
            return
        }
        plot(state.snapshot.progress, title: isDP ? "max Δ per sweep" : "Σ rewards per episode",
             xLabel: isDP ? "sweeps" : "episodes",
             count: isDP ? state.snapshot.counters.sweeps : state.snapshot.counters.episodes, in: left, color: .indexed(75),
             robust: !isDP, into: &canvas)
        let errors = state.snapshot.errors
        plot(errors.map(\.rms), title: state.errorName(of: state.method),
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
        // A clipped line goes below its bottom label: "≤" says so, and the caption the lowest.
        let bottom = range.clipped ? "≤" + Format.value(range.low, width: 6) : Format.value(range.low, width: 7)
        canvas.put(bottom, x: rect.x + 1, y: inner.y + inner.height - 1, style: .dim)
        // Where the line is clipped the caption gives the lowest value instead of the last one
        // (the panel shows that), so a narrow box keeps what the labels leave out.
        let note = range.clipped
            ? values.filter(\.isFinite).min().map { "  lowest \(Format.value($0, width: 8))" } ?? ""
            : values.last.map { "   last \($0.isNaN ? "none" : Format.value($0, width: 8))" } ?? ""
        // "1 episode", "2 episodes": the labels are plural nouns ending in s.
        let unit = count == 1 ? String(xLabel.dropLast()) : xLabel
        canvas.put("\(Format.count(count)) \(unit)\(note)", x: inner.x, y: rect.y + rect.height - 2, style: .dim, maxWidth: inner.width)
    }
}

/// The titles of a bandit's two curves: in full, and in compare mode's narrow columns (whose
/// note says what the short titles leave out).
enum BanditCurves {
    static let rewardTitle = "reward, mean of last \(Curves.recentPulls) pulls"
    static let optimalTitle = "% optimal arm, last \(Curves.recentPulls) pulls"
    static let shortRewardTitle = "reward"
    static let shortOptimalTitle = "% optimal"
    static let compareNote = "a bandit's: the last \(Curves.recentPulls) pulls"
}
