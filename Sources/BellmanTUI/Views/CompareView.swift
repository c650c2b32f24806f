import BellmanCore

/// Compare mode: one column per method on the same level, each its counters, a heatmap of its
/// values with the greedy arrows, and its curves, all fed the same number of samples (DP by
/// sweeps). Each map has its own colour scale (a method at -1e5 would otherwise paint every
/// other map one colour); the curves of one kind share their vertical scale, so a lower line
/// is a lower number.
struct CompareView {
    let state: AppState
    let area: Rect

    /// Columns narrower than this lose their counters' words.
    static let minimumColumn = 18

    /// Whether the columns need the side panel's width: the level's map at one character a
    /// cell, or the counters, would not fit beside it.
    static func needsWholeWidth(_ state: AppState, besidePanel width: Int) -> Bool {
        let count = max(1, state.compareEntries.count)
        return width / count - 1 < max(minimumColumn, state.level.cols)
    }

    func draw(into canvas: inout Canvas) {
        let entries = state.compareEntries
        guard !entries.isEmpty else { return }
        let width = area.width / entries.count
        let snapshots = entries.indices.map { $0 < state.snapshot.compared.count ? state.snapshot.compared[$0] : Snapshot() }
        let columns = entries.indices.map { Rect(x: area.x + $0 * width, y: area.y, width: width - 1, height: area.height - 1) }
        let plans = zip(entries, zip(snapshots, columns)).map { entry, pair in
            ColumnPlan(state: state, method: entry.method, snapshot: pair.0, rect: pair.1)
        }
        let texts = plans.map(\.textLines)
        // The rows every column gives its map: the same in each, so the curves line up.
        let mapTop = texts.map(\.count).max() ?? 0
        let cell = mapCellSize(columnWidth: width - 1, height: area.height - 1 - mapTop)
        // A bandit is listed as its arms (a heading and a line each), not drawn as a map; the
        // curves keep at least one box of 5 lines.
        let arms = state.model.banditState.map { state.model.actionCount(of: $0) + 1 }
        let mapHeight = arms.map { min($0, max(2, area.height - 1 - mapTop - 2 - 5)) } ?? cell.height * state.level.rows
        let curveTop = area.y + mapTop + mapHeight + 2
        let curves = curveHeights(columnHeight: area.y + area.height - 1 - curveTop)
        let shared = SharedRanges(plans, plotWidth: CurveBox.plotWidth(columnWidth: width - 1))
        for (plan, text) in zip(plans, texts) {
            plan.draw(text, into: &canvas)
            if arms != nil {
                plan.drawArms(top: area.y + mapTop, rows: mapHeight, into: &canvas)
            } else {
                plan.drawMap(top: area.y + mapTop, cell: cell, into: &canvas)
            }
            var y = curveTop
            let isBandit = plan.method.family != .dp && !plan.snapshot.pulls.isEmpty
            if isBandit {
                let pulls = plan.snapshot.counters.samples
                if curves.progress > 0 {
                    CurveBox(title: BanditCurves.shortRewardTitle, values: plan.snapshot.recentReward, range: shared.rewards, color: 75,
                             caption: "pulls", count: pulls)
                        .draw(in: Rect(x: plan.rect.x, y: y, width: plan.rect.width, height: curves.progress), state: state, into: &canvas)
                    y += curves.progress
                }
                if curves.rms > 0 {
                    CurveBox(title: BanditCurves.shortOptimalTitle, values: plan.snapshot.recentOptimal, range: shared.optimal, color: 214,
                             caption: "pulls", count: pulls)
                        .draw(in: Rect(x: plan.rect.x, y: y, width: plan.rect.width, height: curves.rms), state: state, into: &canvas)
                }
                continue
            }
            if curves.progress > 0 {
                let isDP = plan.method.family == .dp
                CurveBox(title: isDP ? "max Δ per sweep" : "Σ rewards per episode", values: plan.snapshot.progress,
                         range: isDP ? shared.delta : shared.rewards, color: 75,
                         caption: isDP ? "sweeps" : "episodes",
                         count: isDP ? plan.snapshot.counters.sweeps : plan.snapshot.counters.episodes, showsRecentMean: !isDP)
                    .draw(in: Rect(x: plan.rect.x, y: y, width: plan.rect.width, height: curves.progress), state: state, into: &canvas)
                y += curves.progress
            }
            if curves.rms > 0 {
                let isDP = plan.method.family == .dp
                CurveBox(title: state.errorName(of: plan.method), values: plan.snapshot.errors.map(\.rms),
                         range: shared.rms, color: 214, caption: isDP ? "sweeps" : "samples",
                         count: plan.snapshot.errors.last?.x ?? 0)
                    .draw(in: Rect(x: plan.rect.x, y: y, width: plan.rect.width, height: curves.rms), state: state, into: &canvas)
            }
        }
        let bandit = plans.contains { $0.method.family != .dp && !$0.snapshot.pulls.isEmpty }
        let note = "each map its own colours; curves share scales" + (bandit ? "; " + BanditCurves.compareNote : "")
        canvas.put(note, x: area.x, y: area.y + area.height - 1, style: .dim, maxWidth: area.width)
    }

