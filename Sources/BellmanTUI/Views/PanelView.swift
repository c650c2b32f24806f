import BellmanCore

/// The side panel: the level and its source, the method and its family, parameters (the
/// selected one marked for `[` `]`), counters, error, speed, and the cell under the cursor.
struct PanelView {
    let state: AppState
    let area: Rect
    /// The greedy actions per state (`AppState.greedyActions()`).
    let greedy: [[Int]]

    func draw(into canvas: inout Canvas) {
        var y = area.y, dropped = 0
        let x = area.x + 1, width = area.width - 2
        func line(_ text: String, _ style: Style = .plain) {
            guard y < area.y + area.height else { dropped += 1; return }
            canvas.put(text, x: x, y: y, style: style, maxWidth: width)
            y += 1
        }
        for row in area.y..<area.y + area.height { canvas[area.x, row] = Cell("│", .dim) }
        // A short panel (80x24) keeps what changes, the counters, speed and the cursor's cell,
        // and leaves out the level's description (the level picker shows it), the method's
        // summary, the blank lines and the history.
        let short = area.height < 30
        line(state.level.name, .bold)
        if !short {
            for text in Format.wrap(state.level.about, width: width, lines: 3) { line(text, .dim) }
            y += 1
        }

        var fx = x
        for family in Family.offered(on: state.model) {
            let style: Style = family == state.family ? Style(attributes: [.reverse, .bold]) : .dim
            fx = canvas.put(" \(family.key) \(family.rawValue) ", x: fx, y: y, style: style) + 1
        }
        y += 1
        line("\(state.method.id)  (\(methodNumber)/\(Methods.family(state.family).count), m next)", .bold)
        if !short {
            for text in Format.wrap(state.method.summary, width: width, lines: 2) { line(text, .dim) }
            y += 1
        }

        let p = state.snapshot.parameters ?? state.parameters
        // The values the level sets (its `[defaults]`, the book's parameters) say so.
        let fromLevel = state.level.defaults.fromLevel(p, for: state.method)
        for name in state.method.parameters {
            guard let value = parameterText(name, p) else { continue }
            let adjustable = adjustableParameters(state.method).contains(name)
            let selected = adjustable && name == state.selectedParameter
            let label = (selected ? "▸ " : "  ") + name.rawValue.padding(toLength: max(17, name.rawValue.count + 1)) + value
                + (fromLevel.contains(name) ? " level" : "")
            line(label + (selected ? "   [ ]" : ""), selected ? .bold : adjustable ? .plain : .dim)
        }
        if state.method.isPrediction {
            // The policy being evaluated, changeable per state (t) and saved as a file (T).
            let policy = state.targetPolicy
            let chosen = policy?.chosenStates(model: state.model).count ?? 0
            // The file's name without its folder and extension: the panel is narrow.
            let name = policy.map { $0.file.split(separator: "/").last.map(String.init) ?? $0.file }
            let shown = name.map { $0.hasSuffix(".toml") ? String($0.dropLast(5)) : $0 }
            if let shown {
                line("  policy".padding(toLength: 19) + shown, .dim)
                line("  \(chosen) states set, others random  t T", .dim)
            } else {
                line("  policy".padding(toLength: 19) + "random   t T", .dim)
            }
        }
        // The world's physics, changeable live (d D, o O).
        if state.model.isGrid {
            line("  slip \(Format.parameter(state.level.slip))  step reward \(Format.parameter(state.level.stepReward))   d D o O", .dim)
        } else {
            line("  \(state.model.stateCount) states, \(RunReport.group(state.model.pairCount)) state-action pairs", .dim)
        }
        if !short { y += 1 }

        let c = state.snapshot.counters
        func pair(_ a: String, _ av: String, _ b: String, _ bv: String) {
            let half = width / 2
            // A long value pushes its label's padding, never the label itself, out of the way.
            let left = a.padding(toLength: max(a.count + 1, half - av.count - 1)) + av + " "
            line(left + b.padding(toLength: max(b.count + 1, width - left.count - bv.count - 1)) + bv)
        }
        pair("samples", Format.count(c.samples), "episodes", Format.count(c.episodes))
        pair("backups", Format.count(c.backups), "sweeps", Format.count(c.sweeps))
        pair("model reads", Format.count(c.modelReads), "cut at cap", Format.count(c.episodesCut))
        if state.method.family == .dp {
            pair("max Δ", state.snapshot.lastDelta.map { Format.value($0, width: 8) } ?? "-", "", "")
        } else {
            // The book's "sum of rewards during episode", and, where gamma discounts it, the
            // return G the methods learn.
            let last = state.snapshot.lastEpisode
            pair("last Σ rewards", last.map { Format.value($0.rewards, width: 8) } ?? "-", "steps", last.map { Format.count($0.steps) } ?? "-")
            if p.gamma < 1 {
                pair("last return G", last.map { Format.nonzero($0.return_, width: 8) } ?? "-", "", "")
            }
            if let average = state.snapshot.averageReward, let optimal = state.snapshot.optimalShare {
                pair("average reward", Format.value(average, width: 6), "optimal", "\(Int((optimal * 100).rounded()))%")
            } else if let shares = firstActionShares {
                let long = "from \(shares.from), last \(shares.count): \(shares.text)"
                line(long.count <= width ? long : "\(shares.from): \(shares.text)")
            }
        }
        if let signal = PolicySignal.of(state.method.id) {
            // What the latest preference step was scaled by; a label has no number.
            let step = state.snapshot.lastTick?.update.flatMap { $0.probability == nil ? nil : $0.bootstrap }
            let number = signal.isLabel ? "" : step.map { " = " + Format.value($0, width: 8) } ?? ""
            line("signal: \(signal.kind)\(signal.isLabel ? "" : " " + signal.symbol)\(number)")
        }
        let label = state.errorName(of: state.method)
        let unbounded = state.snapshot.rms?.isNaN == true
            ? state.snapshot.values.indices.filter { state.snapshot.values[$0].isNaN && state.model.isOccupiable[$0] }.count : 0
        line(label.padding(toLength: max(16, label.count + 1)) + (unbounded > 0 ? "none" : state.snapshot.rms.map { Format.value($0, width: 10) } ?? "-"))
        // Why there is no error: the truth is being solved, or does not exist here; or V^pi
        // has no finite value somewhere (ExactEvaluation's `Ending`).
        if state.snapshot.rms == nil, let note = state.snapshot.truthNote { line(note, .dim) }
        if unbounded > 0 {
            line("Vπ unbounded at \(unbounded) of \(state.model.isOccupiable.filter { $0 }.count) cells:", .dim)
            line("γ = 1: π may loop for ever", .dim)
        }
        // Running free on a large world, the V^pi shown is re-evaluated now and then: from when.
        if let at = state.snapshot.valuesAtSamples { line("Vπ from sample \(RunReport.group(at))", .dim) }
        let actual = state.snapshot.running ? "  (actual \(Format.rate(state.snapshot.ticksPerSecond)))" : ""
        line("speed \(Format.rate(state.speed))\(actual)")
        drawDriver(line)
        if state.building {
            line("build: \(state.edits) edit\(state.edits == 1 ? "" : "s"); w: write level", .bold)
        } else if state.edits > 0 {
            line("\(state.edits) cell\(state.edits == 1 ? "" : "s") edited (b: build mode)", .dim)
        }
        if !short {
            drawHistory(width: width, line)
            y += 1
        }
        for (text, style) in inspectorLines() { line(text, style) }
        // What did not fit says so on the last line, never cut silently.
        if dropped > 0 {
            let last = area.y + area.height - 1
            canvas.fill(x: x, y: last, width: width, height: 1, with: Cell(" "))
            canvas.put("… \(dropped + 1) more lines: a taller terminal", x: x, y: last, style: .dim, maxWidth: width)
        }
    }

