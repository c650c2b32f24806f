import BellmanCore

/// Draws the level: every cell coloured by the heatmap of the current view, special cells in
/// their own colours, greedy arrows, values when they fit, the agent and its trail, the
/// cursor, then the wind row and the colour legend.
struct GridView {
    let state: AppState
    let layout: Layout
    /// The actions each cell marks (`AppState.cellMarks(greedy:)`).
    let greedy: [[Int]]

    var model: Model { state.model }
    var snapshot: Snapshot { state.snapshot }

    /// The displayed quantity per state, and the scale over the states an agent can occupy.
    private func quantity() -> (values: [Double], heat: Heat, label: String) {
        let n = model.stateCount
        var values: [Double]
        let label = state.view.name(learnsQ: state.method.learnsQ)
        switch state.view {
        case .value, .actionValues:
            values = snapshot.values.count == n ? snapshot.values : Array(repeating: 0, count: n)
        case .visits:
            values = snapshot.visits.count == n ? snapshot.visits.map(Double.init) : Array(repeating: 0, count: n)
        case .tdError:
            values = snapshot.tdErrors.count == n ? snapshot.tdErrors : Array(repeating: .nan, count: n)
        case .policy:
            return policyQuantity(label: label)
        }
        if state.view == .actionValues, let q = snapshot.q {
            let A = model.actionCount
            let occupied = (0..<n).filter { model.isOccupiable[$0] }.flatMap { s in (0..<A).map { q[s * A + $0] } }
            return (values, Heat(occupied, mode: state.colorMode), label)
        }
        let occupied = (0..<n).lazy.filter { model.isOccupiable[$0] }.map { values[$0] }
        return (values, Heat(occupied, mode: state.colorMode), label)
    }

    func draw(into canvas: inout Canvas) {
        let (values, heat, label) = quantity()
        let policy = greedy
        let trail = Set(snapshot.trail.suffix(400).map { Int($0) })
        for r in 0..<layout.visibleRows {
            for c in 0..<layout.visibleCols {
                let row = state.scroll.row + r, col = state.scroll.col + c
                guard row < state.level.rows, col < state.level.cols else { continue }
                let x = layout.gridOrigin.x + c * layout.cellWidth
                let y = layout.gridOrigin.y + r * layout.cellHeight
                drawCell(row: row, col: col, x: x, y: y, values: values, heat: heat, policy: policy,
                         onTrail: trail, into: &canvas)
            }
        }
        drawAxes(into: &canvas)
        drawWind(into: &canvas)
        drawLegend(heat: heat, label: label, into: &canvas)
    }

    /// A built-in model's row labels left of the cells and column labels above them, each
    /// where it fits without touching its neighbour.
    private func drawAxes(into canvas: inout Canvas) {
        guard let axes = state.level.mdp?.axes, layout.rowLabelWidth > 0 else { return }
        let labelX = layout.gridOrigin.x - layout.rowLabelWidth
        for r in 0..<layout.visibleRows {
            let row = state.scroll.row + r
            guard row < axes.rowLabels.count else { break }
            let label = axes.rowLabels[row]
            let y = layout.gridOrigin.y + r * layout.cellHeight + layout.valueLine
            canvas.put(label, x: labelX + layout.rowLabelWidth - 1 - label.count, y: y, style: .dim)
        }
        var free = layout.gridOrigin.x
        for c in 0..<layout.visibleCols {
            let col = state.scroll.col + c
            guard col < axes.columnLabels.count else { break }
            let label = axes.columnLabels[col]
            let x = layout.gridOrigin.x + c * layout.cellWidth + max(0, (layout.cellWidth - label.count) / 2)
            guard x >= free else { continue }
            canvas.put(label, x: x, y: layout.gridOrigin.y - 1, style: .dim)
            free = x + label.count + 1
        }
    }

