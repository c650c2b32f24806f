import Foundation

/// Renderings of a scale study (DESIGN §10): a table, the fits and a log-log chart for a
/// slide; JSON and CSV for notebooks.
public enum ScaleReport {
    /// The cost that says what a method pays: DP's model reads, MC's and TD's samples.
    static func paid(by family: Family) -> ScaleStudy.Cost { family == .dp ? .modelReads : .samples }

    /// Per method, in order: the cost it pays (DP's model reads, MC's and TD's samples)
    /// against |S|, where its median is defined; what the charts draw.
    static func paidCosts(_ rows: [ScaleStudy.Row]) -> [(label: String, points: [(n: Double, cost: Double)])] {
        var order: [String] = []
        for row in rows where !order.contains(row.method) { order.append(row.method) }
        return order.map { id in
            let own = rows.filter { $0.method == id }
            let cost = paid(by: own[0].family)
            return ("\(id): \(name(cost))", own.compactMap { row in row.median(cost).map { (n: Double(row.states), cost: $0) } })
        }
    }

    private static func cell(_ x: Double?) -> String { x.map { RunReport.group(Int($0.rounded())) } ?? "-" }

    private static func name(_ cost: ScaleStudy.Cost) -> String {
        switch cost {
        case .samples: "samples"
        case .backups: "backups"
        case .modelReads: "model reads"
        }
    }

    public static func text(level: Level, rows: [ScaleStudy.Row], fits: [ScaleStudy.Fit], factors: [Int],
                            goal: ScaleStudy.Goal, settings: RaceSettings) -> String {
        var out = "Scale study on \(level.name): factors \(factors.map(String.init).joined(separator: ", ")) (each cell a K x K block); "
        out += "\(settings.runs) runs per method (DP: 1, it is deterministic), budget \(RunReport.group(settings.budget)) samples\n"
        switch goal {
        case .optimal: out += "goal: a greedy policy within \(RunReport.format(settings.tolerance)) of V* in every cell\n"
        case .rms: out += "goal: RMS error against the truth at 10% of the initial error\(settings.targetRMS.map { " (here \(RunReport.format($0)))" } ?? "")\n"
        case .path: out += "goal: the greedy path from every start a shortest path to a goal\n"
        case .sharp: out += "goal: " + RaceReport.sharpGoal(settings) + "\n"
        }
        out += "cells: the median over all runs, a run that did not reach the goal counting as infinite (so \"-\" when half or more did not)\n\n"
        var table: [[String]] = [["factor", "states", "method", "reached", "samples", "backups", "model reads"]]
        for row in rows {
            table.append([String(row.factor), RunReport.group(row.states), row.method, "\(row.reached)/\(row.runs)",
                          cell(row.samples), cell(row.backups), cell(row.modelReads)])
        }
        out += TextTable.render(table, left: [2])
        out += "\nfits: cost = c * |S|^k, least squares on log-log over the factors with a median; k with its 95% interval\n"
        if fits.isEmpty { out += "  none: a fit needs two factors where more than half the runs reached the goal\n" }
        let nameWidth = fits.map(\.method.count).max() ?? 0
        for f in fits {
            let interval = f.fit.kLow.map { "[\(RunReport.format($0, digits: 3)), \(RunReport.format(f.fit.kHigh!, digits: 3))]" } ?? "(2 points: no interval)"
            out += "  \(f.method.padding(toLength: nameWidth, withPad: " ", startingAt: 0))  \(name(f.cost).padding(toLength: 11, withPad: " ", startingAt: 0))  "
            out += "k = \(RunReport.format(f.fit.k, digits: 3)) \(interval)  c = \(RunReport.format(f.fit.c, digits: 3))\n"
        }
        let series = paidCosts(rows).map { BrailleChart.Series(label: $0.label, points: $0.points.map { (x: $0.n, y: $0.cost) }) }
        let chart = BrailleChart(series: series, xLabel: "states |S|", yLabel: "cost to the goal", logX: true, logY: true).text()
        if !chart.isEmpty { out += "\n" + chart }
        return out
    }

    /// The log-log chart as an SVG: each method's cost (DP's model reads, MC's and TD's
    /// samples) against |S|.
    public static func svg(level: Level, rows: [ScaleStudy.Row], goal: ScaleStudy.Goal) -> String {
        chart(level: level, rows: rows, goal: goal).svg()
    }

    static func chart(level: Level, rows: [ScaleStudy.Row], goal: ScaleStudy.Goal) -> SVGChart {
        let series = paidCosts(rows).map { SVGChart.Series(label: $0.label, points: $0.points.map { SVGChart.Point(x: $0.n, y: $0.cost) }) }
        let target = target(goal)
        return SVGChart(title: "\(level.name): median cost to \(target) against |S|",
                        xLabel: "states |S|", yLabel: "cost", series: series, logX: true, logY: true)
    }

    /// The goal as a chart's title names it.
    static func target(_ goal: ScaleStudy.Goal) -> String {
        switch goal {
        case .optimal: "an optimal policy"
        case .rms: "the RMS target"
        case .path: "a shortest path"
        case .sharp: "a sharp policy"
        }
    }

    /// `{"level", "goal", "rows": [...], "fits": [...]}` (DESIGN §10).
    public static func json(level: Level, rows: [ScaleStudy.Row], fits: [ScaleStudy.Fit], goal: ScaleStudy.Goal, settings: RaceSettings) -> String {
        typealias V = JSONWriter.Value
        func number(_ x: Double?) -> V { x.map(V.number) ?? .null }
        return JSONWriter.render(.object([
            ("level", .string(level.id)), ("goal", .string(goal.rawValue)), ("runs", .int(settings.runs)),
            ("budget", .int(settings.budget)), ("seed", .int(Int(truncatingIfNeeded: settings.seed))),
            ("rows", .array(rows.map { row in
                .object([("factor", .int(row.factor)), ("states", .int(row.states)), ("method", .string(row.method)),
                         ("reached", .int(row.reached)), ("runs", .int(row.runs)), ("samples", number(row.samples)),
                         ("backups", number(row.backups)), ("model_reads", number(row.modelReads))])
            })),
            ("fits", .array(fits.map { f in
                .object([("method", .string(f.method)), ("cost", .string(f.cost.rawValue)), ("k", .number(f.fit.k)),
                         ("k_low", number(f.fit.kLow)), ("k_high", number(f.fit.kHigh)), ("c", .number(f.fit.c)),
                         ("points", .int(f.fit.points))])
            })),
        ]))
    }

    /// One row per factor and method.
    public static func csv(rows: [ScaleStudy.Row]) -> String {
        func field(_ x: Double?) -> String { x.map { "\($0)" } ?? "" }
        var out = "factor,states,method,family,reached,runs,samples,backups,model_reads\n"
        for row in rows {
            out += "\(row.factor),\(row.states),\(row.method),\(row.family.rawValue),\(row.reached),\(row.runs),"
            out += "\(field(row.samples)),\(field(row.backups)),\(field(row.modelReads))\n"
        }
        return out
    }
}
