/// A recipe run: the study it describes, on its level, and each of the book's reference
/// points beside what Bellman measured there (DESIGN §11, `bellman figure ID`).
public struct FigureRun: Sendable {
    /// What the study produced, as the command it stands for reports it.
    public enum Study: Sendable {
        case curve([LearningCurves.Curve], LearningCurves.Settings)
        case sweep([ParameterSweep.Axis], [ParameterSweep.Row], ParameterSweep.Settings)
        case scale([ScaleStudy.Row], [ScaleStudy.Fit], ScaleStudy.Goal, RaceSettings)
        /// The run, and the values at each snapshot (`after`) before its end.
        case run(RunResult, snapshots: [(after: Int, values: [Double])])
        /// A state's exact value against the probability of one action.
        case policyValue(PolicyValueStudy)
    }

    /// A reference point and what Bellman measured there (`nil` where it measured nothing,
    /// as a series that never reached x).
    public struct Check: Sendable {
        public var point: FigureRecipe.BookPoint
        public var measured: Double?
        /// Policies: the action(s) Bellman's greedy policy takes there.
        public var actions: [String] = []
        public var agrees: Bool

        /// What Bellman shows, as the table prints it.
        public var shown: String {
            if point.action != nil { return actions.isEmpty ? "-" : actions.joined(separator: "/") }
            if measured == .infinity { return "diverged" }
            return measured.map { RunReport.format($0, digits: 4) } ?? "-"
        }
    }

    public var recipe: FigureRecipe
    public var level: Level
    public var runs: Int
    public var study: Study
    public var checks: [Check]

    /// Every reference point agrees with the book.
    public var agrees: Bool { checks.allSatisfy(\.agrees) }

