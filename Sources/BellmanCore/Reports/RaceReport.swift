/// Renderings of a race: a table for a slide, JSON and CSV for notebooks.
public enum RaceReport {
    /// Median and interquartile range of the runs that got there, and how many did.
    public struct Summary: Sendable, Equatable {
        public var reached: Int
        public var runs: Int
        public var median: Double?
        public var lowerQuartile: Double?
        public var upperQuartile: Double?
    }

    public static func summary(_ entry: RaceEntry, _ goal: KeyPath<RaceRun, Counters?>, _ count: KeyPath<Counters, Int>) -> Summary {
        let values = entry.runs.compactMap { $0[keyPath: goal]?[keyPath: count] }.map(Double.init).sorted()
        func quantile(_ q: Double) -> Double? {
            guard !values.isEmpty else { return nil }
            let position = q * Double(values.count - 1)
            let low = Int(position), high = min(low + 1, values.count - 1)
            return values[low] + (values[high] - values[low]) * (position - Double(low))
        }
        return Summary(reached: values.count, runs: entry.runs.count, median: quantile(0.5),
                       lowerQuartile: quantile(0.25), upperQuartile: quantile(0.75))
    }

    /// The goals a race shows: the one asked for (`race --goal`), else the RMS target and an
    /// optimal policy.
    static func goals(_ goal: ScaleStudy.Goal?) -> [ScaleStudy.Goal] { goal.map { [$0] } ?? [.rms, .optimal] }

    /// The goal's name in the table.
    static func name(_ goal: ScaleStudy.Goal) -> String {
        switch goal {
        case .rms: "RMS"
        case .optimal: "π*"
        case .path: "path"
        case .sharp: "sharp"
        }
    }

    /// The sharp goal as a sentence (DESIGN §13).
    static func sharpGoal(_ settings: RaceSettings) -> String {
        "π puts at least \(RunReport.format(SharpGoal.mass)) on optimal actions (within \(RunReport.format(settings.tolerance)) of V*) in every state an optimal policy visits from the start; a value method's policy is its greedy action"
    }

    private static func columns(_ goal: ScaleStudy.Goal?) -> [(String, ScaleStudy.Goal, KeyPath<Counters, Int>)] {
        goals(goal).flatMap { g -> [(String, ScaleStudy.Goal, KeyPath<Counters, Int>)] in
            [("samples to \(name(g))", g, \.samples), ("backups to \(name(g))", g, \.backups)]
                + (g == .rms ? [] : [("model reads to \(name(g))", g, \.modelReads)])
        }
    }