    /// What marks the greedy actions of s in at most `width` columns: arrows side by side on a
    /// grid, action names joined by commas on other models; "…" ends a list that does not fit,
    /// and a name wider than the cell is not drawn at all.
    private func greedyMark(_ s: Int, _ actions: [Int], width: Int) -> String? {
        guard !actions.isEmpty, width > 0 else { return nil }
        let marks = actions.map { model.actionMark(s, $0) }
        let all = marks.joined(separator: model.isGrid ? "" : ",")
        if all.count <= width { return all }
        var shown = ""
        for mark in marks {
            let next = shown.isEmpty ? mark : shown + (model.isGrid ? "" : ",") + mark
            guard next.count + 1 <= width else { break }
            shown = next
        }
        // A number cut to its first digit would be another number: then the colour alone.
        return shown.isEmpty ? (marks[0].count <= width ? marks[0] : nil) : shown + "…"
    }

    private func drawCell(row: Int, col: Int, x: Int, y: Int, values: [Double], heat: Heat, policy: [[Int]],
                          onTrail trail: Set<Int>, into canvas: inout Canvas) {
        let w = layout.cellWidth, h = layout.cellHeight
        let cell = state.level.cell(row, col)
        let isCursor = state.cursor == GridPosition(row: row, col: col)
        defer {
            if isCursor { canvas.restyle(x: x, y: y, width: w, height: h) { $0.attributes.insert(.reverse) } }
        }
        guard let s = model.state(atCell: row * state.level.cols + col) else {
            let wall = state.colorMode == .none ? Cell("█") : Cell(" ", Style(background: .darkGray))
            canvas.fill(x: x, y: y, width: w, height: h, with: wall)
            return
        }
        if let special = specialStyle(cell.kind) {
            canvas.fill(x: x, y: y, width: w, height: h, with: Cell(" ", special))
            canvas[x + (w - 1) / 2, y + (h - 1) / 2] = Cell(cell.shown.isSingleWidth ? cell.shown : "?", special)
            if cell.kind == .portal, let target = cell.portalTarget, w >= 3 {
                let (tr, tc) = (target / state.level.cols, target % state.level.cols)
                canvas.put(tr < row ? "↑" : tr > row ? "↓" : tc < col ? "←" : "→", x: x + (w - 1) / 2 + 1, y: y + (h - 1) / 2, style: special)
            }
            drawStateName(s, x: x, y: y, style: special, into: &canvas)
            drawAgent(s, x: x, y: y, into: &canvas)
            return
        }
        if state.view == .actionValues, let q = snapshot.q {
            drawActionValues(s, q: q, heat: heat, policy: policy, x: x, y: y, into: &canvas)
        } else {
            drawValueCell(s, cell: cell, value: values[s], heat: heat, policy: policy, x: x, y: y, into: &canvas)
        }
        if trail.contains(s), w >= 2 {
            // On the arrow's line of a tall cell (the value's line may start in the first
            // column); in a one-line cell, in the column kept free after the arrows, which
            // can start in the first.
            let tall = layout.cellHeight >= 2 && state.view != .actionValues
            let ty = tall ? y + layout.cellHeight - 1 : y
            let tx = !tall && w >= 3 ? x + w - 1 : x
            canvas[tx, ty] = Cell("·", Style(foreground: heat.textColor(values[s]), background: canvas[tx, ty].style.background, attributes: .bold))
        }
        if state.view != .actionValues {
            drawStateName(s, x: x, y: y, style: Style(foreground: heat.textColor(values[s]), background: heat.color(values[s])), into: &canvas)
        }
        drawAgent(s, x: x, y: y, into: &canvas)
    }

    /// A small MDP's states are named in its file (A, B, high, low): the name on the cell's
    /// second line where it has five, else on its first. Grids (r3c0) and the built-in
    /// models (their axes) say where a state is already.
    private var namesStates: Bool { state.level.mdp != nil && state.level.mdp?.axes == nil && layout.cellHeight >= 2 }

