import ArgumentParser
import BellmanCore
import Foundation

/// `bellman curve` (DESIGN §11): learning curves averaged over runs, the book's Figures 6.5,
/// 8.2, 8.4 and the graphs of Examples 6.2 and 6.6 as one command each.
struct CurveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curve",
        abstract: "Learning curves averaged over runs: a measure per episode (or per step) for each method, mean and standard error over seeds S, S+1, ...",
        discussion: """
            Each run has its own seed, so the results do not depend on --threads. Examples:
              bellman curve cliff-walking --methods sarsa,q-learning --episodes 500 --runs 50   (Example 6.6's graph)
              bellman curve dyna-maze --methods dyna-q --vary planning-steps=0,5,50 --episodes 50 --measure steps   (Figure 8.2)
              bellman curve blocking-maze --methods dyna-q,dyna-q-plus --steps 3000 --measure cumulative-reward --every 100   (Figure 8.4)
              bellman curve maximization-bias --methods q-learning,double-q-learning --episodes 300 --runs 1000 --measure action-share --state A --action left   (Figure 6.5)
            """)

    @Argument(help: "A level file or a bundled level's name.")
    var level: String

    @OptionGroup var study: StudyOptions

    @Option(help: ArgumentHelp("A series with its own options, repeatable: \"ID name=value ... flag\" (options named as on the command line without the dashes, a bare word for a flag), labelled as written.",
                               discussion: "e.g. --series \"mc-off-policy-prediction sampling=ordinary\" --series \"mc-off-policy-prediction sampling=weighted\"; the command line's own parameters apply to every series first."))
    var series: [String] = []

    @Option(help: "NAME=LIST: a series per value of one parameter (\(ParameterSweep.variable.map(\.rawValue).joined(separator: ", "))), labelled ID NAME=value.")
    var vary: String?

    @Option(parsing: .unconditional, help: "Runs per series, 1 to \(Race.maxRuns) (default 10).")
    var runs: Int = 10

    @Option(parsing: .unconditional, help: "Episodes per run: x is the episode (default 100).")
    var episodes: Int?

    @Option(parsing: .unconditional, help: "Or: steps per run: x is the step (cumulative-reward, rms).")
    var steps: Int?

    @Option(help: "reward (sum of rewards per episode; with --steps, the step's: a bandit's pull), return (discounted), steps (per episode), rms (error vs the truth), cumulative-reward (with --steps), action-share (% of visits to --state choosing --action), state-error (squared error of --state's estimate), optimal-action (% of steps whose action is optimal; with --steps, the step at x), episodes (completed by step x, with --steps).")
    var measure: LearningCurves.Measure = .reward

    @Option(parsing: .unconditional, help: "The table's rows every K-th x; with --steps also the steps recorded (default: 20 rows).")
    var every: Int?

    @Option(help: "action-share, state-error: the state measured (a state id; grids r3c0).")
    var state: String?

    @Option(help: "action-share: the action counted there (its name).")
    var action: String?

    @OptionGroup var policy: PolicyOption

    @OptionGroup var plot: SVGOption

    @Option(help: "Output: text (a braille chart and a table), json or csv (label,method,x,mean,se).")
    var format: OutputFormat = .text

    @OptionGroup var scaling: ScaleOption

    func run() throws {
        let svgFile = try plot.target()
        let loaded = try loadLevel(level, scale: scaling.scale)
        guard study.methods != nil || !series.isEmpty else { throw ValidationError("give --methods ID,... or --series \"ID name=value ...\"") }
        let specs = try series.map(Self.parseSeries)
        let infos = try (study.methods == nil ? [] : study.infos()) + specs.map(\.method)
        try study.check(infos, on: loaded)
        if vary != nil && !series.isEmpty { throw ValidationError("--vary goes with --methods; a --series sets its own values") }
        try StudyOptions.check(runs: runs)
        guard episodes == nil || steps == nil else { throw ValidationError("give --episodes or --steps, not both") }
        if let episodes { guard (1...1_000_000).contains(episodes) else { throw ValidationError("--episodes \(episodes) is out of range; valid: 1 to 1000000") } }
        if let steps { guard (1...100_000_000).contains(steps) else { throw ValidationError("--steps \(steps) is out of range; valid: 1 to 100000000") } }
        if let refusal = measure.refusal(steps: steps != nil) { throw ValidationError(refusal) }
        if let every, every < 1 { throw ValidationError("--every \(every) is out of range; valid: 1 or more") }
        let model = Model(loaded)
        var settings = LearningCurves.Settings()
        settings.runs = runs
        settings.episodes = episodes ?? 100
        settings.steps = steps
        settings.measure = measure
        settings.seed = study.seed
        settings.threads = study.threads
        let points = steps ?? settings.episodes
        let tableEvery = every ?? max(1, points / 20)
        if steps != nil { settings.every = tableEvery }
        try choosePair(model, &settings)
        let target = try policy.load(for: model, methods: infos)
        var lines = try makeSeries(study.methods == nil ? [] : study.infos(), on: loaded)
        for spec in specs { lines.append(try Self.asOption { try spec.series(base: study.parameters(for: spec.method, on: loaded)) }) }
        let expert = try policy.expert(for: model, methods: lines.map(\.method))
        for i in lines.indices {
            lines[i].parameters.policy = try policy.target(target, for: lines[i].method, model: model)
            lines[i].parameters.expert = expert
        }
        let curves: [LearningCurves.Curve]
        do {
            curves = try LearningCurves.run(model: model, series: lines, settings: settings) { Console.runsDone("curve", $0, of: $1) }
        } catch {
            Console.progress(nil)
            printError("\(loaded.file): \(error)")
            throw ExitCode(1)
        }
        try plot.write(CurveReport.svg(level: loaded, curves: curves, settings: settings), to: svgFile)
        try format.print(text: CurveReport.text(level: loaded, curves: curves, settings: settings, tableEvery: steps == nil ? tableEvery : 1),
                         json: CurveReport.json(level: loaded, curves: curves, settings: settings),
                         csv: CurveReport.csv(curves: curves))
    }

    /// `--state` and `--action`, named as the level names them: only with action-share,
    /// and only a state and action that exist there.
    private func choosePair(_ model: Model, _ settings: inout LearningCurves.Settings) throws {
        guard measure == .actionShare || measure == .stateError else {
            if state != nil || action != nil { throw ValidationError("--state and --action go with --measure action-share (--state alone with state-error)") }
            return
        }
        if measure == .stateError {
            guard let state else { throw ValidationError("--measure state-error needs --state ID") }
            if action != nil { throw ValidationError("--action goes with --measure action-share") }
            guard let s = model.state(named: state) else { throw ValidationError("--state \(state): \(model.statesAreNamed)") }
            guard !model.isTerminal[s] else { throw ValidationError("--state \(state) is terminal: its value is 0, never estimated") }
            settings.state = s
            return
        }
        guard let state, let action else { throw ValidationError("--measure action-share needs --state ID and --action NAME") }
        guard let s = model.state(named: state) else { throw ValidationError("--state \(state): \(model.statesAreNamed)") }
        guard !model.isTerminal[s] else { throw ValidationError("--state \(state) is terminal: no action is chosen there") }
        let names = (0..<model.actionCount(of: s)).map { model.actionName(s, $0) }
        guard let a = names.firstIndex(of: action) else {
            throw ValidationError("--action \(action): not an action of \(state); valid: \(names.joined(separator: ", "))")
        }
        settings.state = s
        settings.action = a
    }

    /// A series per method, or per method and value of `--vary`.
    private func makeSeries(_ infos: [MethodInfo], on level: Level) throws -> [LearningCurves.Series] {
        let axis = try vary.map(SweepCommand.axis)
        if let axis, study.given.given.contains(axis.name) {
            throw ValidationError("--\(axis.name.rawValue) is given and varied; give it one way (--vary \(axis.name.rawValue)=LIST)")
        }
        var series: [LearningCurves.Series] = []
        for info in infos {
            let base = try study.parameters(for: info, on: level)
            guard let axis else {
                series.append(LearningCurves.Series(label: info.id, method: info, parameters: base))
                continue
            }
            guard info.parameters.contains(axis.name) else {
                throw ValidationError("\(info.id) has no \(axis.name.rawValue) to vary; it reads \(info.parameters.map(\.rawValue).joined(separator: ", "))")
            }
            for value in axis.values {
                let p: Parameters
                do { p = try base.setting(axis.name, value, for: info) } catch { throw ValidationError("--vary: \(error)") }
                series.append(LearningCurves.Series(label: "\(info.id) \(axis.name.rawValue)=\(NumberText.plain(value))", method: info, parameters: p))
            }
        }
        return series
    }
}

extension LearningCurves.Measure: ExpressibleByArgument {}

extension CurveCommand {
    /// `"ID name=value ... flag"` (StudySpecs: the one reading, also a recipe's).
    static func parseSeries(_ text: String) throws -> StudySpecs.Series { try asOption { try StudySpecs.series(text) } }

    /// A series' refusal as the option's: `--series "ID ...": ...`.
    static func asOption<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SolverError {
            throw ValidationError(error.description.hasPrefix("series ") ? "--" + error.description : error.description)
        }
    }
}
