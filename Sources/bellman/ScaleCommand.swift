import ArgumentParser
import BellmanCore
import Foundation

/// `bellman scale` (DESIGN §10): how each method's cost to the goal grows with the number of
/// states, the level scaled by each factor, with a fit of c * |S|^k.
struct ScaleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "How cost grows with |S|: a level at growing --scale factors, the median samples, backups and model reads each method needs to reach the goal (as race measures it), and each cost fitted as c * |S|^k with a 95% interval for k.",
        discussion: "Each sample-based method runs --runs times per factor (seeds S, S+1, ...), with its default parameters on the scaled level; DP runs once. A fit uses the factors where every run reached the goal. Results do not depend on --threads.")

    @Argument(help: "A grid level file or a bundled grid level's name.")
    var level: String

    @Option(help: "Comma-separated scale factors, increasing (each cell a K x K block).")
    var factors: String = "1,2,3,4"

    @OptionGroup var study: StudyOptions

    @Option(parsing: .unconditional, help: "Runs per sample-based method and factor, 1 to \(Race.maxRuns).")
    var runs: Int = 5

    @Option(help: "optimal: a greedy policy within --tolerance of V* in every cell; rms: the RMS error at --target-rms (default 10% of the initial error); path: the greedy path from every start a shortest path to a goal (deterministic levels); sharp: pi puts at least 0.9 on optimal actions wherever an optimal policy goes (policy-gradient methods and imitation).")
    var goal: ScaleStudy.Goal = .optimal

    @Option(parsing: .unconditional, help: "Samples each run may use.")
    var budget: Int = 2_000_000

    @OptionGroup var goals: RaceGoalOptions

    @OptionGroup var plot: SVGOption

    @Option(help: "Output: text (a table, the fits and a log-log chart), json or csv (one row per factor and method).")
    var format: OutputFormat = .text

    func run() throws {
        let svgFile = try plot.target()
        let loaded = try loadLevel(level)
        guard loaded.mdp == nil else { throw ValidationError("scale makes each grid cell a block; \(loaded.kind) has no grid") }
        let list = try Self.factors(factors, level: loaded)
        let infos = try study.infos()
        try study.check(infos, on: loaded)
        let settings = try study.raceSettings(runs: runs, budget: budget, goals: goals)
        // A long study says how far it is, on a terminal only (a file or a pipe gets the result alone).
        let showProgress = isatty(STDERR_FILENO) == 1
        let result: (rows: [ScaleStudy.Row], fits: [ScaleStudy.Fit])
        do {
            result = try ScaleStudy.run(level: loaded, methods: infos, factors: list, goal: goal, settings: settings,
                                         parameters: { try study.parameters(for: $0, on: $1) }) { done, total in
                guard showProgress else { return }
                Console.err(done < total ? "scale: factor \(list[done]) (\(done + 1) of \(total))…" : "scale: done")
            }
        } catch {
            printError("\(loaded.file): \(error)")
            throw ExitCode(1)
        }
        try plot.write(ScaleReport.svg(level: loaded, rows: result.rows, goal: goal), to: svgFile)
        try format.print(text: ScaleReport.text(level: loaded, rows: result.rows, fits: result.fits, factors: list, goal: goal, settings: settings),
                         json: ScaleReport.json(level: loaded, rows: result.rows, fits: result.fits, goal: goal, settings: settings),
                         csv: ScaleReport.csv(rows: result.rows))
    }

    /// `1,2,4`: increasing factors, each one `--scale` accepts on this level.
    static func factors(_ text: String, level: Level) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var list: [Int] = []
        for part in parts {
            guard let k = Int(part) else { throw ValidationError("--factors \(text): `\(part)` is not a whole number; valid: increasing factors such as 1,2,3,4") }
            if let refusal = level.scaleRefusal(k) { throw ValidationError("--factors: \(refusal)") }
            if k < 1 { throw ValidationError("--factors: \(k) is out of range; valid: 1 to \(Level.maxScale)") }
            if let last = list.last, k <= last { throw ValidationError("--factors \(text): each factor must be larger than the one before") }
            list.append(k)
        }
        guard list.count <= ScaleStudy.maxFactors else { throw ValidationError("--factors: at most \(ScaleStudy.maxFactors) factors") }
        return list
    }
}

extension ScaleStudy.Goal: ExpressibleByArgument {}