    /// The largest cell that fits every column, leaving the curves at least one box of 5 lines
    /// where the column has them.
    private func mapCellSize(columnWidth: Int, height: Int) -> (width: Int, height: Int) {
        let level = state.level
        let reserve = height - 2 - level.rows >= 10 ? 10 : (height - 2 - level.rows >= 5 ? 5 : 0)
        let room = height - 2 - reserve
        let sizes = [(6, 3), (6, 2), (5, 2), (4, 2), (3, 2), (3, 1), (2, 1), (1, 1)]
        let fit = sizes.first { $0.0 * level.cols <= columnWidth && $0.1 * level.rows <= room } ?? (1, 1)
        return (fit.0, fit.1)
    }

    /// The curve boxes' heights in what is left of a column: both, sharing it, where there
    /// is room; the error curve alone where there is not.
    private func curveHeights(columnHeight: Int) -> (progress: Int, rms: Int) {
        if columnHeight >= 10 { return (columnHeight / 2, columnHeight - columnHeight / 2) }
        return (0, columnHeight >= 5 ? columnHeight : 0)
    }
}

/// One compared method's column: its heading and counters, and its map.
struct ColumnPlan {
    let state: AppState
    let method: MethodInfo
    let snapshot: Snapshot
    let rect: Rect

    /// The heading, counters, error and message, packed into the column's width.
    var textLines: [(String, Style)] {
        let c = snapshot.counters
        var lines = Self.pack([method.id, "(\(method.family.rawValue))"], separator: " ", width: rect.width).map { ($0, Style.bold) }
        let counts = method.family == .dp
            ? ["0 samples", "\(Format.count(c.sweeps)) sweeps", "\(Format.count(c.modelReads)) model reads"]
            : ["\(Format.count(c.samples)) samples", "\(Format.count(c.episodes)) episodes", "\(Format.count(c.backups)) backups"]
        lines += Self.pack(counts, separator: ", ", width: rect.width).map { ($0, .plain) }
        let rms = [state.errorName(of: method), snapshot.rms.map { Format.value($0, width: 9) } ?? "-"]
        lines += Self.pack(rms, separator: " ", width: rect.width).map { ($0, .plain) }
        if let message = snapshot.message {
            lines += Format.wrap(message, width: rect.width, lines: 4).map { ($0, .dim) }
        }
        return lines
    }

    func draw(_ lines: [(String, Style)], into canvas: inout Canvas) {
        for (i, (text, style)) in lines.enumerated() {
            canvas.put(text, x: rect.x, y: rect.y + i, style: style, maxWidth: rect.width)
        }
    }

    /// Items joined on a line while they fit, a new line when the next does not.
    static func pack(_ items: [String], separator: String, width: Int) -> [String] {
        var lines: [String] = []
        for item in items {
            if let last = lines.last, last.count + separator.count + item.count <= width {
                lines[lines.count - 1] = last + separator + item
            } else {
                lines.append(item)
            }
        }
        return lines
    }

