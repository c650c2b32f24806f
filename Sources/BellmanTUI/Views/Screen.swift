import BellmanCore

/// The whole screen as a pure function of the state.
public enum Screen {
    public static func render(_ state: AppState) -> Canvas {
        var canvas = Canvas(width: state.width, height: state.height)
        let layout = Layout(state)
        guard !layout.tooSmall else {
            drawTooSmall(state, into: &canvas)
            return canvas
        }
        drawTitle(state, layout.title, into: &canvas)
        if state.compareMethods != nil {
            drawComparison(state, layout, into: &canvas)
        } else {
            drawOneMethod(state, layout, into: &canvas)
        }
        drawFooter(state, layout.footer, into: &canvas)
        drawLessonCaption(state, into: &canvas)
        switch state.overlay {
        case .help(let page): HelpOverlay.draw(state, page: page, into: &canvas)
        case .levels(let selected): LevelPicker.draw(state, selected: selected, into: &canvas)
        case .none: break
        }
        return canvas
    }

    /// The grid, explain and curve areas as one column per compared method.
    private static func drawComparison(_ state: AppState, _ layout: Layout, into canvas: inout Canvas) {
        let bottom = (layout.curves ?? layout.explain ?? layout.status ?? layout.grid)
        // The panel gives way where the columns need its width for their maps.
        let panel = layout.panel.flatMap { CompareView.needsWholeWidth(state, besidePanel: $0.x) ? nil : $0 }
        let area = Rect(x: 0, y: 1, width: panel?.x ?? state.width, height: bottom.y + bottom.height - 1)
        CompareView(state: state, area: area).draw(into: &canvas)
        if let panel { drawComparePanel(state, panel, into: &canvas) }
    }

    /// The grid, panel, last update and curves of the method on screen.
    private static func drawOneMethod(_ state: AppState, _ layout: Layout, into canvas: inout Canvas) {
        let greedy = state.greedyActions()
        if state.model.isBandit {
            ArmsView(state: state, area: layout.grid).draw(into: &canvas)
        } else {
            GridView(state: state, layout: layout, greedy: state.cellMarks(greedy: greedy)).draw(into: &canvas)
        }
        if let panel = layout.panel { PanelView(state: state, area: panel, greedy: greedy).draw(into: &canvas) }
        if let explain = layout.explain {
            // Where the update does not fit, its general rule gives way to the numbers (the
            // title says so), and what still does not fit ends in "…".
            var source = Explanation.lines(state)
            var lines = source.flatMap { Format.wrap($0, width: explain.width - 4) }
            var title = "last update"
            if lines.count > explain.height - 2 && source.count > 2 {
                source.removeFirst()
                lines = source.flatMap { Format.wrap($0, width: explain.width - 4) }
                title = "last update: numbers"
            }
            canvas.box(x: explain.x, y: explain.y, width: explain.width, height: explain.height, title: title)
            for (i, text) in Format.limit(lines, to: explain.height - 2, width: explain.width - 4).enumerated() {
                canvas.put(text, x: explain.x + 2, y: explain.y + 1 + i, maxWidth: explain.width - 4)
            }
        }
        if let curves = layout.curves { CurveView(state: state, area: curves).draw(into: &canvas) }
        if let status = layout.status { drawCompactStatus(state, status, into: &canvas) }
    }

    /// A lesson's caption across the bottom of the screen, over whatever is there: where the
    /// class looks while the teacher talks.
    private static func drawLessonCaption(_ state: AppState, into canvas: inout Canvas) {
        guard let tour = state.tour, let step = tour.current else { return }
        let lesson = tour.lesson
        let last = tour.step == lesson.steps.count - 1
        // The caption covers the status line, so a status (an export, a refusal) joins the title.
        let title = " Lesson: \(lesson.name) · \(tour.step + 1)/\(lesson.steps.count)  \(last ? "(the end; q quits)" : "n: next")"
            + (state.status.map { "  ·  \($0)" } ?? "")
        let text = Format.wrap(step.caption, width: state.width - 2, lines: 3)
        let top = state.height - text.count - 1
        let bar = Style(attributes: [.reverse, .bold])
        canvas.fill(x: 0, y: top, width: state.width, height: 1, with: Cell(" ", bar))
        canvas.put(title, x: 0, y: top, style: bar, maxWidth: state.width)
        for (i, line) in text.enumerated() {
            canvas.fill(x: 0, y: top + 1 + i, width: state.width, height: 1, with: Cell(" ", .reverse))
            canvas.put(" " + line, x: 0, y: top + 1 + i, style: .reverse, maxWidth: state.width)
        }
    }

