/// How `bellman figure` shows a recipe's run: the study as its own command shows it, then the
/// book's reference points beside Bellman's numbers (DESIGN §11).
public enum FigureReport {
    /// The catalogue: one entry per figure, its id, then its title and level wrapped to
    /// `width` under each other.
    public static func list(_ recipes: [FigureRecipe], width: Int = 80) -> String {
        let idWidth = (recipes.map(\.id.count).max() ?? 0) + 2
        var out = ""
        for recipe in recipes {
            let about = "\(recipe.title) (\(recipe.level), \(RunReport.group(recipe.runs)) run\(recipe.runs == 1 ? "" : "s"))"
            out += WordWrap.hanging(about, after: recipe.id.padding(toLength: idWidth, withPad: " ", startingAt: 0), width: width) + "\n"
        }
        return out + "\n" + WordWrap.lines("bellman figure ID makes one with the book's runs (--runs R for fewer); --check exits 1 when a point is outside the book's tolerance.", width: max(40, width)).joined(separator: "\n") + "\n"
    }

    /// The figure as its command shows it, then the book against Bellman, wrapped to `width`.
    public static func text(_ run: FigureRun, width: Int = 80) -> String {
        let recipe = run.recipe
        var out = "\(recipe.title)\n"
        out += WordWrap.lines(recipe.caption, width: max(40, width)).joined(separator: "\n") + "\n"
        out += "recipe: \(recipe.file)\(run.runs == recipe.runs ? "" : " (\(RunReport.group(run.runs)) runs; the book's: \(RunReport.group(recipe.runs)))")\n\n"
        out += studyText(run)
        guard !run.checks.isEmpty else { return out }
        out += "\nThe book against Bellman:\n"
        // The numbers first, in aligned columns; what and where last, free to run long.
        var rows = [["", "book", "Bellman", "agrees", "of"]]
        for (i, check) in run.checks.enumerated() {
            let p = check.point
            let at = [p.x.map { "x = " + NumberText.plain($0) + (p.xTo.map { "..." + NumberText.plain($0) } ?? "") },
                      p.state, p.after.map { "after \($0)" }].compactMap { $0 }.joined(separator: ", ")
            let what = (p.series ?? (run.recipe.series.count == 1 ? run.recipe.series[0] : "")) + (p.over.map { " / " + $0 } ?? "")
            rows.append(["[\(i + 1)]", p.expected, check.shown, check.agrees ? "yes" : "NO", [what, at].filter { !$0.isEmpty }.joined(separator: " at ")])
        }
        // The last column runs long on some rows: no padding after it.
        out += TextTable.render(rows, left: [4]).split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
        out += "where each number is in the book:\n"
        for (i, check) in run.checks.enumerated() {
            out += WordWrap.hanging(check.point.source, after: "  [\(i + 1)] ", width: width) + "\n"
        }
        let agreeing = run.checks.filter(\.agrees).count
        let verdict = "\(agreeing) of \(run.checks.count) reference points agree with the book"
            + (run.runs < recipe.runs ? " (with \(RunReport.group(run.runs)) of the book's \(RunReport.group(recipe.runs)) runs, wider scatter is expected)" : "")
        out += WordWrap.lines(verdict, width: max(40, width)).joined(separator: "\n") + "\n"
        return out
    }

    /// The study as its own command prints it.
    private static func studyText(_ run: FigureRun) -> String {
        switch run.study {
        case .curve(let curves, let settings):
            let rows = curves.first?.points.count ?? 0
            return CurveReport.text(level: run.level, curves: curves, settings: settings, tableEvery: max(1, rows / 10))
        case .sweep(let axes, let rows, let settings):
            return SweepReport.text(level: run.level, axes: axes, rows: rows, settings: settings)
        case .scale(let rows, let fits, let goal, let settings):
            return ScaleReport.text(level: run.level, rows: rows, fits: fits, factors: run.recipe.factors, goal: goal, settings: settings)
        case .run(let result, let snapshots):
            var out = RunReport.text(result)
            guard !snapshots.isEmpty else { return out }
            let model = result.model
            let unit = result.method.family == .dp ? "sweeps" : "episodes"
            let states = (0..<model.stateCount).filter { !model.isTerminal[$0] }
            out += "\nV(s) after \(unit):\n"
            var rows = [["state"] + snapshots.map { "\($0.after)" } + ["end"]]
            for s in states.prefix(60) {
                rows.append([model.name(of: s)] + snapshots.map { RunReport.format($0.values[s], digits: 3) }
                            + [RunReport.format(result.stateValues[s], digits: 3)])
            }
            out += TextTable.render(rows, left: [0])
            if states.count > 60 { out += "(the first 60 of \(states.count) states; --format csv has them all)\n" }
            return out
        case .policyValue(let study):
            return PolicyValueReport.text(study, model: Model(run.level))
        }
    }

    /// `{"id", "title", "caption", "kind", "level", "runs", "study": <the command's JSON>,
    /// "book": [{"series", "x", "x_to", "state", "after", "over", "book", "bellman", "agrees", "source"}], "agrees"}`.
    public static func json(_ run: FigureRun) -> String {
        typealias V = JSONWriter.Value
        func optional(_ x: Double?) -> V { x.map(V.number) ?? .null }
        func optional(_ s: String?) -> V { s.map(V.string) ?? .null }
        let study: String
        switch run.study {
        case .curve(let curves, let settings): study = CurveReport.json(level: run.level, curves: curves, settings: settings)
        case .sweep(let axes, let rows, let settings): study = SweepReport.json(level: run.level, axes: axes, rows: rows, settings: settings)
        case .scale(let rows, let fits, let goal, let settings): study = ScaleReport.json(level: run.level, rows: rows, fits: fits, goal: goal, settings: settings)
        case .run(let result, _): study = RunReport.json(result)
        case .policyValue(let values): study = PolicyValueReport.json(values, model: Model(run.level))
        }
        let recipe = run.recipe
        return JSONWriter.render(.object([
            ("id", .string(recipe.id)), ("title", .string(recipe.title)), ("caption", .string(recipe.caption)),
            ("kind", .string(recipe.kind.rawValue)), ("level", .string(recipe.level)), ("runs", .int(run.runs)),
            ("study", .raw(study.trimmingCharacters(in: .whitespacesAndNewlines))),
            ("book", .array(run.checks.map { check in
                let p = check.point
                return .object([
                    ("series", optional(p.series)), ("x", optional(p.x)), ("x_to", optional(p.xTo)), ("state", optional(p.state)),
                    ("after", p.after.map(V.int) ?? .null), ("over", optional(p.over)), ("book", .string(p.expected)),
                    ("bellman", p.action != nil ? .string(check.shown) : optional(check.measured)),
                    ("agrees", .bool(check.agrees)), ("source", .string(p.source)),
                ])
            })),
            ("agrees", .bool(run.agrees)),
        ]))
    }

    /// The study's own CSV (the numbers a student plots).
    public static func csv(_ run: FigureRun) -> String {
        switch run.study {
        case .curve(let curves, _): CurveReport.csv(curves: curves)
        case .sweep(let axes, let rows, _): SweepReport.csv(axes: axes, rows: rows)
        case .scale(let rows, _, _, _): ScaleReport.csv(rows: rows)
        case .run(let result, _): RunReport.csv(result)
        case .policyValue(let study): PolicyValueReport.csv(study)
        }
    }

    /// The figure as an SVG for a slide, the book's points as crosses; `nil` for values and
    /// policies (tables: the text and CSV have them).
    public static func svg(_ run: FigureRun) -> SVGChart? {
        let recipe = run.recipe
        var chart: SVGChart
        switch run.study {
        case .curve(let curves, let settings): chart = CurveReport.chart(level: run.level, curves: curves, settings: settings)
        case .sweep(let axes, let rows, let settings): chart = SweepReport.chart(level: run.level, axes: axes, rows: rows, settings: settings)
        case .scale(let rows, _, let goal, _): chart = ScaleReport.chart(level: run.level, rows: rows, goal: goal)
        case .run: return nil
        case .policyValue(let study): chart = PolicyValueReport.chart(study, model: Model(run.level))
        }
        chart.title = recipe.title
        chart.logX = chart.logX || recipe.logX
        chart.logY = chart.logY || recipe.logY
        if let low = recipe.yMin, let high = recipe.yMax, high > low { chart.yRange = low...high }
        if case .scale = run.study {} else {
            chart.references = run.checks.compactMap { check in
                let p = check.point
                // A value the book gives (a bound is a statement, not a point on its plot).
                guard p.over == nil, let x = p.x, let y = p.value else { return nil }
                return SVGChart.Point(x: p.xTo.map { (x + $0) / 2 } ?? x, y: y,
                                      low: p.tolerance.map { y - $0 }, high: p.tolerance.map { y + $0 })
            }
        }
        chart.notes = [recipe.caption,
                       "Bellman: \(RunReport.group(run.runs)) run\(run.runs == 1 ? "" : "s")\(run.runs == recipe.runs ? "" : " (the recipe's: \(RunReport.group(recipe.runs)))"); \(run.checks.filter(\.agrees).count) of \(run.checks.count) of the book's points agree (bellman figure \(recipe.id))"]
        return chart
    }
}