    /// On a small MDP that starts in one state, how often each action was taken there in
    /// the latest episodes: Figure 6.5's "% left actions from A".
    private var firstActionShares: (from: String, count: Int, text: String)? {
        let s = state.snapshot
        guard state.level.mdp != nil, state.level.mdp?.axes == nil, let start = s.lastEpisode?.firstState, start >= 0,
              !s.firstActions.isEmpty else { return nil }
        let model = state.model, n = s.firstActions.count
        let actions = 0..<model.actionCount(of: start)
        // Whole percents that add up to 100 as printed (largest remainders).
        let percents = Format.apportion(actions.map { a in Double(s.firstActions.filter { $0 == a }.count) / Double(n) }, into: 100)
        let shares = actions.map { a in "\(model.actionName(start, a)) \(percents[a])%" }
        return (model.name(of: start), n, shares.joined(separator: " "))
    }

    /// The method's place in its family, counted from 1 (what `m` steps through).
    private var methodNumber: Int {
        (Methods.family(state.family).firstIndex { $0.id == state.method.id } ?? 0) + 1
    }

    /// Who drives the agent (DESIGN §9): shown once the user has driven, or while driving,
    /// with the action Enter takes on a model that is not a grid.
    private func drawDriver(_ line: (String, Style) -> Void) {
        let driven = state.snapshot.drivenSteps
        guard state.driving || driven > 0 else { return }
        if state.driving {
            line(state.method.family == .dp ? "you walk: DP learns nothing (h)" : "you drive: \(Format.count(driven)) steps, h hands back", .bold)
            let model = state.model
            if !model.isGrid, let s = state.snapshot.agent, s < model.stateCount, !model.isTerminal[s] {
                let count = model.actionCount(of: s)
                line("your action ◂ \(model.actionName(s, min(state.drivePick, count - 1))) ▸ of \(count)  Enter", .bold)
            }
        } else {
            line("the method drives (you drove \(Format.count(driven)), h)", .dim)
        }
    }

