import BellmanCore

/// A bandit drawn as its arms (DESIGN §12), one row each, in the grid's place: what the method
/// learnt of the arm as a bar (Q(a), or pi(a) for a method that learns its policy), the arm's
/// true value as a marker on Q's scale, its pulls, and the last arm pulled. Every number on a
/// row is printed beside its bar, so nothing is read off a length alone.
struct ArmsView {
    let state: AppState
    let area: Rect

    private var model: Model { state.model }
    private var snapshot: Snapshot { state.snapshot }

    /// Columns a row spends outside its bar: " 10 " + " Q -1.23" + "  q* -1.23*" + "  N 12.3k" + " ◀".
    private static let fixedColumns = 4 + 8 + 11 + 9 + 2

    func draw(into canvas: inout Canvas) {
        guard let s = model.banditState, area.height >= 3, area.width >= Self.fixedColumns + 4 else {
            canvas.put("a bandit: a wider window shows its arms", x: area.x, y: area.y, style: .dim, maxWidth: area.width)
            return
        }
        let k = model.actionCount(of: s), A = model.actionCount
        let trueValues = snapshot.arms.flatMap { $0.count == k ? $0 : nil } ?? model.armValues()
        let probabilities = snapshot.probabilities.flatMap { $0.count == model.stateCount * A ? Array($0[(s * A)..<(s * A + k)]) : nil }
        let estimates = snapshot.q.flatMap { $0.count == model.stateCount * A ? Array($0[(s * A)..<(s * A + k)]) : nil }
        let pulls = snapshot.pulls.count == k ? snapshot.pulls : Array(repeating: 0, count: k)
        // The bars' scale: pi on [0, 1]; Q and q* on one scale that holds both and 0.
        let shown = probabilities ?? estimates ?? Array(repeating: 0, count: k)
        let onQScale = probabilities == nil
        let low = onQScale ? min(0, (shown + trueValues).min() ?? 0) : 0
        let high = onQScale ? max(0, (shown + trueValues).max() ?? 0) : 1
        let best = trueValues.indices.max { trueValues[$0] < trueValues[$1] } ?? 0
        let last = snapshot.lastTick?.transition?.action
        let width = area.width - Self.fixedColumns
        func column(_ v: Double) -> Int {
            guard high > low, v.isFinite else { return 0 }
            return min(width - 1, max(0, Int(((v - low) / (high - low) * Double(width - 1)).rounded())))
        }
        let what = onQScale ? "bar = Q(a) learnt, \(state.unicode ? "│" : "|") = q*(a) true" : "bar = pi(a) learnt"
        canvas.put("\(k) arms: \(what)", x: area.x, y: area.y, style: .bold, maxWidth: area.width)
        let scale = (onQScale ? "scale \(Format.value(low, width: 6)) to \(Format.value(high, width: 6))" : "scale 0 to 1") + ", * = the best arm"
        canvas.put(scale, x: area.x, y: area.y + 1, style: .dim, maxWidth: area.width)
        let rows = area.height - 2
        let listed = k <= rows ? k : rows - 1
        let full: Character = state.unicode ? "█" : "#", marker: Character = state.unicode ? "│" : "|"
        for a in 0..<listed {
            let y = area.y + 2 + a
            let picked = state.driving && state.drivePick == a
            var x = canvas.put((picked ? ">" : " ") + pad(model.actionName(s, a), 3) + " ", x: area.x, y: y, style: picked ? .reverse : .plain)
            // The bar from 0 (Q's scale) or from the left (pi) to the arm's value.
            let zero = column(0), end = column(shown[a])
            let from = onQScale ? min(zero, end) : 0, to = onQScale ? max(zero, end) : end
            var bar = Array(repeating: Character(" "), count: width)
            if onQScale || shown[a] > 0 { for c in from...to { bar[c] = full } }
            if onQScale { bar[column(trueValues[a])] = marker }
            for (c, ch) in bar.enumerated() {
                let isMarker = onQScale && c == column(trueValues[a])
                canvas[x + c, y] = Cell(ch, isMarker ? Style(attributes: .bold) : (a == last ? .bold : .plain))
            }
            x += width
            let estimate = probabilities.map { " π " + pad(Format.value($0[a], width: 5), 5) } ?? estimates.map { " Q " + pad(Format.value($0[a], width: 5), 5) } ?? String(repeating: " ", count: 8)
            x = canvas.put(estimate, x: x, y: y)
            x = canvas.put("  q* " + pad(Format.value(trueValues[a], width: 5), 5) + (a == best ? "*" : " "), x: x, y: y, style: a == best ? .bold : .plain)
            x = canvas.put("  N " + pad(Format.count(Double(pulls[a]), width: 5), 5), x: x, y: y)
            if a == last { canvas.put(state.unicode ? " ◀" : " <", x: x, y: y, style: .bold) }
        }
        if listed < k {
            canvas.put("… \(k - listed) more arms: a taller window shows them", x: area.x, y: area.y + 2 + listed, style: .dim, maxWidth: area.width)
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
