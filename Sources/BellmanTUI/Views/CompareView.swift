import BellmanCore

/// Compare mode: one column per method on the same level, each a small heatmap of its values,
/// its counters and its error curve, all fed the same number of samples (DP by sweeps).
struct CompareView {
    let state: AppState
    let area: Rect

    func draw(into canvas: inout Canvas) {
        let entries = state.compareEntries
        guard !entries.isEmpty else { return }
        let width = area.width / entries.count
        let snapshots = entries.indices.map { $0 < state.snapshot.compared.count ? state.snapshot.compared[$0] : Snapshot() }
        // One colour scale for every column, so equal colours are equal values, and its legend
        // on the last line.
        let model = state.model
        let heat = Heat(snapshots.flatMap { s in
            s.values.count == model.stateCount ? (0..<model.stateCount).filter { model.isOccupiable[$0] }.map { s.values[$0] } : []
        }, mode: state.colorMode)
        for (i, entry) in entries.enumerated() {
            let column = Rect(x: area.x + i * width, y: area.y, width: width - 1, height: area.height - 1)
            drawColumn(entry.method, snapshots[i], column, heat: heat, into: &canvas)
        }
        drawLegend(heat, y: area.y + area.height - 1, into: &canvas)
    }

    private func drawLegend(_ heat: Heat, y: Int, into canvas: inout Canvas) {
        let x = heat.drawLegend("V (max Q)", x: area.x, y: y, into: &canvas) { Format.value($0, width: 8) }
        canvas.put("   one scale for every column", x: x, y: y, style: .dim, maxWidth: area.x + area.width - x)
    }

    private func drawColumn(_ method: MethodInfo, _ snapshot: Snapshot, _ rect: Rect, heat: Heat, into canvas: inout Canvas) {
        let model = state.model, level = state.level
        var y = rect.y
        canvas.put("\(method.id) (\(method.family.rawValue))", x: rect.x, y: y, style: .bold, maxWidth: rect.width)
        y += 1
        let c = snapshot.counters
        let counts = method.family == .dp
            ? ["0 samples, \(Format.count(c.sweeps)) sweeps", "\(Format.count(c.modelReads)) model reads"]
            : ["\(Format.count(c.samples)) samples", "\(Format.count(c.backups)) backups"]
        for line in counts {
            canvas.put(line, x: rect.x, y: y, maxWidth: rect.width)
            y += 1
        }
        canvas.put("RMS vs \(state.truthName(of: method)) \(snapshot.rms.map { Format.value($0, width: 9) } ?? "-")",
                   x: rect.x, y: y, maxWidth: rect.width)
        y += 1
        if let message = snapshot.message {
            for line in Format.wrap(message, width: rect.width, lines: 4) {
                canvas.put(line, x: rect.x, y: y, style: .dim, maxWidth: rect.width)
                y += 1
            }
        }
        // The heatmap: the largest cell size that fits above the curves (7 lines each: the
        // RMS, and above it the return per episode, or DP's largest change per sweep, where
        // there is room for both).
        let curveHeight = min(7, max(0, rect.height - 6 - level.rows))
        let progressHeight = curveHeight == 7 && rect.height - 6 - level.rows >= 14 ? 7 : 0
        let room = (width: rect.width, height: rect.y + rect.height - curveHeight - progressHeight - y)
        let sizes = [(3, 1), (2, 1), (1, 1)]
        let (cw, ch) = sizes.first { $0.0 * level.cols <= room.width && $0.1 * level.rows <= room.height } ?? (1, 1)
        let values = snapshot.values.count == model.stateCount ? snapshot.values : Array(repeating: 0, count: model.stateCount)
        let policy: [Int]
        if let q = snapshot.q {
            let A = model.actionCount
            policy = (0..<model.stateCount).map { s in
                var best = 0
                for a in 1..<A where q[s * A + a] > q[s * A + best] { best = a }
                return (0..<A).allSatisfy { q[s * A + $0] == q[s * A] } ? -1 : best
            }
        } else if snapshot.counters.backups > 0 {
            policy = model.greedyActions(values: values, gamma: snapshot.parameters?.gamma ?? level.gamma)
        } else {
            policy = Array(repeating: -1, count: model.stateCount)
        }
        for r in 0..<min(level.rows, room.height / ch) {
            for col in 0..<min(level.cols, room.width / cw) {
                let x = rect.x + col * cw, cy = y + r * ch
                guard let s = model.state(atCell: r * level.cols + col) else {
                    canvas.fill(x: x, y: cy, width: cw, height: ch, with: state.colorMode == .none ? Cell("█") : Cell(" ", Style(background: .darkGray)))
                    continue
                }
                let tile = level.cell(r, col)
                if !model.isOccupiable[s] {
                    let style = Style(foreground: state.colorMode == .none ? .default : .indexed(15), attributes: .bold)
                    canvas.fill(x: x, y: cy, width: cw, height: ch, with: Cell(" ", style))
                    canvas[x, cy] = Cell(tile.symbol.isSingleWidth ? tile.symbol : "?", style)
                    continue
                }
                let style = Style(foreground: heat.textColor(values[s]), background: heat.color(values[s]))
                canvas.fill(x: x, y: cy, width: cw, height: ch, with: Cell(state.colorMode == .none ? heat.shade(values[s]) : " ", style))
                if cw >= 2, policy[s] >= 0 { canvas.put(model.actionMark(s, policy[s]), x: x + cw / 2, y: cy, style: style, maxWidth: cw - cw / 2) }
            }
        }
        guard curveHeight >= 4 else { return }
        if progressHeight > 0 {
            let top = Rect(x: rect.x, y: rect.y + rect.height - curveHeight - progressHeight, width: rect.width, height: progressHeight)
            canvas.box(x: top.x, y: top.y, width: top.width, height: top.height,
                       title: method.family == .dp ? "max Δ per sweep" : "return per episode")
            BraillePlot.draw(snapshot.progress, in: Rect(x: top.x + 1, y: top.y + 1, width: top.width - 2, height: top.height - 2),
                             style: state.colorMode == .none ? .plain : Style(foreground: .indexed(75)), into: &canvas)
        }
        let box = Rect(x: rect.x, y: rect.y + rect.height - curveHeight, width: rect.width, height: curveHeight)
        canvas.box(x: box.x, y: box.y, width: box.width, height: box.height, title: "RMS vs \(method.family == .dp ? "sweeps" : "samples")")
        let inner = Rect(x: box.x + 1, y: box.y + 1, width: box.width - 2, height: box.height - 2)
        BraillePlot.draw(snapshot.errors.map(\.rms), in: inner, style: state.colorMode == .none ? .plain : Style(foreground: .indexed(214)), into: &canvas)
    }
}
