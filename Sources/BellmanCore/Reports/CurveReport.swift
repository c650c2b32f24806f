/// The renderings of `bellman curve` (DESIGN §11): a braille chart and a table for a person,
/// JSON and CSV for a script, an SVG for a slide.
public enum CurveReport {
    /// What the y axis is, in words.
    static func measured(_ settings: LearningCurves.Settings) -> String {
        switch settings.measure {
        case .reward: settings.steps == nil ? "sum of rewards per episode" : "reward per step"
        case .return: "return per episode (discounted)"
        case .steps: "steps per episode"
        case .rms: "RMS error vs the truth"
        case .cumulativeReward: "cumulative reward"
        case .actionShare: "% of visits choosing the action"
        case .stateError: "squared error of the state's estimate"
        case .optimalAction: "% optimal action"
        case .episodes: "episodes completed"
        }
    }

    static func xName(_ settings: LearningCurves.Settings) -> String { settings.steps == nil ? "episode" : "step" }

    static func value(_ x: Double) -> String { RunReport.format(x, digits: 4) }

    /// The chart, then the table at every `tableEvery`-th point: x, then mean ± se per series.
    public static func text(level: Level, curves: [LearningCurves.Curve], settings: LearningCurves.Settings,
                            tableEvery: Int) -> String {
        var out = "Learning curves on \(level.name): \(measured(settings)), mean over \(settings.runs) runs (seeds \(settings.seed) on)\n"
        for (i, curve) in curves.enumerated() {
            out += "  \(i < 9 ? "\(i + 1)" : "+") \(curve.series.label): "
                + RunReport.describe(curve.series.method, curve.series.parameters, level: level, omitting: [.seed]) + "\n"
        }
        let series = curves.map { curve in
            BrailleChart.Series(label: curve.series.label,
                                points: curve.points.compactMap { p in p.mean.map { (x: Double(p.x), y: $0) } })
        }
        var chart = BrailleChart(series: series, xLabel: xName(settings), yLabel: measured(settings))
        // The first episodes' disasters (a cliff's -1,900) would flatten the rest: the chart
        // draws the middle 96% of the means and says so; the table has them all.
        let means = series.flatMap { $0.points.map(\.y) }.sorted()
        if means.count >= 50, [.reward, .return, .steps].contains(settings.measure) {
            let low = means[means.count / 50], high = means[means.count - 1 - means.count / 50]
            if high > low && (low > means[0] || high < means[means.count - 1]) { chart.yRange = low...high }
        }
        let text = chart.text()
        if !text.isEmpty {
            out += "\n" + text
            if let range = chart.yRange {
                out += "  (the chart's y axis is the middle 96% of the means, \(value(range.lowerBound)) to \(value(range.upperBound)); points beyond sit on its edge)\n"
            }
        }
        out += "\ncells: mean ± standard error over the runs\n"
        var table: [[String]] = [[xName(settings)] + curves.map(\.series.label)]
        let count = curves.first?.points.count ?? 0
        for k in Swift.stride(from: tableEvery - 1, to: count, by: tableEvery) {
            table.append([String(curves[0].points[k].x)] + curves.map { curve in
                let p = curve.points[k]
                return p.mean.map { RunReport.format($0, digits: 2) + (p.se.map { " ± " + RunReport.format($0, digits: 2) } ?? "") } ?? "-"
            })
        }
        out += TextTable.render(table, left: [])
        if settings.measure == .rms, curves.contains(where: { $0.points.contains { $0.mean?.isNaN == true } }) {
            out += "nan: a run's values were not finite there; with gamma = 1 a learned policy can loop for ever, and its V^pi is then unbounded (docs/experiments.md)\n"
        }
        return out
    }

    /// `{"level", "measure", "x", "runs", "series": [{"label", "method", "params", "points": [{"x", "mean", "se"}]}]}`.
    public static func json(level: Level, curves: [LearningCurves.Curve], settings: LearningCurves.Settings) -> String {
        typealias V = JSONWriter.Value
        func number(_ x: Double?) -> V { x.map(V.number) ?? .null }
        return JSONWriter.render(.object([
            ("level", .string(level.id)), ("measure", .string(settings.measure.rawValue)),
            ("x", .string(xName(settings))), ("runs", .int(settings.runs)),
            ("series", .array(curves.map { curve in
                .object([
                    ("label", .string(curve.series.label)), ("method", .string(curve.series.method.id)),
                    ("params", .string(RunReport.describe(curve.series.method, curve.series.parameters, level: level, omitting: [.seed]))),
                    ("points", .array(curve.points.map { p in
                        .object([("x", .int(p.x)), ("mean", number(p.mean)), ("se", number(p.se))])
                    })),
                ])
            })),
        ]))
    }

    /// `label,method,x,mean,se`, a row per series and point.
    public static func csv(curves: [LearningCurves.Curve]) -> String {
        var out = "label,method,x,mean,se\n"
        for curve in curves {
            let label = CSVField.text(curve.series.label)
            for p in curve.points {
                out += "\(label),\(curve.series.method.id),\(p.x),\(p.mean.map { "\($0)" } ?? ""),\(p.se.map { "\($0)" } ?? "")\n"
            }
        }
        return out
    }

    public static func svg(level: Level, curves: [LearningCurves.Curve], settings: LearningCurves.Settings) -> String {
        chart(level: level, curves: curves, settings: settings).svg()
    }

    static func chart(level: Level, curves: [LearningCurves.Curve], settings: LearningCurves.Settings) -> SVGChart {
        let series = curves.map { curve in
            SVGChart.Series(label: curve.series.label, points: curve.points.compactMap { p in
                p.mean.map { SVGChart.Point(x: Double(p.x), y: $0) }
            })
        }
        return SVGChart(title: "\(level.name): \(measured(settings)), mean of \(settings.runs) runs",
                        xLabel: xName(settings), yLabel: measured(settings), series: series)
    }
}