    /// The table: one line per method, medians with [interquartile range], and how many runs
    /// reached each goal within the budget.
    public static func text(_ entries: [RaceEntry], model: Model, settings: RaceSettings, targets: RaceTargets,
                            goal: ScaleStudy.Goal? = nil) -> String {
        var out = "Race on \(model.level.name) (\(model.stateCount) states): \(settings.runs) runs per method (DP: 1, it is deterministic), "
        out += "budget \(RunReport.group(settings.budget)) samples\n"
        var said: [String] = []
        for g in goals(goal) {
            switch g {
            case .rms:
                var text = "RMS error <= \(RunReport.format(targets.control, digits: 4)) against V*"
                if let prediction = targets.prediction {
                    let policy = entries.first { $0.method.isPrediction }?.parameters.policy.map { "the V of \($0.file)" } ?? "the random policy's V"
                    text += " (prediction methods: <= \(RunReport.format(prediction, digits: 4)) against \(policy))"
                }
                said.append(text)
            case .optimal: said.append("a greedy policy within \(RunReport.format(settings.tolerance)) of V* in every cell")
            case .path: said.append("the greedy path from every start a shortest path to a goal")
            case .sharp: said.append(sharpGoal(settings))
            }
        }
        out += "goal\(said.count == 1 ? "" : "s"): " + said.joined(separator: "; ")
        out += "\ncells: median [interquartile range] over the runs that reached the goal; reached = runs that did\n\n"
        let shown = goals(goal)
        var rows: [[String]] = [["method", "family"] + shown.map { "reached \(name($0))" } + columns(goal).map(\.0)]
        var why: [String] = []
        for entry in entries {
            var row = [entry.method.id, entry.method.family.rawValue]
            for g in shown {
                let s = summary(entry, g.reached, \.samples)
                if entry.method.isPrediction && g != .rms { row.append("-"); continue }
                row.append("\(s.reached)/\(s.runs)")
                // A goal no run reached says why it may not have, and what to try.
                if s.reached == 0 {
                    let budget = entry.method.family == .dp ? "before its sweeps stopped" : "within the budget of \(RunReport.group(settings.budget)) samples"
                    let tryThis = entry.method.family == .dp ? "" : "; try --budget \(RunReport.group(settings.budget * 10))" + (g == .optimal ? " or --goal path" : "")
                    // Under look-alike states one row of the table serves several states whose
                    // optimal actions differ (Example 13.1): no budget makes that optimal.
                    let alike = model.observation != nil && (g == .optimal || g == .sharp)
                        ? " (its states look alike: one policy serves states whose optimal actions differ, so it may never get there)" : ""
                    why.append("\(entry.method.id): \(s.reached) of \(s.runs) run\(s.runs == 1 ? "" : "s") reached \(name(g)) \(budget)\(tryThis)\(alike)")
                }
            }
            for (_, g, count) in columns(goal) {
                let s = summary(entry, g.reached, count)
                if entry.method.isPrediction && g != .rms { row.append("-"); continue }
                guard let median = s.median else { row.append("not reached"); continue }
                let spread = s.runs > 1 && s.lowerQuartile != s.upperQuartile
                    ? " [\(RunReport.group(Int(s.lowerQuartile!.rounded())))-\(RunReport.group(Int(s.upperQuartile!.rounded())))]" : ""
                row.append(RunReport.group(Int(median.rounded())) + spread)
            }
            rows.append(row)
        }
        return out + TextTable.render(rows, left: [0, 1]) + why.map { $0 + "\n" }.joined()
    }

    /// One JSON object: the settings and, per method, each goal's summary and every run's counts.
    public static func json(_ entries: [RaceEntry], model: Model, settings: RaceSettings, targets: RaceTargets) -> String {
        typealias V = JSONWriter.Value
        func counters(_ c: Counters?) -> V {
            guard let c else { return .null }
            return .object([("samples", .int(c.samples)), ("backups", .int(c.backups)), ("model_reads", .int(c.modelReads)),
                            ("episodes", .int(c.episodes)), ("sweeps", .int(c.sweeps))])
        }
        func summary(_ s: Summary) -> V {
            .object([("reached", .int(s.reached)), ("runs", .int(s.runs)), ("median", s.median.map(V.number) ?? .null),
                     ("q1", s.lowerQuartile.map(V.number) ?? .null), ("q3", s.upperQuartile.map(V.number) ?? .null)])
        }
        let sharp = settings.stopAt == .sharp
        let methods: [V] = entries.map { entry in
            .object([
                ("method", .string(entry.method.id)), ("family", .string(entry.method.family.rawValue)),
                ("samples_to_target", summary(self.summary(entry, \.toTarget, \.samples))),
                ("backups_to_target", summary(self.summary(entry, \.toTarget, \.backups))),
                ("samples_to_optimal_policy", entry.method.isPrediction ? .null : summary(self.summary(entry, \.toOptimalPolicy, \.samples))),
                ("backups_to_optimal_policy", entry.method.isPrediction ? .null : summary(self.summary(entry, \.toOptimalPolicy, \.backups))),
                ("model_reads_to_optimal_policy", entry.method.isPrediction ? .null : summary(self.summary(entry, \.toOptimalPolicy, \.modelReads))),
            ] + (sharp ? [
                ("samples_to_sharp", entry.method.isPrediction ? .null : summary(self.summary(entry, \.toSharp, \.samples))),
                ("backups_to_sharp", entry.method.isPrediction ? .null : summary(self.summary(entry, \.toSharp, \.backups))),
            ] : []) + [
                ("runs", .array(entry.runs.map { run in
                    .object([("to_target", counters(run.toTarget)), ("to_optimal_policy", counters(run.toOptimalPolicy))]
                            + (sharp ? [("to_sharp", counters(run.toSharp))] : [])
                            + [("final_rms", run.finalRMS.map(V.number) ?? .null), ("total", counters(run.total))])
                })),
            ])
        }
        return JSONWriter.render(.object([
            ("level", .string(model.level.id)), ("runs", .int(settings.runs)), ("budget", .int(settings.budget)),
            ("target_rms", .number(targets.control)), ("target_rms_prediction", targets.prediction.map(V.number) ?? .null), ("tolerance", .number(settings.tolerance)),
            ("goal", settings.stopAt.map { V.string($0.rawValue) } ?? .null), ("seed", .int(Int(truncatingIfNeeded: settings.seed))),
            ("methods", .array(methods)),
        ]))
    }