    private func drawStateName(_ s: Int, x: Int, y: Int, style: Style, into canvas: inout Canvas) {
        guard namesStates else { return }
        let name = model.name(of: s), w = layout.cellWidth
        let row = layout.cellHeight >= 5 ? y + 1 : y
        let room = layout.cellHeight >= 5 ? w - 1 : w - 3
        guard room > 0 else { return }
        canvas.put(name, x: x + max(0, (room - name.count) / 2), y: row, style: style, maxWidth: room)
    }

    /// Special cells in colours the heatmap's ramp does not use (its purples are the lowest
    /// values, so a portal is pink), readable in 8 colours too (where 224 on 88 would both
    /// become red).
    private func specialStyle(_ kind: CellKind) -> Style? {
        let mode = state.colorMode
        func style(_ fg256: UInt8, _ bg256: UInt8, _ fg8: Color, _ bg8: Color) -> Style {
            switch mode {
            case .palette256: Style(foreground: .indexed(fg256), background: .indexed(bg256), attributes: .bold)
            case .basic8: Style(foreground: fg8, background: bg8, attributes: .bold)
            case .none: Style(attributes: .bold)
            }
        }
        switch kind {
        case .goal: return style(15, 28, .white, .green)
        case .hole: return style(196, 0, .red, .black)
        case .cliff: return style(224, 88, .white, .red)
        case .portal: return style(16, 211, .black, .white)
        default: return nil
        }
    }

    private func drawValueCell(_ s: Int, cell: Tile, value: Double, heat: Heat, policy: [[Int]], x: Int, y: Int,
                               into canvas: inout Canvas) {
        let w = layout.cellWidth, h = layout.cellHeight
        let text = Style(foreground: heat.textColor(value), background: heat.color(value))
        let shaded = state.colorMode == .none
        canvas.fill(x: x, y: y, width: w, height: h, with: Cell(shaded ? heat.shade(value) : " ", text))
        // Arrows on a grid; the actions' names on other models (stakes, the cars moved, H/S).
        // A column is kept free between cells, as for the values.
        let arrow = greedyMark(s, policy[s], width: w >= 3 ? w - 1 : w >= 2 || !shaded ? w : 0)
        let marker: Character? = cell.kind == .start ? "S" : (cell.shown != "." && cell.kind == .floor && cell.shown.isSingleWidth ? cell.shown : nil)
        if h >= 2 && w >= 5 {
            // Marker on top, value in the middle, arrow at the bottom.
            let valueRow = y + layout.valueLine
            if shaded { canvas.fill(x: x, y: valueRow, width: w, height: 1, with: Cell(" ", text)) }
            let number = value.isNaN ? "" : state.view == .visits ? Format.count(value, width: w - 1) : Format.value(value, width: w - 1)
            canvas.put(number, x: x + (w - number.count) / 2, y: valueRow, style: text)
            if let marker { canvas[x, y] = Cell(marker, Style(foreground: text.foreground, background: text.background, attributes: .bold)) }
            if let arrow {
                let ax = x + max(0, (w - arrow.count) / 2)
                canvas.put(arrow, x: ax, y: y + h - 1, style: text, maxWidth: w)
                emboldenMostLikely(s, policy[s], shown: arrow, x: ax, y: y + h - 1, into: &canvas)
            }
        } else if w >= 2 {
            if let marker { canvas[x, y] = Cell(marker, Style(foreground: text.foreground, background: text.background, attributes: .bold)) }
            if let arrow {
                let ax = x + (arrow.count > 1 ? 0 : w / 2)
                canvas.put(arrow, x: ax, y: y + (h - 1) / 2, style: text, maxWidth: w)
                emboldenMostLikely(s, policy[s], shown: arrow, x: ax, y: y + (h - 1) / 2, into: &canvas)
            }
        } else if let arrow, !shaded {
            canvas.put(arrow, x: x, y: y, style: text, maxWidth: 1)
        }
    }

