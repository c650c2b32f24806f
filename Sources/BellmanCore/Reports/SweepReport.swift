import Foundation

/// Renderings of a parameter study (DESIGN §10): a table and a braille chart (x: the first
/// varied parameter, a line per method and value of the second), JSON and CSV.
public enum SweepReport {
    private static func value(_ x: Double) -> String { RunReport.format(x, digits: 4) }

    /// What the measure is, as a sentence names it.
    private static func measured(_ measure: ParameterSweep.Measure) -> String {
        switch measure {
        case .return: "return per episode"
        case .reward: "sum of rewards per episode"
        case .rms: "RMS error against the truth after each episode"
        case .samplesToOptimal: "samples to an optimal greedy policy"
        case .samplesToSharp: "samples to a sharp policy"
        }
    }

    /// The y axis: the measure in a word or two.
    private static func yLabel(_ measure: ParameterSweep.Measure) -> String {
        switch measure {
        case .return: "return"
        case .reward: "reward"
        case .rms: "RMS error"
        case .samplesToOptimal: "samples to π*"
        case .samplesToSharp: "samples to sharp"
        }
    }

    /// The x axis: the first varied parameter; in a study whose lines vary their own, each of
    /// them in the lines' order (`epsilon, alpha, c, init`).
    private static func xLabel(axes: [ParameterSweep.Axis], rows: [ParameterSweep.Row]) -> String {
        var names: [String] = []
        for row in rows { if let varied = row.varied?.rawValue, !names.contains(varied) { names.append(varied) } }
        return names.isEmpty ? axes.first?.name.rawValue ?? "" : names.joined(separator: ", ")
    }

    private static func what(_ settings: ParameterSweep.Settings) -> String {
        let measured = measured(settings.measure)
        if settings.measure.goal != nil {
            return "\(measured) within \(RunReport.group(settings.budget)) samples, the median of \(settings.runs) runs"
        }
        let budget = settings.steps.map { "\(RunReport.group($0)) steps" } ?? "\(RunReport.group(settings.episodes)) episodes"
        let window: String
        switch settings.window {
        case .first(let k): window = k == Int.max ? "every episode" : "the first \(RunReport.group(k)) episodes"
        case .last(let k): window = "the last \(RunReport.group(k)) episodes"
        }
        return "\(measured) over \(window) of \(budget), averaged, then over \(settings.runs) runs"
    }

    public static func text(level: Level, axes: [ParameterSweep.Axis], rows: [ParameterSweep.Row], settings: ParameterSweep.Settings) -> String {
        var out = "Parameter study on \(level.name): \(what(settings)) (seeds \(settings.seed) on)\n"
        let perLine = rows.contains { $0.line != nil }
        if settings.measure.goal != nil {
            return out + goalText(axes: axes, rows: rows, settings: settings, perLine: perLine)
        }
        out += "cells: mean ± standard error over the runs\n\n"
        var table: [[String]] = [(perLine ? ["series", "parameter", "value"] : ["method"] + axes.map(\.name.rawValue))
                                 + [settings.measure.rawValue, "± se", "runs"]]
        for row in rows {
            let mean = row.mean.map(value) ?? (row.diverged > 0 ? "diverged" : "-")
            let runs = String(row.runs) + (row.diverged > 0 ? " (\(row.diverged) diverged)" : "")
            let what = perLine ? [row.line ?? row.method, row.varied?.rawValue ?? ""] : [row.method]
            table.append(what + row.values.map(value) + [mean, row.se.map(value) ?? "-", runs])
        }
        out += TextTable.render(table, left: [0])
        if rows.contains(where: { $0.diverged > 0 }) {
            out += "diverged: the run's values grew without bound (an RMS error beyond 100 times the truth's scale, a return beyond 1e12, or not a number); it is left out of the mean\n"
        }
        let series = lines(axes: axes, rows: rows).map { BrailleChart.Series(label: $0.label, points: $0.rows.map { (x: $0.values[0], y: $0.mean!) }) }
        let chart = BrailleChart(series: series, xLabel: xLabel(axes: axes, rows: rows), yLabel: yLabel(settings.measure),
                                 logX: perLine).text()
        if !chart.isEmpty { out += "\n" + chart }
        return out
    }

    /// The table and chart of a measure that is samples to a goal: medians and how many runs
    /// reached it, on a log axis (the costs span orders of magnitude).
    private static func goalText(axes: [ParameterSweep.Axis], rows: [ParameterSweep.Row], settings: ParameterSweep.Settings, perLine: Bool) -> String {
        var out = ""
        if settings.measure == .samplesToSharp { out += "goal: \(RaceReport.sharpGoal(RaceSettings()))\n" }
        out += "cells: the median over all runs, a run that did not reach the goal counting as infinite (so \"not reached\" when half or more did not)\n\n"
        var table: [[String]] = [(perLine ? ["series", "parameter", "value"] : ["method"] + axes.map(\.name.rawValue))
                                 + [yLabel(settings.measure), "reached"]]
        for row in rows {
            let what = perLine ? [row.line ?? row.method, row.varied?.rawValue ?? ""] : [row.method]
            let median = row.mean.map { RunReport.group(Int($0.rounded())) } ?? "not reached"
            table.append(what + row.values.map(value) + [median, "\(row.runs)/\(settings.runs)"])
        }
        out += TextTable.render(table, left: [0])
        let series = lines(axes: axes, rows: rows).map { BrailleChart.Series(label: $0.label, points: $0.rows.map { (x: $0.values[0], y: max(1, $0.mean!)) }) }
        let chart = BrailleChart(series: series, xLabel: xLabel(axes: axes, rows: rows), yLabel: yLabel(settings.measure), logY: true).text()
        if !chart.isEmpty { out += "\n" + chart }
        if !chart.isEmpty && rows.contains(where: { $0.mean == 0 }) {
            out += "a median of 0 samples (the starting policy already there) is drawn at 1 on the log axis\n"
        }
        if !chart.isEmpty && rows.contains(where: { $0.mean == nil }) {
            out += "a line stops where half or more of the runs did not reach the goal\n"
        }
        return out
    }