    /// The rewind scrubber: the ticks held (oldest to furthest reached), where the solver is
    /// among them, and the memory the checkpoints take.
    private func drawHistory(width: Int, _ line: (String, Style) -> Void) {
        let s = state.snapshot
        guard let oldest = s.historyOldest, state.compareMethods == nil else { return }
        let now = s.counters.ticks, head = max(s.historyHead, now)
        let barWidth = max(4, width - 10)
        let fraction = head > oldest ? Double(now - oldest) / Double(head - oldest) : 1
        let mark = min(barWidth - 1, Int(fraction * Double(barWidth - 1)))
        let bar = String(repeating: "━", count: mark) + "●" + String(repeating: "─", count: barWidth - 1 - mark)
        line("history \(bar)", now < head ? .bold : .dim)
        let memory = String(format: "%.1f MB", Double(s.historyBytes) / 1_048_576)
        if now < head {
            line("◀ back \(Format.count(head - now)) of \(Format.count(head - oldest)) ticks held", .bold)
        } else {
            // The keys that go back in this family: a sweep (W) for DP, an episode (E) otherwise.
            let keys = state.method.family == .dp ? ", W" : ", E"
            line("\(Format.count(head - oldest)) tick\(head - oldest == 1 ? "" : "s") held (\(memory)\(s.historyDropped ? ", oldest dropped" : "")); back: \(keys)", .dim)
        }
    }

    private func parameterText(_ name: ParameterName, _ p: Parameters) -> String? {
        switch name {
        case .gamma: Format.parameter(p.gamma)
        case .alpha: p.alpha.map(Format.parameter) ?? "1/N"
        case .epsilon: Format.parameter(p.epsilon)
        case .lambda: Format.parameter(p.lambda)
        case .n: String(p.n)
        case .planningSteps: String(p.planningSteps)
        case .kappa: Format.parameter(p.kappa)
        case .priorityThreshold: Format.parameter(p.priorityThreshold)
        case .theta: "\(p.theta)"
        case .initialValue: Format.parameter(p.initialValue)
        case .seed: String(p.seed)
        case .everyVisit: p.everyVisit ? "every visit" : "first visit"
        case .replacingTraces: p.replacingTraces ? "replacing" : "accumulating"
        case .batch: p.batch ? "on" : "off"
        case .synchronous: p.synchronous ? "synchronous" : "in place"
        case .ties: nil
        case .sampling: p.weightedSampling ? "weighted" : "ordinary"
        case .c: Format.parameter(p.c)
        case .noBaseline: p.baseline ? "off" : "on"
        case .alphaW: Format.parameter(p.alphaW)
        case .group: String(p.group)
        case .noStd: p.standardize ? "off" : "on"
        case .prior: p.prior.map(Format.parameter) ?? "none"
        case .priorNoise: Format.parameter(p.priorNoise)
        }
    }