    /// Q of each action drawn where the action points: N above, E right, and so on.
    private func drawActionValues(_ s: Int, q: [Double], heat: Heat, policy: [[Int]], x: Int, y: Int,
                                  into canvas: inout Canvas) {
        let w = layout.cellWidth
        let cx = x + (w - 1) / 2, cy = y + 1
        canvas.fill(x: x, y: y, width: w, height: 3, with: Cell(" "))
        let glyphs: [Direction: Character] = [.n: "▲", .ne: "◥", .e: "▶", .se: "◢", .s: "▼", .sw: "◣", .w: "◀", .nw: "◤", .stay: "◆"]
        let A = model.actionCount
        for a in 0..<A {
            let direction = model.direction(of: a)
            let (dr, dc) = direction.delta
            let value = q[s * A + a]
            let glyph: Character = state.colorMode == .none ? heat.shade(value) : (glyphs[direction] ?? "•")
            let spread = w >= 5 ? (w - 1) / 2 - 1 : 1
            canvas[cx + dc * spread, cy + dr] = Cell(glyph, Style(foreground: heat.color(value) == .default ? .default : heat.color(value)))
        }
        if policy[s].count == 1, !model.level.actions.contains(.stay) {
            canvas[cx, cy] = Cell(model.direction(of: policy[s][0]).arrow, .dim)
        }
    }

    private func drawAgent(_ s: Int, x: Int, y: Int, into canvas: inout Canvas) {
        guard snapshot.agent == s else { return }
        let style = state.colorMode == .none ? Style(attributes: [.bold, .reverse])
            : Style(foreground: .black, background: .indexed(15), attributes: .bold)
        // Never over the value: on the top line of tall cells, on the arrow's line of two-line
        // ones (the value is on the first), in the middle of the action-value view.
        let h = layout.cellHeight
        let row = state.view == .actionValues ? y + (h - 1) / 2 : h >= 3 ? y : h == 2 ? y + 1 : y
        // Where a state's name shares the first line, the agent stands after it.
        let column = namesStates && h < 5 && row == y ? x + layout.cellWidth - 2 : x + (layout.cellWidth - 1) / 2
        canvas[column, row] = Cell("@", style)
    }

    private func drawWind(into canvas: inout Canvas) {
        guard !state.level.wind.isEmpty else { return }
        let y = layout.legendY
        for c in 0..<layout.visibleCols {
            let col = state.scroll.col + c
            guard col < state.level.wind.count, state.level.wind[col] != 0 else { continue }
            let push = state.level.wind[col]
            let text = (push > 0 ? "↑" : "↓") + (layout.cellWidth >= 2 ? String(abs(push)) : "")
            canvas.put(text, x: layout.gridOrigin.x + c * layout.cellWidth + max(0, (layout.cellWidth - text.count) / 2), y: y, style: .dim)
        }
    }

    private func drawLegend(heat: Heat, label: String, into canvas: inout Canvas) {
        let y = layout.legendY + (state.level.wind.isEmpty ? 0 : 1)
        let x = heat.drawLegend(label, x: layout.grid.x, y: y, into: &canvas) { v in
            state.view == .visits ? Format.count(v, width: 8) : Format.value(v, width: 8)
        }
        if let axes = state.level.mdp?.axes {
            canvas.put("rows ↓ \(axes.rows)   columns → \(axes.columns)", x: layout.grid.x, y: y + 1, style: .dim,
                       maxWidth: layout.grid.width)
        }
        if layout.cellWidth * layout.visibleCols < state.level.cols * layout.cellWidth || layout.visibleRows < state.level.rows {
            canvas.put("  rows \(state.scroll.row)-\(state.scroll.row + layout.visibleRows - 1) of \(state.level.rows), cols \(state.scroll.col)-\(state.scroll.col + layout.visibleCols - 1) of \(state.level.cols)",
                       x: x, y: y, style: .dim, maxWidth: layout.grid.x + layout.grid.width - x)
        }
    }
}
