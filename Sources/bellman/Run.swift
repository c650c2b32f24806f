import ArgumentParser
import Foundation
import BellmanCore

/// `bellman run`: one method on one level, headless.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one method on a level headless and print values, policy and counters.",
        discussion: "Without a budget, DP runs until a sweep changes less than theta and sample-based methods run \(Budget.standardEpisodes) episodes. Parameters a method does not use are refused.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, csv
    }

    @Argument(help: "A level file or a bundled level's name (see `bellman levels`); not with --load.")
    var level: String?

    @Option(help: ArgumentHelp("The method id (not with --load).", discussion: "One of: \(Methods.all.map(\.id).joined(separator: ", "))."))
    var method: String?

    @Option(help: "Continue a saved session (from `--save` here or in the playground): its level, method, parameters and learned state; the budget counts from where it stopped.")
    var load: String?

    @Option(help: "Save the session at the end (level, method, parameters, seed and tables) as JSON, to continue with --load or in the playground.")
    var save: String?

    @Option(parsing: .unconditional, help: "Episodes to run (sample-based methods; default \(Budget.standardEpisodes)).")
    var episodes: Int?

    @Option(parsing: .unconditional, help: "Environment steps to run (sample-based methods).")
    var steps: Int?

    @Option(parsing: .unconditional, help: "Sweeps at most (DP; default: until a sweep changes less than theta).")
    var sweeps: Int?

    @OptionGroup(title: "Method parameters")
    var parameters: MethodParameterOptions

    @Option(help: "A target policy for prediction methods: a policy file or a bundled policy's name (DESIGN section 7; default: the equiprobable random policy).")
    var policy: String?

    @Option(help: "Output: text, json (one object) or csv (the curve).")
    var format: Format = .text

    @OptionGroup var scaling: ScaleOption

    func run() throws {
        let budget = try resolveBudget()
        // The save path is checked before the work: a bad one fails now, not after the run.
        let saveFile: OutputFile?
        do { saveFile = try save.map { try OutputFile(checking: $0, kind: "session") } } catch {
            printError(error)
            throw ExitCode(1)
        }
        var result: RunResult
        var solver: any Solver
        let source: (id: String, file: String, text: String, scale: Int)
        let initial: Parameters
        let changes: [ParameterChange]
        var physics: [WorldChange] = []
        var drives: [DrivenStep] = []
        if let load {
            guard level == nil, method == nil else { throw ValidationError("--load takes the level and the method from the session; give neither") }
            let session: Session
            let restored: (model: Model, method: MethodInfo, solver: any Solver)
            do {
                session = try Session.read(load)
                try Runner.check(budget, for: Methods.named(session.method)!)
                restored = try session.restore(file: load)
            } catch {
                printError(error)
                throw ExitCode(1)
            }
            solver = restored.solver
            let truth = TruthCache.shared.truth(for: restored.model, gamma: solver.parameters.gamma, kind: Truth.kind(for: restored.method))
            result = Runner.run(&solver, model: restored.model, budget: budget, truth: truth)
            source = (session.level.id, session.level.file, session.level.source, session.level.scale ?? 1)
            initial = session.initialParameters
            changes = session.parameterChanges
            physics = session.physics ?? []
            drives = session.drives ?? []
            if !drives.isEmpty {
                result.notes.insert("\(drives.count) of the session's steps were driven by a user in the playground (h); the rest were the method's", at: 0)
            }
            if let last = physics.last {
                // The world learning went on in is not the level file's: say so.
                let level = restored.model.level
                result.notes.insert("the session changed the level's physics \(physics.count) time(s) live; from tick \(last.tick): slip \(RunFormat.number(level.slip)), step reward \(RunFormat.number(level.stepReward))", at: 0)
            }
        } else {
            guard let level, let method else { throw ValidationError("give a level and --method, or --load a saved session") }
            let loaded = try loadLevel(level, scale: scaling.scale)
            guard let info = Methods.named(method) else {
                throw ValidationError("unknown method `\(method)`; valid: \(Methods.all.map(\.id).joined(separator: ", "))")
            }
            var parameters = try self.parameters.resolve(for: info, level: loaded)
            let model = Model(loaded)
            if let policy {
                parameters.policy = try loadPolicy(policy, for: model, methods: [info])
                guard save == nil else { throw ValidationError("sessions do not hold a --policy yet; run without --save") }
            }
            let truth = TruthCache.shared.truth(for: model, gamma: parameters.gamma, kind: Truth.kind(for: info, policy: parameters.policy))
            do {
                try Runner.check(budget, for: info)
                var p = parameters
                if case .sweeps(let n) = budget { p.maxSweeps = n }
                solver = try info.make(model, p)
            } catch {
                printError("\(loaded.file): \(error)")
                throw ExitCode(1)
            }
            result = Runner.run(&solver, model: model, budget: budget, truth: truth)
            source = (loaded.id, loaded.file, loaded.source, loaded.scale)
            initial = parameters
            changes = []
        }
        // A failed save keeps the report: it is printed, then the failure, then exit 1.
        var saveFailure: (any Error)?
        if let saveFile {
            do {
                let session = Session(levelID: source.id, file: source.file, source: source.text, scale: source.scale, method: result.method,
                                      initial: initial, changes: changes, physics: physics, drives: drives, solver: solver)
                try saveFile.write(try session.json())
            } catch {
                saveFailure = error
            }
        }
        switch format {
        case .text: try Console.out(RunReport.text(result), terminator: "")
        case .json: try Console.out(RunReport.json(result))
        case .csv: try Console.out(RunReport.csv(result), terminator: "")
        }
        if let saveFailure {
            printError("\(saveFailure); the session was not saved (an existing file there is unchanged)")
            throw ExitCode(1)
        }
    }

    /// The method's defaults with the options given, each checked against its range and
    /// against the parameters the method uses.
    func resolveBudget() throws -> Budget {
        let given = [episodes != nil, steps != nil, sweeps != nil].filter { $0 }.count
        guard given <= 1 else { throw ValidationError("give at most one of --episodes, --steps, --sweeps") }
        func check(_ n: Int, _ name: String) throws -> Int {
            guard n >= 1 && n <= Runner.maxBudget else { throw ValidationError("--\(name) \(n) is out of range; valid: 1 to \(Runner.maxBudget)") }
            return n
        }
        if let episodes { return .episodes(try check(episodes, "episodes")) }
        if let steps { return .steps(try check(steps, "steps")) }
        if let sweeps { return .sweeps(try check(sweeps, "sweeps")) }
        return .standard
    }
}

/// Number formatting shared by the commands.
enum RunFormat {
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
