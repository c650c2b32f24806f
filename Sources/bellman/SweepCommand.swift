import ArgumentParser
import BellmanCore
import Foundation

/// `bellman sweep` (DESIGN §10): a parameter study, the book's Figures 6.3 and 7.2 as one
/// command each.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "A parameter study: for each method and combination of --vary values, the return or the RMS error averaged over a window of episodes and over runs, with standard errors.",
        discussion: """
            LIST is a,b,c or from:to:step (the end included). Each run has its own seed (S, S+1, ...), so the results do not depend on --threads. Examples:
              bellman sweep cliff-walking --methods sarsa,expected-sarsa,q-learning --vary alpha=0.1:1:0.1 --episodes 100   (Figure 6.3, interim)
              bellman sweep random-walk-19 --methods n-step-td --vary alpha=0.1:1:0.1 --vary n=1,2,4,8,16 --measure rms --episodes 10 --runs 100   (Figure 7.2)
            """)

    @Argument(help: "A level file or a bundled level's name.")
    var level: String

    @OptionGroup var study: StudyOptions

    @Option(help: "NAME=LIST, once or twice: a parameter and its values (\(ParameterSweep.variable.map(\.rawValue).joined(separator: ", "))).")
    var vary: [String] = []

    @Option(parsing: .unconditional, help: "Runs per method and combination, 1 to \(Race.maxRuns).")
    var runs: Int = 10

    @Option(parsing: .unconditional, help: "Episodes per run (default 100).")
    var episodes: Int?

    @Option(parsing: .unconditional, help: "Or: the samples per run, measuring the episodes that end within them.")
    var steps: Int?

    @Option(help: "return: the episode's return; reward: the sum of its rewards, undiscounted (a bandit's pull); rms: the RMS error against the truth after each episode; samples-to-optimal, samples-to-sharp: the median samples to an optimal greedy policy or a sharp one, as race measures them (--steps is the budget).")
    var measure: ParameterSweep.Measure = .return

    @Option(help: "The episodes averaged: first:K or last:K (default: all of them).")
    var window: String?

    @OptionGroup var plot: SVGOption

    @Option(help: "Output: text (a table and a braille chart), json or csv (one row per method and combination).")
    var format: OutputFormat = .text

    @OptionGroup var scaling: ScaleOption

    func run() throws {
        let svgFile = try plot.target()
        let loaded = try loadLevel(level, scale: scaling.scale)
        let infos = try study.infos()
        try study.check(infos, on: loaded)
        guard (1...2).contains(vary.count) else { throw ValidationError("--vary NAME=LIST once or twice (a line per method and value of the second)") }
        let axes = try vary.map(Self.axis)
        guard Set(axes.map(\.name)).count == axes.count else { throw ValidationError("--vary: each parameter once") }
        for axis in axes where study.given.given.contains(axis.name) {
            throw ValidationError("--\(axis.name.rawValue) is given and varied; give it one way (--vary \(axis.name.rawValue)=LIST)")
        }
        try StudyOptions.check(runs: runs)
        guard episodes == nil || steps == nil else { throw ValidationError("give --episodes or --steps, not both") }
        if measure.goal != nil && (episodes != nil || window != nil) {
            throw ValidationError("--measure \(measure.rawValue) runs each run to its goal within --steps samples (default \(RunReport.group(RaceSettings().budget))); --episodes and --window do not apply")
        }
        if let episodes { guard episodes >= 1 && episodes <= 10_000_000 else { throw ValidationError("--episodes \(episodes) is out of range; valid: 1 to 10000000") } }
        if let steps { guard steps >= 1 && steps <= Runner.maxBudget else { throw ValidationError("--steps \(steps) is out of range; valid: 1 to \(Runner.maxBudget)") } }
        var settings = ParameterSweep.Settings()
        settings.runs = runs
        settings.episodes = episodes ?? 100
        settings.steps = steps
        settings.measure = measure
        settings.window = try window.map(Self.window) ?? .first(steps == nil ? settings.episodes : Int.max)
        settings.seed = study.seed
        settings.threads = study.threads
        let rows: [ParameterSweep.Row]
        do {
            let model = Model(loaded)
            rows = try ParameterSweep.run(model: model, methods: infos, axes: axes, settings: settings,
                                         base: { info in
                                             var p = try study.parameters(for: info, on: loaded)
                                             p.policy = try loaded.defaultPolicy(for: info, model: model)
                                             return p
                                         }) { Console.runsDone("sweep", $0, of: $1) }
        } catch {
            Console.progress(nil)
            printError("\(loaded.file): \(error)")
            throw ExitCode(1)
        }
        try plot.write(SweepReport.svg(level: loaded, axes: axes, rows: rows, settings: settings), to: svgFile)
        try format.print(text: SweepReport.text(level: loaded, axes: axes, rows: rows, settings: settings),
                         json: SweepReport.json(level: loaded, axes: axes, rows: rows, settings: settings),
                         csv: SweepReport.csv(axes: axes, rows: rows))
    }

    /// `NAME=a,b,c` or `NAME=from:to:step` (StudySpecs: the one reading, also a recipe's).
    static func axis(_ text: String) throws -> ParameterSweep.Axis { try asUsage { try StudySpecs.axis(text) } }

    /// `first:K` or `last:K`.
    static func window(_ text: String) throws -> ParameterSweep.Window { try asUsage { try StudySpecs.window(text) } }
}

extension ParameterSweep.Measure: ExpressibleByArgument {}
