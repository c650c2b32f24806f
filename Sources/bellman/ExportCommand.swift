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
            per episode or sweep, RMS error against the truth), policy.toml (the greedy policy as a policy file for \
            --policy) and run.cast (an asciicast v2 recording of --frames \
            screens over the run, for `asciinema play` or a course page).
            """)

    /// Without a budget, a sample-based method runs 100 episodes and DP until a sweep changes
    /// less than theta, at most 1,000 sweeps.
    enum Defaults: BudgetDefaults {
        static let episodes = 100
        static let sweeps = "until a sweep changes less than theta, at most 1000"
        static func budget(for method: MethodInfo) -> Budget { method.family == .dp ? .sweeps(1_000) : .episodes(episodes) }
    }

    @Argument(help: "A level file or a bundled level's name.")
    var level: String

    @Option(help: ArgumentHelp("The method id.", discussion: "One of: \(Methods.all.map(\.id).joined(separator: ", "))."))
    var method: String

    @OptionGroup var budget: BudgetOptions<Defaults>

    @OptionGroup(title: "Method parameters")
    var parameters: MethodParameterOptions

    @OptionGroup var policy: PolicyOption

    @Option(help: "The folder to write into (created if missing).")
    var out: String

    @Flag(help: "Replace the files of an earlier export in --out (without it, export refuses to replace any file).")
    var overwrite = false

    /// The files an export writes, in the order they are listed.
    static let files = ["frame.txt", "frame.ans", "values.csv", "curves.csv", "policy.toml", "run.cast"]

    @Option(parsing: .unconditional, help: "Screen width in columns, 40 to 400.")
    var width = 120

    @Option(parsing: .unconditional, help: "Screen height in rows, 12 to 200.")
    var height = 40

    @Option(parsing: .unconditional, help: "Screens in the recording, 1 to 2000, spread over the run, 10 per second.")
    var frames = 100

    @OptionGroup var scaling: ScaleOption

    func validate() throws {
        guard (40...400).contains(width), (12...200).contains(height) else {
            throw ValidationError("--width \(width) --height \(height) is out of range; valid: width 40 to 400, height 12 to 200")
        }
        guard (1...2_000).contains(frames) else { throw ValidationError("--frames \(frames) is out of range; valid: 1 to 2000") }
    }

    func run() throws {
        let info = try Methods.given(method)
        switch (budget.given, info.family == .dp) {
        case (.episodes, true), (.steps, true): throw ValidationError("\(info.id) sweeps the model: give --sweeps, not --steps or --episodes")
        case (.sweeps, false): throw ValidationError("\(info.id) learns from experience: give --steps or --episodes, not --sweeps")
        default: break
        }
        // The folder and its files are checked before the run: a bad --out fails now, and no
        // file of the user's is replaced unless --overwrite says so.
        let targets: [OutputFile]
        do {
            targets = try Exports.targets(in: out, names: Self.files, overwrite: overwrite)
        } catch {
            printError(error)
            throw ExitCode(1)
        }
        let loaded = try loadLevel(level, scale: scaling.scale)
        let plan = try RunPlan(level: loaded, method: info, parameters: parameters, policy: policy, budget: budget.resolved(for: info))
        var run = ExportRun(level: loaded, method: info, parameters: plan.parameters, width: width, height: height)
        if let message = run.snapshot.message, run.snapshot.counters.ticks == 0, run.snapshot.values.isEmpty {
            printError(message)
            throw ExitCode(1)
        }
        var cast = AsciicastRecorder(width: width, height: height, title: "Bellman: \(info.id) on \(loaded.name)")
        cast.add(run.frame(), at: 0)
        plan.record(&run, frames: frames, into: &cast)
        let final = run.frame()
        let texts = [final.text + "\n", final.ansiText, Exports.valuesCSV(model: run.state.model, snapshot: run.snapshot),
                     Exports.curvesCSV(snapshot: run.snapshot, family: info.family),
                     Exports.policyTOML(model: run.state.model, snapshot: run.snapshot, method: info), cast.text]
        do {
            for (target, text) in zip(targets, texts) { try target.write(Data(text.utf8)) }
        } catch {
            printError(error)
            throw ExitCode(1)
        }
        let c = run.snapshot.counters
        try Console.out("wrote \(out)/\(Self.files.joined(separator: ", ")) (\(cast.lines.count - 1) screens); samples \(c.samples), episodes \(c.episodes), sweeps \(c.sweeps)")
    }
}

extension RunPlan {
    /// Runs the plan in `run` as the playground would, its budget split into `frames` equal
    /// parts with a screen recorded after each.
    func record(_ run: inout ExportRun, frames parts: Int, into cast: inout AsciicastRecorder) {
        // `run` lets the runner choose when no budget is given; an export spells its own out.
        let total: Int
        switch budget == .standard ? ExportCommand.Defaults.budget(for: method) : budget {
        case .steps(let steps):
            for i in 1...parts {
                run.step(.samples(steps * i / parts))
                cast.add(run.frame(), at: Double(i) / 10)
            }
            return
        case .episodes(let n), .sweeps(let n): total = n
        case .standard: return  // mapped to the export's own above
        }
        var done = 0
        for i in 1...parts where !run.isFinished {
            let target = total * i / parts
            while done < target && !run.isFinished {
                run.step(method.family == .dp ? .sweep : .episode)
                done += 1
            }
            cast.add(run.frame(), at: Double(i) / 10)
        }
    }
}
