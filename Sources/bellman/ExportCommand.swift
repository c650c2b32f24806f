import ArgumentParser
import BellmanCore
import BellmanTUI
import Foundation

/// `bellman export`: a run drawn as the playground draws it, written to files a teacher can
/// paste or embed, without a terminal.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Run a method as the playground would and write its screen, values, curves and greedy policy to files.",
        discussion: """
            Writes into --out: frame.txt (the final screen as plain text), frame.ans (the same with ANSI colours), \
            values.csv (V, Q per action and the greedy action of every cell), curves.csv (return or largest change \
            per episode or sweep, RMS error against the truth) and run.cast (an asciicast v2 recording of --frames \
            screens over the run, for `asciinema play` or a course page).
            """)

    @Argument(help: "A level file or a bundled level's name.")
    var level: String

    @Option(help: ArgumentHelp("The method id.", discussion: "One of: \(Methods.all.map(\.id).joined(separator: ", "))."))
    var method: String

    @Option(parsing: .unconditional, help: "Environment steps to run (sample-based methods).")
    var steps: Int?

    @Option(parsing: .unconditional, help: "Episodes to run (sample-based methods; default 100).")
    var episodes: Int?

    @Option(parsing: .unconditional, help: "Sweeps to run (DP; default: until it converges, at most 1000).")
    var sweeps: Int?

    @Option(parsing: .unconditional, help: "Seed of the random number generator (default 1).")
    var seed: UInt64?

    @Option(help: "The folder to write into (created if missing).")
    var out: String

    @Flag(help: "Replace the files of an earlier export in --out (without it, export refuses to replace any file).")
    var overwrite = false

    /// The files an export writes, in the order they are listed.
    static let files = ["frame.txt", "frame.ans", "values.csv", "curves.csv", "policy.toml", "run.cast"]

    @Option(help: "A target policy for a prediction method: a policy file or a bundled policy's name (DESIGN section 7).")
    var policy: String?

    @Option(parsing: .unconditional, help: "Screen width in columns, 40 to 400.")
    var width = 120

    @Option(parsing: .unconditional, help: "Screen height in rows, 12 to 200.")
    var height = 40

    @Option(parsing: .unconditional, help: "Screens in the recording, 1 to 2000, spread over the run, 10 per second.")
    var frames = 100

    @OptionGroup var scaling: ScaleOption

    func run() throws {
        guard let info = Methods.named(method) else {
            throw ValidationError("unknown method `\(method)`; valid: \(Methods.all.map(\.id).joined(separator: ", "))")
        }
        guard (40...400).contains(width), (12...200).contains(height) else {
            throw ValidationError("--width \(width) --height \(height) is out of range; valid: width 40 to 400, height 12 to 200")
        }
        guard (1...2_000).contains(frames) else { throw ValidationError("--frames \(frames) is out of range; valid: 1 to 2000") }
        let budgets = [steps, episodes, sweeps].compactMap { $0 }
        guard budgets.count <= 1 else { throw ValidationError("give at most one of --steps, --episodes, --sweeps") }
        guard budgets.allSatisfy({ (1...Runner.maxBudget).contains($0) }) else {
            throw ValidationError("the budget is out of range; valid: 1 to \(Runner.maxBudget)")
        }
        let isDP = info.family == .dp
        if isDP && (steps != nil || episodes != nil) { throw ValidationError("\(info.id) sweeps the model: give --sweeps, not --steps or --episodes") }
        if !isDP && sweeps != nil { throw ValidationError("\(info.id) learns from experience: give --steps or --episodes, not --sweeps") }

        // The folder and its files are checked before the run: a bad --out fails now, and no
        // file of the user's is replaced unless --overwrite says so.
        let targets: [OutputFile]
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let taken = Self.files.filter { FileManager.default.fileExists(atPath: "\(out)/\($0)") }
            if !taken.isEmpty && !overwrite {
                throw OutputError("\(out): already holds \(taken.joined(separator: ", ")); give an empty or new folder, or --overwrite to replace them")
            }
            targets = try Self.files.map { try OutputFile(checking: "\(out)/\($0)", kind: "export") }
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        let loaded = try loadLevel(level, scale: scaling.scale)
        var parameters = info.defaults(for: loaded)
        if let seed { parameters.seed = seed }
        if let policy { parameters.policy = try loadPolicy(policy, for: Model(loaded), methods: [info]) }
        var run = ExportRun(level: loaded, method: info, parameters: parameters, width: width, height: height)
        if let message = run.snapshot.message, run.snapshot.counters.ticks == 0, run.snapshot.values.isEmpty {
            printError(message)
            throw ExitCode(1)
        }
        var cast = AsciicastRecorder(width: width, height: height, title: "Bellman: \(info.id) on \(loaded.name)")
        cast.add(run.frame(), at: 0)
        // Split the budget into `frames` parts, a screen after each.
        let parts = frames
        if let steps {
            for i in 1...parts {
                run.step(.samples(steps * i / parts))
                cast.add(run.frame(), at: Double(i) / 10)
            }
        } else {
            let total = isDP ? (sweeps ?? 1_000) : (episodes ?? 100)
            var done = 0
            for i in 1...parts where !run.isFinished {
                let target = total * i / parts
                while done < target && !run.isFinished {
                    run.step(isDP ? .sweep : .episode)
                    done += 1
                }
                cast.add(run.frame(), at: Double(i) / 10)
            }
        }
        let final = run.frame()
        let texts = [final.text + "\n", final.ansiText, Exports.valuesCSV(model: run.state.model, snapshot: run.snapshot),
                     Exports.curvesCSV(snapshot: run.snapshot, family: info.family),
                     Exports.policyTOML(model: run.state.model, snapshot: run.snapshot, method: info), cast.text]
        do {
            for (target, text) in zip(targets, texts) { try target.write(Data(text.utf8)) }
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        let c = run.snapshot.counters
        try Console.out("wrote \(out)/\(Self.files.joined(separator: ", ")) (\(cast.lines.count - 1) screens); samples \(c.samples), episodes \(c.episodes), sweeps \(c.sweeps)")
    }
}