    /// The race as an SVG: per method, the median samples, backups and model reads to an
    /// optimal policy (to the RMS target for prediction methods), with the interquartile
    /// range as error bars, on a log axis. A cost of 0 (DP's samples, a model-free method's
    /// model reads) sits hollow on the axis's bottom edge with a note saying why; a method
    /// that missed the goal in some runs says in how many under its name.
    public static func svg(_ entries: [RaceEntry], model: Model, goal raced: ScaleStudy.Goal? = nil) -> String {
        let costs: [(String, KeyPath<Counters, Int>)] = [("samples", \.samples), ("backups", \.backups), ("model reads", \.modelReads)]
        let shown = raced ?? .optimal
        func goal(_ entry: RaceEntry) -> KeyPath<RaceRun, Counters?> { entry.method.isPrediction ? \.toTarget : shown.reached }
        let series = costs.map { name, count in
            SVGChart.Series(label: name, points: entries.enumerated().compactMap { i, entry in
                let s = summary(entry, goal(entry), count)
                return s.median.map { SVGChart.Point(x: Double(i), y: $0, low: s.lowerQuartile, high: s.upperQuartile) }
            })
        }
        var chart = SVGChart(title: "Race on \(model.level.name) (\(model.stateCount) states): median cost to \(ScaleReport.target(shown))",
                             xLabel: "method", yLabel: "cost", series: series, logY: true)
        chart.categories = entries.map(\.method.id)
        chart.categoryNotes = entries.map { entry in
            let s = summary(entry, goal(entry), \.samples)
            return s.reached < s.runs ? "did not reach the goal in \(s.runs - s.reached) of \(s.runs) run\(s.runs == 1 ? "" : "s")" : nil
        }
        let why: [String: String] = ["samples": " (a model, no experience)", "model reads": " (experience, no model)"]
        for entry in entries {
            for (name, count) in costs where summary(entry, goal(entry), count).median == 0 {
                chart.notes.append("\(entry.method.id): 0 \(name)\(why[name] ?? "")")
            }
        }
        chart.notes.append("dots: medians over the runs that reached the goal; bars: interquartile range")
        return chart.svg()
    }

    /// One row per run and method (with `sharp`, the samples and backups to a sharp policy too).
    public static func csv(_ entries: [RaceEntry], sharp: Bool = false) -> String {
        func field(_ c: Counters?, _ k: KeyPath<Counters, Int>) -> String { c.map { String($0[keyPath: k]) } ?? "" }
        var out = "method,family,run,samples_to_target,backups_to_target,samples_to_optimal_policy,backups_to_optimal_policy,model_reads_to_optimal_policy,"
        out += (sharp ? "samples_to_sharp,backups_to_sharp," : "") + "final_rms\n"
        for entry in entries {
            for (i, run) in entry.runs.enumerated() {
                out += "\(entry.method.id),\(entry.method.family.rawValue),\(i + 1),\(field(run.toTarget, \.samples)),\(field(run.toTarget, \.backups)),"
                out += "\(field(run.toOptimalPolicy, \.samples)),\(field(run.toOptimalPolicy, \.backups)),\(field(run.toOptimalPolicy, \.modelReads)),"
                if sharp { out += "\(field(run.toSharp, \.samples)),\(field(run.toSharp, \.backups))," }
                out += "\(run.finalRMS.map { "\($0)" } ?? "")\n"
            }
        }
        return out
    }
}
