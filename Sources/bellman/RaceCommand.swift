import ArgumentParser
import BellmanCore
import Foundation

/// `bellman race`: how much experience each method needs on the same level.
struct RaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "race",
        abstract: "Race methods on one level: samples, backups and model reads each needs to reach a target error and an optimal greedy policy.",
        discussion: "Each sample-based method runs --runs times (seeds S, S+1, ...), each with its default parameters; DP runs once (it is deterministic) and uses 0 samples. Results do not depend on --threads.")

    @Argument(help: "A level file or a bundled level's name.")
    var level: String

    @OptionGroup var study: StudyOptions

    @Option(parsing: .unconditional, help: "Runs per sample-based method, 1 to \(Race.maxRuns).")
    var runs: Int = 10

    @Option(parsing: .unconditional, help: "Samples each run may use.")
    var budget: Int = 100_000

    @Option(help: "The one goal to race to: optimal (a greedy policy within --tolerance of V*), rms (--target-rms), path (the greedy path from every start a shortest path; deterministic levels), sharp (pi puts at least 0.9 on optimal actions wherever an optimal policy goes; for policy-gradient methods and imitation). Default: rms and optimal.")
    var goal: ScaleStudy.Goal?

    @OptionGroup var goals: RaceGoalOptions

    @OptionGroup var plot: SVGOption

    @Option(help: "Output: text (a table), json or csv (one row per run).")
    var format: OutputFormat = .text

    @OptionGroup var policy: PolicyOption

    @OptionGroup var scaling: ScaleOption

    func run() throws {
        let svgFile = try plot.target()
        let loaded = try loadLevel(level, scale: scaling.scale)
        let infos = try study.infos()
        try study.check(infos, on: loaded)
        var settings = try study.raceSettings(runs: runs, budget: budget, goals: goals)
        if let goal {
            // A run ends at the goal asked for; the path goal is measured only when asked.
            settings.stopAt = goal
            settings.measurePaths = goal == .path
        }
        let model = Model(loaded)
        let target = try policy.load(for: model, methods: infos)
        let expert = try policy.expert(for: model, methods: infos.filter { $0.family == .pg })
        let entries = try infos.map { info -> (MethodInfo, Parameters) in
            var p = try study.parameters(for: info, on: loaded)
            p.policy = try policy.target(target, for: info, model: model)
            p.expert = expert
            return (info, p)
        }
        let result: (entries: [RaceEntry], targets: RaceTargets)
        do {
            result = try Race.run(model: model, methods: entries, settings: settings)
        } catch {
            printError("\(loaded.file): \(error)")
            throw ExitCode(1)
        }
        try plot.write(RaceReport.svg(result.entries, model: model, goal: goal), to: svgFile)
        try format.print(text: RaceReport.text(result.entries, model: model, settings: settings, targets: result.targets, goal: goal),
                         json: RaceReport.json(result.entries, model: model, settings: settings, targets: result.targets),
                         csv: RaceReport.csv(result.entries, sharp: goal == .sharp))
    }
}