    /// A bandit's arms in `rows` lines from `top`: what the method learnt of each (Q, or pi
    /// for a method that learns its policy; DP reads q* from the model), its pulls, the best
    /// arm (*) and the last pulled (<); where they do not all fit, a line says how many more.
    func drawArms(top: Int, rows: Int, into canvas: inout Canvas) {
        let model = state.model
        guard let s = model.banditState, rows >= 2 else { return }
        let k = model.actionCount(of: s), A = model.actionCount
        let trueValues = snapshot.arms.flatMap { $0.count == k ? $0 : nil } ?? model.armValues()
        func row(_ table: [Double]?) -> [Double]? { table.flatMap { $0.count == model.stateCount * A ? Array($0[(s * A)..<(s * A + k)]) : nil } }
        let (title, learnt): (String, [Double]?) = method.family == .dp ? ("q*", trueValues)
            : row(snapshot.probabilities).map { ("pi", $0) } ?? ("Q", row(snapshot.q))
        let pulls = snapshot.pulls.count == k ? snapshot.pulls : Array(repeating: 0, count: k)
        let best = trueValues.indices.max { trueValues[$0] < trueValues[$1] } ?? 0
        let last = method.family == .dp ? nil : snapshot.lastTick?.transition?.action
        canvas.put("arm" + pad(title, 7) + pad("N", 6), x: rect.x, y: top, style: .dim, maxWidth: rect.width)
        let listed = k <= rows - 1 ? k : rows - 2
        for a in 0..<listed {
            let value = learnt.map { Format.value($0[a], width: 6) } ?? "-"
            let text = pad(model.actionName(s, a), 3) + pad(value, 7) + pad(Format.count(Double(pulls[a]), width: 5), 6)
                + (a == best ? "*" : " ") + (a == last ? (state.unicode ? "◀" : "<") : "")
            canvas.put(text, x: rect.x, y: top + 1 + a, style: a == best ? .bold : .plain, maxWidth: rect.width)
        }
        if listed < k { canvas.put("… \(k - listed) more arms", x: rect.x, y: top + 1 + listed, style: .dim, maxWidth: rect.width) }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// The map at `cell` characters a cell, its colour scale under it; where it cannot fit
    /// whole, the columns it shows and a note of how many it has.
    func drawMap(top: Int, cell: (width: Int, height: Int), into canvas: inout Canvas) {
        let model = state.model, level = state.level
        let values = snapshot.values.count == model.stateCount ? snapshot.values : Array(repeating: 0, count: model.stateCount)
        let heat = Heat((0..<model.stateCount).filter { model.isOccupiable[$0] }.map { values[$0] }, mode: state.colorMode)
        let policy = greedy(values)
        let shownCols = min(level.cols, rect.width / cell.width)
        let shownRows = min(level.rows, max(0, rect.y + rect.height - top) / cell.height)
        for r in 0..<shownRows {
            for col in 0..<shownCols {
                drawCell(r, col, x: rect.x + col * cell.width, y: top + r * cell.height, cell: cell,
                         values: values, policy: policy, heat: heat, into: &canvas)
            }
        }
        let below = min(top + level.rows * cell.height, rect.y + rect.height - 1)
        if shownCols < level.cols || shownRows < level.rows {
            canvas.put("… map cut: \(shownCols)/\(level.cols) columns, \(shownRows)/\(level.rows) rows", x: rect.x, y: below,
                       style: .dim, maxWidth: rect.width)
        } else {
            drawLegend(heat, y: below, into: &canvas)
        }
    }

    private func drawCell(_ r: Int, _ col: Int, x: Int, y: Int, cell: (width: Int, height: Int), values: [Double],
                          policy: [Int], heat: Heat, into canvas: inout Canvas) {
        let model = state.model
        guard let s = model.state(atCell: r * state.level.cols + col) else {
            canvas.fill(x: x, y: y, width: cell.width, height: cell.height,
                        with: state.colorMode == .none ? Cell("█") : Cell(" ", Style(background: .darkGray)))
            return
        }
        if !model.isOccupiable[s] {
            let tile = state.level.cell(r, col)
            let style = Style(foreground: state.colorMode == .none ? .default : .indexed(15), attributes: .bold)
            canvas.fill(x: x, y: y, width: cell.width, height: cell.height, with: Cell(" ", style))
            canvas[x + (cell.width - 1) / 2, y + (cell.height - 1) / 2] = Cell(tile.shown.isSingleWidth ? tile.shown : "?", style)
            return
        }
        let style = Style(foreground: heat.textColor(values[s]), background: heat.color(values[s]))
        canvas.fill(x: x, y: y, width: cell.width, height: cell.height,
                    with: Cell(state.colorMode == .none ? heat.shade(values[s]) : " ", style))
        // A value where the cell has room for it, above the arrow.
        var arrowRow = y + (cell.height - 1) / 2
        if cell.width >= 5 && cell.height >= 2 {
            let text = Format.value(values[s], width: cell.width - 1)
            canvas.put(text, x: x + (cell.width - text.count) / 2, y: y, style: style, maxWidth: cell.width)
            arrowRow = y + 1
        }
        if policy[s] >= 0 {
            let mark = model.actionMark(s, policy[s])
            canvas.put(mark, x: x + (cell.width - 1) / 2, y: arrowRow, style: style, maxWidth: cell.width - (cell.width - 1) / 2)
        }
    }

    /// The greedy action of each state (-1 where all are equal, or nothing is learned yet).
    private func greedy(_ values: [Double]) -> [Int] {
        let model = state.model
        if let q = snapshot.q {
            let A = model.actionCount
            return (0..<model.stateCount).map { s in
                var best = 0
                for a in 1..<A where q[s * A + a] > q[s * A + best] { best = a }
                return (0..<A).allSatisfy { q[s * A + $0] == q[s * A] } ? -1 : best
            }
        }
        if snapshot.counters.backups > 0 {
            return model.greedyActions(values: values, gamma: snapshot.parameters?.gamma ?? state.level.gamma)
        }
        return Array(repeating: -1, count: model.stateCount)
    }

    /// This map's scale in as many ramp cells as the column leaves: "V -14 ▒▒▒▒ -0.99".
    private func drawLegend(_ heat: Heat, y: Int, into canvas: inout Canvas) {
        let low = Format.value(heat.low, width: 7), high = Format.value(heat.high, width: 7)
        let ramp = max(0, min(14, rect.width - low.count - high.count - 4))
        var x = canvas.put("V \(low) ", x: rect.x, y: y, style: .dim, maxWidth: rect.width)
        for i in 0..<ramp {
            let value = heat.low + (heat.high - heat.low) * (Double(i) + 0.5) / Double(ramp)
            canvas[x, y] = state.colorMode == .none ? Cell(heat.shade(value)) : Cell(" ", Style(background: heat.color(value)))
            x += 1
        }
        canvas.put(" " + high, x: x, y: y, style: .dim, maxWidth: rect.x + rect.width - x)
    }
}