    /// A line per method and value of the second parameter, over the first's values: the
    /// rows with a mean, in order. What both charts draw.
    static func lines(axes: [ParameterSweep.Axis], rows: [ParameterSweep.Row]) -> [(label: String, rows: [ParameterSweep.Row])] {
        var order: [String] = []
        var grouped: [String: [ParameterSweep.Row]] = [:]
        for row in rows where row.mean != nil && !row.values.isEmpty {
            let key = label(of: row, axes: axes)
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append(row)
        }
        return order.map { ($0, grouped[$0]!) }
    }

    /// The line a row belongs to: its own line's label where it has one; else its method, and
    /// the second parameter's value (`n-step-td n=4`).
    static func label(of row: ParameterSweep.Row, axes: [ParameterSweep.Axis]) -> String {
        if let line = row.line { return line }
        return row.method + (axes.count > 1 && row.values.count > 1 ? " \(axes[1].name.rawValue)=\(value(row.values[1]))" : "")
    }

    /// `{"level", "measure", "window", "runs", "rows": [{"method", "<name>": value, ..., "mean", "se", "runs", "diverged"}]}`.
    public static func json(level: Level, axes: [ParameterSweep.Axis], rows: [ParameterSweep.Row], settings: ParameterSweep.Settings) -> String {
        typealias V = JSONWriter.Value
        return JSONWriter.render(.object([
            ("level", .string(level.id)), ("measure", .string(settings.measure.rawValue)), ("window", .string(settings.window.description)),
            ("runs", .int(settings.runs)), ("episodes", settings.steps == nil ? .int(settings.episodes) : .null),
            ("steps", settings.steps.map(V.int) ?? .null), ("seed", .int(Int(truncatingIfNeeded: settings.seed))),
            ("rows", .array(rows.map { row in
                let values = row.varied.map { [($0.rawValue, V.number(row.values[0]))] } ?? zip(axes, row.values).map { ($0.name.rawValue, V.number($1)) }
                return .object([("method", .string(row.method))] + (row.line.map { [("series", V.string($0))] } ?? []) + values
                        + [("mean", row.mean.map(V.number) ?? .null), ("se", row.se.map(V.number) ?? .null), ("runs", .int(row.runs)),
                           ("diverged", .int(row.diverged))])
            })),
        ]))
    }

    /// The chart as an SVG: the same lines, with the standard errors as error bars.
    public static func svg(level: Level, axes: [ParameterSweep.Axis], rows: [ParameterSweep.Row], settings: ParameterSweep.Settings) -> String {
        chart(level: level, axes: axes, rows: rows, settings: settings).svg()
    }

    static func chart(level: Level, axes: [ParameterSweep.Axis], rows: [ParameterSweep.Row], settings: ParameterSweep.Settings) -> SVGChart {
        let series = lines(axes: axes, rows: rows).map { line in
            SVGChart.Series(label: line.label, points: line.rows.map { row in
                // A log axis has no 0: a goal reached at sample 0 (a prior already sharp) sits at 1.
                let y = settings.measure.goal == nil ? row.mean! : max(1, row.mean!)
                return SVGChart.Point(x: row.values[0], y: y, low: row.se.map { y - $0 }, high: row.se.map { y + $0 })
            })
        }
        let measured = settings.measure == .rms ? "RMS error" : measured(settings.measure)
        let how = settings.measure.goal == nil ? "\(settings.window), mean ± se of \(settings.runs) runs" : "median of \(settings.runs) runs"
        var chart = SVGChart(title: "\(level.name): \(measured) (\(how))",
                             xLabel: xLabel(axes: axes, rows: rows), yLabel: measured,
                             series: series, logX: rows.contains { $0.line != nil }, logY: settings.measure.goal != nil)
        if settings.measure.goal != nil && rows.contains(where: { $0.mean == 0 }) {
            chart.notes.append("a median of 0 samples (the starting policy already there) is drawn at 1")
        }
        if settings.measure.goal != nil && rows.contains(where: { $0.mean == nil }) {
            chart.notes.append("missing points: half or more of the runs did not reach the goal within \(RunReport.group(settings.budget)) samples")
        }
        return chart
    }

    public static func csv(axes: [ParameterSweep.Axis], rows: [ParameterSweep.Row]) -> String {
        let perLine = rows.contains { $0.line != nil }
        var out = ((perLine ? ["series", "method", "parameter", "value"] : ["method"] + axes.map(\.name.rawValue)) + ["mean", "se", "runs"])
            .joined(separator: ",") + "\n"
        for row in rows {
            // A whole-number value (n, planning steps) is written as one: 4, not 4.0.
            let values = row.values.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : "\($0)" }
            let what = perLine ? [CSVField.text(row.line ?? ""), row.method, row.varied?.rawValue ?? ""] : [row.method]
            out += (what + values + [row.mean.map { "\($0)" } ?? "", row.se.map { "\($0)" } ?? "", String(row.runs)])
                .joined(separator: ",") + "\n"
        }
        return out
    }
}
