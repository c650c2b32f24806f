/// How a policy-value study (figure `ex13.1`) is shown: the curve, a table at every tenth of
/// p, and its maximum.
enum PolicyValueReport {
    private static func names(_ study: PolicyValueStudy, _ model: Model) -> (state: String, action: String) {
        (model.name(of: study.state), model.actionName(study.state, study.action))
    }

    static func text(_ study: PolicyValueStudy, model: Model) -> String {
        let (state, action) = names(study, model)
        let about = "v(\(state)) on \(model.level.name) under the policy taking \(action) with probability p in every state, exactly from the model (gamma \(NumberText.plain(study.gamma)))"
        var out = WordWrap.lines(about, width: 80).joined(separator: "\n") + "\n\n"
        var rows = [["p", "v(\(state))"]]
        for point in study.points where Int((point.p * 100).rounded()) % 10 == 0 || point.p == 0.01 || point.p == 0.99 {
            rows.append([NumberText.plain(point.p), RunReport.format(point.value, digits: 4)])
        }
        out += TextTable.render(rows, left: [])
        out += "best: p = \(RunReport.format(study.best.p, digits: 4)), v(\(state)) = \(RunReport.format(study.best.value, digits: 4))\n"
        let series = [BrailleChart.Series(label: "v(\(state))", points: study.points.map { (x: $0.p, y: $0.value) })]
        var chart = BrailleChart(series: series, xLabel: "p(\(action))", yLabel: "v(\(state))")
        // The ends fall towards minus infinity: the interesting part is near the top.
        let floor = max(study.points.map(\.value).min()!, 4 * study.best.value)
        chart.yRange = floor...study.best.value
        let drawn = chart.text()
        if !drawn.isEmpty { out += "\n" + drawn }
        if floor > study.points.map(\.value).min()! {
            out += "(values below \(RunReport.format(floor, digits: 4)) are drawn on the bottom edge; the table has them)\n"
        }
        return out
    }

    /// `{"level", "state", "action", "gamma", "points": [{"p", "value"}], "best": {"p", "value"}}`.
    static func json(_ study: PolicyValueStudy, model: Model) -> String {
        typealias V = JSONWriter.Value
        let (state, action) = names(study, model)
        func point(_ p: PolicyValueStudy.Point) -> V { .object([("p", .number(p.p)), ("value", .number(p.value))]) }
        return JSONWriter.render(.object([
            ("level", .string(model.level.name)), ("state", .string(state)), ("action", .string(action)),
            ("gamma", .number(study.gamma)), ("points", .array(study.points.map(point))), ("best", point(study.best)),
        ]))
    }

    static func csv(_ study: PolicyValueStudy) -> String {
        "p,value\n" + study.points.map { "\(NumberText.plain($0.p)),\($0.value)\n" }.joined()
    }

    static func chart(_ study: PolicyValueStudy, model: Model) -> SVGChart {
        let (state, action) = names(study, model)
        var chart = SVGChart(title: "\(model.level.name): v(\(state)) against p(\(action))", xLabel: "p(\(action)) in every state",
                             yLabel: "v(\(state))", series: [SVGChart.Series(label: "v(\(state)), exact", points: study.points.map { SVGChart.Point(x: $0.p, y: $0.value) })])
        chart.yRange = max(study.points.map(\.value).min()!, 4 * study.best.value)...study.best.value - 0.1 * study.best.value.magnitude
        return chart
    }
}