    /// V, Q per action, visits and TD error of the cell under the cursor.
    private func inspectorLines() -> [(String, Style)] {
        var lines: [(String, Style)] = []
        func line(_ text: String, _ style: Style = .plain) { lines.append((text, style)) }
        let position = state.cursor
        let name = Level.cellName(row: position.row, col: position.col)
        guard let s = state.cursorState else {
            line(state.model.isGrid ? "cell \(name): wall" : "no state here", .bold)
            return lines
        }
        let tile = state.level.cell(position.row, position.col)
        line(state.model.isGrid ? "cell \(name) (\(tile.kind.rawValue))" : "state \(state.model.name(of: s))\(tile.kind.isTerminal ? " (terminal)" : "")", .bold)
        let snapshot = state.snapshot
        // NaN only where a learned policy's V^pi is unbounded (the panel above says why).
        let v = s < snapshot.values.count ? snapshot.values[s].isNaN ? "unbounded" : Format.value(snapshot.values[s], width: 9) : "-"
        let visits = s < snapshot.visits.count ? Format.count(Int(snapshot.visits[s])) : "0"
        line("\(state.method.learnsQ ? "max Q" : "V") \(v)   visits \(visits)")
        if let q = snapshot.q {
            let A = state.model.actionCount
            var entries = (0..<state.model.actionCount(of: s)).map { a in "\(state.model.actionName(s, a)) \(Format.value(q[s * A + a], width: 7))" }
            while !entries.isEmpty {
                let row = entries.prefix(2)
                line("  " + row.map { $0.padding(toLength: 13) }.joined())
                entries.removeFirst(row.count)
            }
        }
        if state.method.isPrediction, !state.model.isTerminal[s] {
            let model = state.model
            var choice = "random"
            if let policy = state.targetPolicy, !policy.isRandom(in: s, model: model) {
                choice = (0..<model.actionCount(of: s)).filter { policy.p(s, $0) > 0 }.map { a in
                    policy.p(s, a) == 1 ? model.actionName(s, a) : "\(model.actionName(s, a)) \(Format.parameter(policy.p(s, a)))"
                }.joined(separator: ", ")
            }
            line("target \(choice)")
        }
        let learned = state.learnedPolicy
        if state.method.family == .pg, let pi = learned, !state.model.isTerminal[s] {
            // The policy itself (DESIGN §13): pi per action, summing to 1 as printed (a
            // bandit's arms view draws them as its bars).
            let A = state.model.actionCount, actions = 0..<state.model.actionCount(of: s)
            let shown = Format.shares(actions.map { pi[s * A + $0] }, decimals: 3)
            var entries = actions.map { a in "π \(state.model.actionName(s, a)) \(shown[a])" }
            while !entries.isEmpty {
                let row = entries.prefix(2)
                line("  " + row.map { $0.padding(toLength: 13) }.joined())
                entries.removeFirst(row.count)
            }
        }
        if s < greedy.count, !greedy[s].isEmpty {
            let names = greedy[s].map { state.model.actionName(s, $0) }
            // A stochastic policy is not greedy: it favours the actions above uniform.
            line("\(learned != nil ? "favours" : "greedy") \(names.joined(separator: ", "))")
        }
        if state.method.family != .pg, s < snapshot.tdErrors.count, !snapshot.tdErrors[s].isNaN {
            line("last TD error \(Format.value(snapshot.tdErrors[s], width: 9))")
        }
        return lines
    }
}

extension String {
    /// Pads with spaces (or truncates) to exactly `length` characters.
    func padding(toLength length: Int) -> String {
        count >= length ? String(prefix(length)) : self + String(repeating: " ", count: length - count)
    }
}
