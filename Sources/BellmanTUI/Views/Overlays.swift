import BellmanCore

/// The help overlay: every key, so the screen documents itself.
enum HelpOverlay {
    /// The keys (`KeyMap`), then what the screen's signs mean.
    static let keys: [(String, String)] = KeyMap.bindings.map { ($0.keys, $0.meaning) } + [
        ("", ""),
        ("@ ·", "the agent, its episode's trail"), ("S G C H", "start, goal, cliff, hole; A→ a portal and its way"),
        ("RMS vs V*", "root mean square of V - V* over the cells an agent can be in"),
        ("model reads", "p(s',r|s,a) terms a DP backup read: what a model costs"),
    ]

    static let footnote = "The method or the level restarts learning; parameters, gamma, physics and build edits change live."

    static func draw(_ state: AppState, into canvas: inout Canvas) {
        // As wide as its longest line, so nothing is cut where the screen has room.
        let widest = max(keys.map { 17 + $0.1.count + 2 }.max() ?? 0, footnote.count + 4)
        let width = min(state.width - 2, widest), height = min(state.height - 2, keys.count + 5)
        let x = (state.width - width) / 2, y = (state.height - height) / 2
        canvas.fill(x: x, y: y, width: width, height: height, with: Cell(" "))
        canvas.box(x: x, y: y, width: width, height: height, title: "Bellman keys", style: .plain)
        for (i, (key, meaning)) in keys.enumerated() where i < height - 4 {
            canvas.put(key.padding(toLength: 15), x: x + 2, y: y + 1 + i, style: .bold)
            canvas.put(meaning, x: x + 17, y: y + 1 + i, maxWidth: width - 19)
        }
        canvas.put(footnote,
                   x: x + 2, y: y + height - 3, style: .dim, maxWidth: width - 4)
        canvas.put("any key closes this help", x: x + 2, y: y + height - 2, style: .dim, maxWidth: width - 4)
    }
}

/// The level picker.
enum LevelPicker {
    static let footnote = "levels/*.toml, bundled; `bellman play FILE` opens your own"

    static func draw(_ state: AppState, selected: Int, into canvas: inout Canvas) {
        let names = state.levelNames
        let width = min(state.width - 2, max(60, footnote.count + 4)), height = min(state.height - 2, names.count + 4)
        let x = (state.width - width) / 2, y = (state.height - height) / 2
        canvas.fill(x: x, y: y, width: width, height: height, with: Cell(" "))
        canvas.box(x: x, y: y, width: width, height: height, title: "Levels (↑↓ Enter, Esc)", style: .plain)
        let visible = height - 3
        let first = min(max(0, selected - visible / 2), max(0, names.count - visible))
        for (row, i) in (first..<min(names.count, first + visible)).enumerated() {
            let marker = names[i] == state.level.id ? "•" : " "
            canvas.put("\(marker) \(names[i])", x: x + 2, y: y + 1 + row, style: i == selected ? Style(attributes: [.reverse, .bold]) : .plain,
                       maxWidth: width - 4)
        }
        canvas.put(footnote, x: x + 2, y: y + height - 2, style: .dim, maxWidth: width - 4)
    }
}
