import BellmanCore

/// The help overlay: every key, so the screen documents itself.
enum HelpOverlay {
    /// The keys (`KeyMap`), then what the screen's signs mean.
    static let keys: [(String, String)] = KeyMap.bindings.map { ($0.keys, $0.meaning) } + [
        ("", ""),
        ("@ ·", "the agent, its episode's trail"), ("S G C H", "start, goal, cliff, hole; A→ a portal and its way"),
        ("RMS vs V*", "RMS of V − V* over the states an agent can reach"),
        ("RMS Vπ vs V*", "PG: the same for V of pi itself, evaluated from the model"),
        ("model reads", "p(s',r|s,a) terms a DP backup read: what a model costs"),
        ("cut at cap", "episodes stopped at the level's step cap before a goal or hole"),
    ]

    static let footnote = "The method or the level restarts learning; parameters, gamma, physics and build edits change live."

    /// The help's lines at a width: each meaning wrapped under its column, then the footnote.
    static func lines(width: Int) -> [HelpLine] {
        var lines: [HelpLine] = []
        for (key, meaning) in keys {
            let wrapped = meaning.isEmpty ? [""] : Format.wrap(meaning, width: max(1, width - 19))
            for (i, text) in wrapped.enumerated() { lines.append(HelpLine(key: i == 0 ? key : "", text: text)) }
        }
        lines += Format.wrap(footnote, width: max(1, width - 4)).map { HelpLine(key: "", text: $0, isNote: true) }
        return lines
    }

    /// The help's pages on this screen: as many lines as the box holds, never splitting a
    /// key's meaning across two.
    static func pages(_ state: AppState) -> [[HelpLine]] {
        let (width, height) = size(state)
        let perPage = max(1, height - 3)
        var pages: [[HelpLine]] = [[]]
        var entry: [HelpLine] = []
        func place() {
            if pages[pages.count - 1].count + entry.count > perPage && !pages[pages.count - 1].isEmpty { pages.append([]) }
            pages[pages.count - 1] += entry.prefix(perPage)
            entry = []
        }
        for line in lines(width: width) {
            if !line.key.isEmpty || line.text.isEmpty || line.isNote && entry.first?.isNote != true { place() }
            entry.append(line)
        }
        place()
        return pages
    }

    private static func size(_ state: AppState) -> (width: Int, height: Int) {
        // As wide as its longest line, so nothing is wrapped where the screen has room.
        let widest = max(keys.map { 17 + $0.1.count + 2 }.max() ?? 0, footnote.count + 4)
        let width = min(state.width - 2, widest)
        // A help that does not fit takes the whole height (the title and footer too) for fewer pages.
        return (width, min(state.height, lines(width: width).count + 3))
    }

    static func draw(_ state: AppState, page: Int, into canvas: inout Canvas) {
        let (width, height) = size(state)
        let pages = pages(state)
        let page = min(page, pages.count - 1)
        let x = (state.width - width) / 2, y = (state.height - height) / 2
        // Over the title and footer, the whole rows are cleared: no stray letters beside the box.
        if height > state.height - 2 { canvas.fill(x: 0, y: 0, width: state.width, height: state.height, with: Cell(" ")) }
        canvas.fill(x: x, y: y, width: width, height: height, with: Cell(" "))
        canvas.box(x: x, y: y, width: width, height: height,
                   title: pages.count > 1 ? "Bellman keys \(page + 1)/\(pages.count)" : "Bellman keys", style: .plain)
        for (row, line) in pages[page].enumerated() {
            if line.isNote {
                canvas.put(line.text, x: x + 2, y: y + 1 + row, style: .dim, maxWidth: width - 4)
            } else {
                canvas.put(line.key.padding(toLength: 15), x: x + 2, y: y + 1 + row, style: .bold)
                canvas.put(line.text, x: x + 17, y: y + 1 + row, maxWidth: width - 19)
            }
        }
        // More pages say so: a help cut short at a small screen never looks whole.
        let more = page < pages.count - 1
        let hint = more ? "more: space shows page \(page + 2) of \(pages.count); any other key closes" : "any key closes this help"
        canvas.put(hint, x: x + 2, y: y + height - 2, style: more ? .bold : .dim, maxWidth: width - 4)
    }
}

/// One line of the help: a key and (a line of) its meaning, or a note across the box.
struct HelpLine {
    var key: String
    var text: String
    var isNote = false
}

/// The level picker: the names, and what the highlighted level is.
enum LevelPicker {
    static let footnote = "levels/*.toml, bundled; `bellman play FILE` opens your own"

    static func draw(_ state: AppState, selected: Int, into canvas: inout Canvas) {
        let names = state.levelNames
        let width = min(state.width - 2, max(60, footnote.count + 4))
        // The highlighted level's description under the list, in as many lines as it takes (at most 4).
        let about = selected < names.count ? state.levelAbouts[names[selected]] ?? "" : ""
        let aboutLines = about.isEmpty ? [] : Format.wrap(about, width: width - 4, lines: 4)
        let height = min(state.height - 2, names.count + 4 + (aboutLines.isEmpty ? 0 : aboutLines.count + 1))
        let x = (state.width - width) / 2, y = (state.height - height) / 2
        canvas.fill(x: x, y: y, width: width, height: height, with: Cell(" "))
        canvas.box(x: x, y: y, width: width, height: height, title: "Levels (↑↓ Enter, Esc)", style: .plain)
        let aboutRows = min(aboutLines.count, max(0, height - 6))
        let visible = max(1, height - 3 - (aboutRows > 0 ? aboutRows + 1 : 0))
        let first = min(max(0, selected - visible / 2), max(0, names.count - visible))
        for (row, i) in (first..<min(names.count, first + visible)).enumerated() {
            let marker = names[i] == state.level.id ? "•" : " "
            canvas.put("\(marker) \(names[i])", x: x + 2, y: y + 1 + row, style: i == selected ? Style(attributes: [.reverse, .bold]) : .plain,
                       maxWidth: width - 4)
        }
        for (row, line) in Format.limit(aboutLines, to: aboutRows, width: width - 4).enumerated() {
            canvas.put(line, x: x + 2, y: y + height - 2 - aboutRows + row, style: .dim, maxWidth: width - 4)
        }
        canvas.put(footnote, x: x + 2, y: y + height - 2, style: .dim, maxWidth: width - 4)
    }
}