    /// Runs `recipe` with `runs` runs (the recipe's own, the book's, when `nil`); `progress`
    /// hears (runs done, runs in all).
    public static func run(_ recipe: FigureRecipe, runs: Int? = nil, threads: Int = 2,
                           progress: @Sendable (Int, Int) -> Void = { _, _ in }) throws -> FigureRun {
        let level = try LevelCatalog.load(recipe.level)
        let model = Model(level)
        let runs = runs ?? recipe.runs
        let specs = try recipe.series.map(StudySpecs.series)
        let policy = try recipe.policy.map { try PolicyCatalog.load($0, for: model) }
        let start = try recipe.start.map { try StartState(named: $0, in: model) }
        // A target policy and a start name the recipe level's states: a scaled level has others.
        func parameters(_ spec: StudySpecs.Series, on scaled: Level? = nil) throws -> Parameters {
            var p = try spec.parameters(base: spec.method.defaults(for: scaled ?? level))
            guard scaled == nil else { return p }
            p.policy = try policy ?? level.defaultPolicy(for: spec.method, model: model)
            p.start = start
            return p
        }
        // The points' states and actions exist here: refused before any work.
        for point in recipe.book {
            guard let name = point.state else { continue }
            guard let s = model.state(named: name) else { throw SolverError("\(recipe.file):\(point.line): state = \"\(name)\": \(model.statesAreNamed)") }
            let names = (0..<model.actionCount(of: s)).map { model.actionName(s, $0) }
            if let action = point.action, !names.contains(action) {
                throw SolverError("\(recipe.file):\(point.line): action = \"\(action)\": not an action of \(name); valid: \(names.joined(separator: ", "))")
            }
        }
        let study: Study
        switch recipe.kind {
        case .curve:
            var settings = LearningCurves.Settings()
            settings.runs = runs
            settings.episodes = recipe.episodes ?? 100
            settings.steps = recipe.steps
            settings.measure = LearningCurves.Measure(rawValue: recipe.measure ?? "reward") ?? .reward
            settings.every = recipe.steps == nil ? 1 : recipe.every ?? max(1, (recipe.steps ?? 1) / 100)
            settings.threads = threads
            if let name = recipe.state {
                guard let s = model.state(named: name) else { throw SolverError("state = \"\(name)\": \(model.statesAreNamed)") }
                settings.state = s
                if let action = recipe.action {
                    let names = (0..<model.actionCount(of: s)).map { model.actionName(s, $0) }
                    guard let a = names.firstIndex(of: action) else { throw SolverError("action = \"\(action)\": not an action of \(name); valid: \(names.joined(separator: ", "))") }
                    settings.action = a
                }
            }
            let axis = try recipe.vary.first.map(StudySpecs.axis)
            var lines: [LearningCurves.Series] = []
            for spec in specs {
                let base = try parameters(spec)
                guard let axis else {
                    lines.append(LearningCurves.Series(label: spec.text, method: spec.method, parameters: base))
                    continue
                }
                for value in axis.values {
                    lines.append(LearningCurves.Series(label: "\(spec.text) \(axis.name.rawValue)=\(NumberText.plain(value))",
                                                       method: spec.method, parameters: try base.setting(axis.name, value, for: spec.method)))
                }
            }
            study = .curve(try LearningCurves.run(model: model, series: lines, settings: settings, progress: progress), settings)
        case .sweep:
            var settings = ParameterSweep.Settings()
            settings.runs = runs
            settings.episodes = recipe.episodes ?? 100
            settings.steps = recipe.steps
            settings.measure = ParameterSweep.Measure(rawValue: recipe.measure ?? "return") ?? .return
            settings.window = try recipe.window.map(StudySpecs.window) ?? .first(recipe.steps == nil ? settings.episodes : Int.max)
            settings.threads = threads
            let axes = try recipe.vary.map(StudySpecs.axis)
            let rows: [ParameterSweep.Row]
            if recipe.varyPerSeries {
                let lines = try zip(specs, axes).map { spec, axis in
                    ParameterSweep.Line(label: spec.text, method: spec.method, parameters: try parameters(spec), axis: axis)
                }
                rows = try ParameterSweep.run(model: model, lines: lines, settings: settings, progress: progress)
            } else {
                let byMethod = Dictionary(specs.map { ($0.method.id, $0) }, uniquingKeysWith: { a, _ in a })
                rows = try ParameterSweep.run(model: model, methods: specs.map(\.method), axes: axes, settings: settings,
                                              base: { try parameters(byMethod[$0.id]!) }, progress: progress)
            }
            study = .sweep(axes, rows, settings)
        case .scale:
            var settings = RaceSettings()
            settings.runs = runs
            settings.budget = recipe.budget ?? settings.budget
            settings.threads = threads
            let goal = ScaleStudy.Goal(rawValue: recipe.goal ?? "optimal") ?? .optimal
            settings.measurePaths = goal == .path
            settings.stopAt = goal
            let byMethod = Dictionary(specs.map { ($0.method.id, $0) }, uniquingKeysWith: { a, _ in a })
            let (rows, fits) = try ScaleStudy.run(level: level, methods: specs.map(\.method), factors: recipe.factors, goal: goal,
                                                  settings: settings, parameters: { try parameters(byMethod[$0.id]!, on: $1) },
                                                  progress: { progress($0, $1) })
            study = .scale(rows, fits, goal, settings)
        case .values, .policy:
            study = try runOne(recipe, spec: specs[0], parameters: parameters(specs[0]), model: model)
        case .policyValue:
            study = .policyValue(try policyValue(recipe, model: model))
        }
        let checks = try recipe.book.map { try check($0, study: study, model: model, recipe: recipe) }
        return FigureRun(recipe: recipe, level: level, runs: runs, study: study, checks: checks)
    }

    /// One run of one method, with the values at each snapshot on the way.
    private static func runOne(_ recipe: FigureRecipe, spec: StudySpecs.Series, parameters: Parameters, model: Model) throws -> Study {
        let method = spec.method, isDP = method.family == .dp
        let budget: Budget = isDP ? recipe.sweeps.map(Budget.sweeps) ?? .standard
            : recipe.steps.map(Budget.steps) ?? .episodes(recipe.episodes ?? Budget.standardEpisodes)
        try Runner.check(budget, for: method)
        var p = parameters
        if case .sweeps(let n) = budget { p.maxSweeps = n }
        var solver = try method.make(model, p)
        var snapshots: [(after: Int, values: [Double])] = []
        for k in recipe.after.sorted() {
            let reached: (any Solver) -> Bool = { isDP ? $0.counters.sweeps >= k : $0.counters.episodes >= k }
            while !reached(solver) && !solver.isFinished { _ = solver.tick() }
            snapshots.append((k, solver.stateValues))
        }
        let truth = TruthCache.shared.truth(for: model, gamma: p.gamma, kind: Truth.kind(for: method, policy: p.policy))
        return .run(Runner.run(&solver, model: model, budget: budget, truth: truth), snapshots: snapshots)
    }

