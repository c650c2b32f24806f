import ArgumentParser
import Foundation
import BellmanCore

/// `bellman run`: one method on one level, headless.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one method on a level headless and print values, policy and counters.",
        discussion: "Without a budget, DP runs until a sweep changes less than theta and sample-based methods run \(Budget.standardEpisodes) episodes. Parameters a method does not use are refused.")

    /// Without a budget, DP runs until a sweep changes less than theta and sample-based
    /// methods run `Budget.standardEpisodes` episodes.
    enum Defaults: BudgetDefaults {
        static let episodes = Budget.standardEpisodes
        static let sweeps = "until a sweep changes less than theta"
        static func budget(for method: MethodInfo) -> Budget { .standard }
    }

    @Argument(help: "A level file or a bundled level's name (see `bellman levels`); not with --load.")
    var level: String?

    @Option(help: ArgumentHelp("The method id (not with --load).", discussion: "One of: \(Methods.all.map(\.id).joined(separator: ", "))."))
    var method: String?

    @Option(help: "Continue a saved session (from `--save` here or in the playground): its level, method, parameters and learned state; the budget counts from where it stopped.")
    var load: String?

    @Option(help: "Save the session at the end (level, method, parameters, seed and tables) as JSON, to continue with --load or in the playground.")
    var save: String?

    @OptionGroup var budget: BudgetOptions<Defaults>

    @OptionGroup(title: "Method parameters")
    var parameters: MethodParameterOptions

    @OptionGroup var policy: PolicyOption

    @Option(help: "Output: text, json (one object) or csv (the curve).")
    var format: OutputFormat = .text

    @OptionGroup var scaling: ScaleOption

    func run() throws {
        let saveFile = try checkedSaveFile()
        let outcome = try load.map(continueSession) ?? runPlan()
        // A failed save keeps the report: it is printed, then the failure, then exit 1.
        let saveFailure = saveFile.flatMap { save(outcome, to: $0) }
        try format.print(text: RunReport.text(outcome.result), json: RunReport.json(outcome.result), csv: RunReport.csv(outcome.result))
        if let saveFailure {
            printError("\(saveFailure); the session was not saved (an existing file there is unchanged)")
            throw ExitCode(1)
        }
    }

    /// JSON and CSV print the curve, with the error at each point; text prints the end's only.
    var showsCurve: Bool { format != .text }

    /// What a run leaves to report and to save: the result, the solver and where it came from.
    struct Outcome {
        var result: RunResult
        var solver: any Solver
        var source: (id: String, file: String, text: String, scale: Int)
        var initial: Parameters
        var changes: [ParameterChange] = []
        var physics: [WorldChange] = []
        var drives: [DrivenStep] = []
    }

    /// `--save`, checked before the work: a bad path fails now, not after the run.
    func checkedSaveFile() throws -> OutputFile? {
        do { return try save.map { try OutputFile(checking: $0, kind: "session") } } catch {
            printError(error)
            throw ExitCode(1)
        }
    }

    /// A level and a method from the command line, run for the budget.
    func runPlan() throws -> Outcome {
        guard let level, let method else { throw ValidationError("give a level and --method, or --load a saved session") }
        let loaded = try loadLevel(level, scale: scaling.scale)
        let info = try Methods.given(method)
        let plan = try RunPlan(level: loaded, method: info, parameters: parameters, policy: policy, budget: budget.resolved(for: info))
        if policy.file != nil, save != nil { throw ValidationError("sessions do not hold a --policy yet; run without --save") }
        do {
            let (solver, result) = try plan.runHeadless(keepsCurve: showsCurve)
            return Outcome(result: result, solver: solver, source: (loaded.id, loaded.file, loaded.source, loaded.scale), initial: plan.parameters)
        } catch {
            printError("\(loaded.file): \(error)")
            throw ExitCode(1)
        }
    }

    /// A saved session (`--load`) continued for the budget, counted from where it stopped.
    func continueSession(_ file: String) throws -> Outcome {
        guard level == nil, method == nil else { throw ValidationError("--load takes the level and the method from the session; give neither") }
        let session: Session
        let restored: (model: Model, method: MethodInfo, solver: any Solver)
        let budget: Budget
        do {
            session = try Session.read(file)
            let info = Methods.named(session.method)!
            budget = self.budget.resolved(for: info)
            try Runner.check(budget, for: info)
            restored = try session.restore(file: file)
        } catch {
            printError(error)
            throw ExitCode(1)
        }
        var solver = restored.solver
        let truth = TruthCache.shared.truth(for: restored.model, gamma: solver.parameters.gamma, kind: Truth.kind(for: restored.method))
        let result = Runner.run(&solver, model: restored.model, budget: budget, truth: truth, keepsCurve: showsCurve)
        var outcome = Outcome(result: result, solver: solver, source: (session.level.id, session.level.file, session.level.source, session.level.scale ?? 1),
                              initial: session.initialParameters, changes: session.parameterChanges,
                              physics: session.physics ?? [], drives: session.drives ?? [])
        outcome.noteWhatTheSessionChanged(in: restored.model.level)
        return outcome
    }

    /// Writes the session of `outcome`; the failure, if any.
    func save(_ outcome: Outcome, to file: OutputFile) -> (any Error)? {
        do {
            let session = Session(levelID: outcome.source.id, file: outcome.source.file, source: outcome.source.text, scale: outcome.source.scale,
                                  method: outcome.result.method, initial: outcome.initial, changes: outcome.changes,
                                  physics: outcome.physics, drives: outcome.drives, solver: outcome.solver)
            try file.write(try session.json())
            return nil
        } catch {
            return error
        }
    }
}

extension Run.Outcome {
    /// The report says when the steps were not all the method's, or the world learning went
    /// on in is not the level file's.
    mutating func noteWhatTheSessionChanged(in level: Level) {
        if !drives.isEmpty {
            result.notes.insert("\(drives.count) of the session's steps were driven by a user in the playground (h); the rest were the method's", at: 0)
        }
        if let last = physics.last {
            result.notes.insert("the session changed the level's physics \(physics.count) time(s) live; from tick \(last.tick): slip \(NumberText.plain(level.slip)), step reward \(NumberText.plain(level.stepReward))", at: 0)
        }
    }
}

