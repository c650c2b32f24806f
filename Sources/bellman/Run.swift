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

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.gamma)) (default: the level's).")
    var gamma: Double?

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.alpha)) (default: \(Run.alphaDefaults); Monte Carlo: sample averages 1/N).")
    var alpha: Double?

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.epsilon)) (default 0.1).")
    var epsilon: Double?

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.lambda)) (td-lambda, sarsa-lambda; default 0.9).")
    var lambda: Double?

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.n)) (default 4).")
    var n: Int?

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.planningSteps)) (default 5).")
    var planningSteps: Int?

    @Flag(help: "Replacing eligibility traces instead of accumulating ones (td-lambda, sarsa-lambda).")
    var replacingTraces = false

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.theta)) (default 1e-10).")
    var theta: Double?

    @Option(name: .customLong("init"), parsing: .unconditional, help: "\(ParameterRules.help(.initialValue)) (default 0).")
    var initialValue: Double?

    @Option(parsing: .unconditional, help: "Seed of the random number generator (default 1).")
    var seed: UInt64?

    @Option(help: "\(ParameterRules.help(.ties)) (default random).")
    var ties: String?

    @Option(help: "\(ParameterRules.help(.sampling)) (mc-off-policy-prediction; default weighted).")
    var sampling: String?

    @Option(help: "A target policy for prediction methods: a policy file or a bundled policy's name (DESIGN section 7; default: the equiprobable random policy).")
    var policy: String?

    @Flag(help: "Monte Carlo: average every visit, not only the first (default: first-visit).")
    var everyVisit = false

    @Flag(help: "DP: synchronous two-array sweeps instead of in-place ones (default: in place).")
    var synchronous = false

    @Option(help: "Output: text, json (one object) or csv (the curve).")
    var format: Format = .text

    static var alphaDefaults: String {
        Methods.all.compactMap { m in m.defaultAlpha.map { "\(m.id) \(RunFormat.number($0))" } }.joined(separator: ", ")
    }

    func run() throws {
        let budget = try resolveBudget()
        // The save path is checked before the work: a bad one fails now, not after the run.
        let saveFile: OutputFile?
        do { saveFile = try save.map { try OutputFile(checking: $0, kind: "session") } } catch {
            printError(error)
            throw ExitCode(1)
        }
        let result: RunResult
        var solver: any Solver
        let source: (id: String, file: String, text: String)
        let initial: Parameters
        let changes: [ParameterChange]
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
            source = (session.level.id, session.level.file, session.level.source)
            initial = session.initialParameters
            changes = session.parameterChanges
        } else {
            guard let level, let method else { throw ValidationError("give a level and --method, or --load a saved session") }
            let loaded = try loadLevel(level)
            guard let info = Methods.named(method) else {
                throw ValidationError("unknown method `\(method)`; valid: \(Methods.all.map(\.id).joined(separator: ", "))")
            }
            var parameters = try resolveParameters(info, level: loaded)
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
            source = (loaded.id, loaded.file, loaded.source)
            initial = parameters
            changes = []
        }
        // A failed save keeps the report: it is printed, then the failure, then exit 1.
        var saveFailure: (any Error)?
        if let saveFile {
            do {
                let session = Session(levelID: source.id, file: source.file, source: source.text, method: result.method,
                                      initial: initial, changes: changes, solver: solver)
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
    func resolveParameters(_ info: MethodInfo, level: Level) throws -> Parameters {
        var p = info.defaults(for: level)
        func use(_ name: ParameterName, _ given: Bool) throws {
            guard given else { return }
            guard info.parameters.contains(name) else {
                throw ValidationError("\(info.id) does not use --\(name.rawValue); it uses: \(info.parameters.map { "--" + $0.rawValue }.joined(separator: ", "))")
            }
        }
        try use(.gamma, gamma != nil)
        try use(.alpha, alpha != nil)
        try use(.epsilon, epsilon != nil)
        try use(.theta, theta != nil)
        try use(.initialValue, initialValue != nil)
        try use(.seed, seed != nil)
        try use(.ties, ties != nil)
        try use(.everyVisit, everyVisit)
        try use(.lambda, lambda != nil)
        try use(.n, n != nil)
        try use(.planningSteps, planningSteps != nil)
        try use(.replacingTraces, replacingTraces)
        try use(.synchronous, synchronous)
        try use(.sampling, sampling != nil)
        if let sampling {
            guard sampling == "ordinary" || sampling == "weighted" else {
                throw ValidationError("--sampling \(sampling) is not valid; valid: \(ParameterRules.valid(.sampling))")
            }
            p.weightedSampling = sampling == "weighted"
        }
        func checked(_ name: ParameterName, _ value: Double) throws -> Double {
            do { try ParameterRules.check(name, value) } catch { throw ValidationError("\(error)") }
            return value
        }
        func checked(_ name: ParameterName, _ value: Int) throws {
            do { try ParameterRules.check(name, value) } catch { throw ValidationError("\(error)") }
        }
        if let gamma { p.gamma = try checked(.gamma, gamma) }
        if let alpha { p.alpha = try checked(.alpha, alpha) }
        if let epsilon { p.epsilon = try checked(.epsilon, epsilon) }
        if let theta { p.theta = try checked(.theta, theta) }
        if let initialValue { p.initialValue = try checked(.initialValue, initialValue) }
        if let seed { p.seed = seed }
        if let lambda { p.lambda = try checked(.lambda, lambda) }
        if let n { p.n = n; try checked(.n, n) }
        if let planningSteps { p.planningSteps = planningSteps; try checked(.planningSteps, planningSteps) }
        p.replacingTraces = replacingTraces
        if let ties {
            do { p.ties = try ParameterRules.tieBreak(ties) } catch { throw ValidationError("\(error)") }
        }
        p.everyVisit = everyVisit
        p.synchronous = synchronous
        return p
    }

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