    /// The recipe's state (the first start when it names none) and action, checked.
    private static func policyValue(_ recipe: FigureRecipe, model: Model) throws -> PolicyValueStudy {
        let s: Int
        if let name = recipe.state {
            guard let named = model.state(named: name) else { throw SolverError("\(recipe.file): state = \"\(name)\": \(model.statesAreNamed)") }
            s = named
        } else {
            s = Int(model.startStates[0])
        }
        let names = (0..<model.actionCount(of: s)).map { model.actionName(s, $0) }
        guard let action = recipe.action, let a = names.firstIndex(of: action) else {
            throw SolverError("\(recipe.file): a policy-value figure needs action = \"NAME\", the action whose probability is x; valid: \(names.joined(separator: ", "))")
        }
        return PolicyValueStudy.run(model: model, gamma: model.level.gamma, state: s, action: a)
    }

    /// What Bellman measured at one reference point.
    private static func check(_ point: FigureRecipe.BookPoint, study: Study, model: Model, recipe: FigureRecipe) throws -> Check {
        func measured(_ label: String?) -> Double? {
            switch study {
            case .curve(let curves, _):
                let curve: LearningCurves.Curve? = label == nil ? curves.first : curves.first { $0.series.label == label }
                guard let curve, let x = point.x else { return nil }
                let upTo = point.xTo ?? x
                var means: [Double] = []
                for p in curve.points where Double(p.x) >= x && Double(p.x) <= upTo {
                    if let mean = p.mean { means.append(mean) }
                }
                return means.isEmpty ? nil : means.reduce(0, +) / Double(means.count)
            case .sweep(let axes, let rows, _):
                let wanted = label ?? rows.first.map { SweepReport.label(of: $0, axes: axes) }
                guard let x = point.x else { return nil }
                let row = rows.first { SweepReport.label(of: $0, axes: axes) == wanted && abs(($0.values.first ?? .nan) - x) < 1e-9 }
                // Every run diverged: the error left every scale (the book's curve leaves its plot).
                if let row, row.mean == nil, row.diverged > 0 { return .infinity }
                return row?.mean
            case .scale(let rows, _, _, _):
                let cost = ScaleStudy.Cost(rawValue: recipe.measure ?? "backups") ?? .backups
                return rows.first { $0.method == (label ?? rows.first?.method) && Double($0.factor) == point.x }?.median(cost)
            case .run(let result, let snapshots):
                guard let name = point.state, let s = model.state(named: name) else { return nil }
                if let after = point.after {
                    return snapshots.first { $0.after == after }?.values[s]
                }
                return result.stateValues[s]
            case .policyValue(let study):
                switch label {
                case "best p": return study.best.p
                case "best value": return study.best.value
                default: return point.x.map { PolicyValueStudy.value(model, gamma: study.gamma, state: study.state, action: study.action, p: $0) }
                }
            }
        }
        if let action = point.action {
            guard case .run(let result, _) = study, let name = point.state, let s = model.state(named: name) else {
                return Check(point: point, measured: nil, agrees: false)
            }
            let actions = result.greedy[s].map { model.actionName(s, $0) }
            // A tie counts where the book's action is among the greedy ones; the first is shown first.
            return Check(point: point, measured: nil, actions: actions, agrees: actions.contains(action))
        }
        var value = measured(point.series)
        if let over = point.over, let v = value, let base = measured(over) { value = base == 0 ? nil : v / base }
        return Check(point: point, measured: value, agrees: value.map(point.accepts) ?? false)
    }
}