    /// Compare mode's side panel: the level, what the columns show, and the keys that matter.
    private static func drawComparePanel(_ state: AppState, _ area: Rect, into canvas: inout Canvas) {
        for row in area.y..<area.y + area.height { canvas[area.x, row] = Cell("│", .dim) }
        var lines: [(String, Style)] = [(state.level.name, .bold)]
        lines += Format.wrap(state.level.about, width: area.width - 2, lines: 3).map { ($0, .dim) }
        lines += [("", .plain), ("Compare: the same level, each", .bold), ("method fed the same samples", .bold),
                  ("(DP: one sweep per round).", .bold), ("", .plain)]
        for entry in state.compareEntries {
            lines.append((entry.method.id, .bold))
            lines.append(("  " + RunReport.describe(entry.method, entry.parameters, level: state.level), .dim))
        }
        lines += [("", .plain), ("space run  . one round  +/- speed", .dim), ("r restart  C leave compare", .dim),
                  ("speed \(Format.rate(state.speed)) samples per method", .plain)]
        if state.snapshot.running { lines.append(("actual \(Format.rate(state.snapshot.ticksPerSecond))", .plain)) }
        var y = area.y
        for (text, style) in lines {
            for line in Format.wrap(text, width: area.width - 2) where y < area.y + area.height {
                canvas.put(line, x: area.x + 2, y: y, style: style, maxWidth: area.width - 2)
                y += 1
            }
            if text.isEmpty { y += 1 }
        }
    }

    /// The run state in words a class can read from the back of the room.
    static func runState(_ state: AppState) -> String {
        let s = state.snapshot
        if s.acknowledged < state.commandsSent || (s.busy && !s.running) { return "working…" }
        if state.driving { return "you drive" }
        if s.finished { return state.method.family == .dp ? "✓ converged" : "■ stopped" }
        if s.message != nil && s.parameters == nil { return "✗ cannot run" }
        return state.running ? "▶ running" : "‖ paused"
    }

    private static func drawTitle(_ state: AppState, _ area: Rect, into canvas: inout Canvas) {
        let style = Style(attributes: .reverse)
        canvas.fill(x: area.x, y: area.y, width: area.width, height: 1, with: Cell(" ", style))
        let showing = state.compareMethods.map { "compare \($0.joined(separator: " vs "))" }
            ?? "\(state.method.family.rawValue) \(state.method.id)"
        // Driving, the rate is not the method's: the user's keys set it.
        var run = state.driving ? runState(state) : "\(runState(state)) \(Format.rate(state.speed))"
        let text: String
        if area.width < 80 {
            text = " \(runState(state)) │ \(state.method.id) │ \(state.level.id)"
        } else if state.compareMethods != nil {
            // The run state before the list of methods, which a long list would cut; the
            // speed reached beside the speed asked, where the panel may have given way.
            if state.snapshot.running { run += ", actual \(Format.rate(state.snapshot.ticksPerSecond))" }
            text = " Bellman │ \(state.level.name) │ \(run) │ \(showing)"
        } else {
            text = " Bellman │ \(state.level.name) │ \(showing) │ \(run) │ view: \(state.view.name(learnsQ: state.method.learnsQ))"
        }
        canvas.put(text, x: area.x, y: area.y, style: Style(attributes: [.reverse, .bold]), maxWidth: area.width)
    }

    private static func drawFooter(_ state: AppState, _ area: Rect, into canvas: inout Canvas) {
        // The keys that do something in this mode, from the one key map.
        let keys: String
        switch state.mode {
        case .building: keys = KeyMap.buildFooter(width: area.width)
        case .driving: keys = KeyMap.drivingFooter(grid: state.model.isGrid)
        case .normal: keys = KeyMap.footer(compare: false, width: area.width)
        case .comparing: keys = KeyMap.footer(compare: true, width: area.width)
        }
        let text = state.status ?? keys
        canvas.put(text, x: area.x, y: area.y, style: state.status == nil ? .dim : .bold, maxWidth: area.width)
    }

    /// Compact screens: counters and the explanation's numbers in three lines.
    private static func drawCompactStatus(_ state: AppState, _ area: Rect, into canvas: inout Canvas) {
        let c = state.snapshot.counters
        let rms = state.snapshot.rms.map { Format.value($0, width: 7) } ?? "-"
        let counts = state.method.family == .dp
            ? "sweeps \(Format.count(c.sweeps)) backups \(Format.count(c.backups)) samples 0"
            : "ep \(Format.count(c.episodes)) samples \(Format.count(c.samples)) backups \(Format.count(c.backups))"
        canvas.put("\(counts) rms \(rms)", x: area.x, y: area.y, maxWidth: area.width)
        let explanation = Explanation.lines(state)
        for (i, line) in explanation.dropFirst(explanation.count > 1 ? 1 : 0).prefix(2).enumerated() {
            canvas.put(line, x: area.x, y: area.y + 1 + i, style: .dim, maxWidth: area.width)
        }
    }

    private static func drawTooSmall(_ state: AppState, into canvas: inout Canvas) {
        let lines = ["Bellman needs at least \(Layout.minWidth)x\(Layout.minHeight);",
                     "this terminal is \(state.width)x\(state.height).",
                     "Enlarge it, or press q to quit."]
        for (i, line) in lines.enumerated() {
            canvas.put(line, x: 0, y: i, maxWidth: state.width)
        }
    }
}
