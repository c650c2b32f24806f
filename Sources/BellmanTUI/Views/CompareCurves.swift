import BellmanCore

/// The vertical scales the columns share: one for the sums of rewards, one for DP's largest
/// changes, one for the errors.
struct SharedRanges {
    var rewards: BraillePlot.Range?
    var delta: BraillePlot.Range?
    var rms: BraillePlot.Range?
    /// A bandit's % of pulls of a best arm.
    var optimal: BraillePlot.Range?

    init(_ plans: [ColumnPlan], plotWidth: Int) {
        func union(_ ranges: [BraillePlot.Range?]) -> BraillePlot.Range? {
            let given = ranges.compactMap { $0 }
            guard let low = given.map(\.low).min(), let high = given.map(\.high).max() else { return nil }
            return BraillePlot.Range(low: low, high: high, clipped: given.contains(where: \.clipped))
        }
        let dp = plans.filter { $0.method.family == .dp }, learners = plans.filter { $0.method.family != .dp }
        // A bandit's learners draw their recent mean reward (see `BanditCurves`).
        rewards = union(learners.map { plan in
            plan.snapshot.pulls.isEmpty ? BraillePlot.range(plan.snapshot.progress, width: plotWidth, robust: true)
                : BraillePlot.range(plan.snapshot.recentReward, width: plotWidth)
        })
        optimal = union(learners.map { BraillePlot.range($0.snapshot.recentOptimal, width: plotWidth) })
        delta = union(dp.map { BraillePlot.range($0.snapshot.progress, width: plotWidth) })
        rms = union(plans.map { BraillePlot.range($0.snapshot.errors.map(\.rms), width: plotWidth) })
    }
}

/// One curve in a column's box: its labels are the shared range, its caption how far it has come.
struct CurveBox {
    let title: String
    let values: [Double]
    let range: BraillePlot.Range?
    let color: UInt8
    let caption: String
    let count: Int
    /// The mean of the last 100 values in the caption (the sums of rewards).
    var showsRecentMean = false

    /// Label gutter on the left of the plot.
    static let gutter = 7

    static func plotWidth(columnWidth: Int) -> Int { max(1, columnWidth - 2 - gutter) }

    func draw(in rect: Rect, state: AppState, into canvas: inout Canvas) {
        canvas.box(x: rect.x, y: rect.y, width: rect.width, height: rect.height, title: title)
        let plot = Rect(x: rect.x + 1 + Self.gutter, y: rect.y + 1, width: Self.plotWidth(columnWidth: rect.width), height: rect.height - 3)
        let style = state.colorMode == .none ? Style.plain : Style(foreground: .indexed(color))
        guard let range, !values.isEmpty,
              BraillePlot.draw(values, in: plot, style: style, range: range, into: &canvas) != nil else {
            canvas.put("no data yet", x: rect.x + 2, y: rect.y + 1, style: .dim, maxWidth: rect.width - 4)
            return
        }
        canvas.put(Format.value(range.high, width: Self.gutter - 1), x: rect.x + 1, y: plot.y, style: .dim)
        // Where this line goes below the shared bottom, "≤" says so and the caption its lowest.
        let clipped = (BraillePlot.line(values, columns: plot.width * 2).compactMap { $0 }.min() ?? range.low) < range.low
        let lowest = values.filter(\.isFinite).min() ?? range.low
        canvas.put((clipped ? "≤" : "") + Format.value(range.low, width: Self.gutter - (clipped ? 2 : 1)),
                   x: rect.x + 1, y: plot.y + plot.height - 1, style: .dim)
        // The count, then what fits of the recent mean (the number a lesson quotes) and the lowest.
        let unit = count == 1 ? String(caption.dropLast()) : caption
        var parts = ["\(Format.count(count)) \(unit)"]
        if showsRecentMean {
            let recent = values.suffix(100)
            let mean = recent.reduce(0, +) / Double(recent.count)
            parts.append("\(recent.count < values.count ? "last \(recent.count)" : "all") mean \(Format.value(mean, width: 8))")
        }
        if clipped { parts.append("lowest \(Format.value(lowest, width: 8))") }
        var text = parts[0]
        for part in parts.dropFirst() where text.count + 2 + part.count <= rect.width - 3 { text += ", " + part }
        canvas.put(text, x: rect.x + 2, y: rect.y + rect.height - 2, style: .dim, maxWidth: rect.width - 3)
    }
}
