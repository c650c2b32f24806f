import ArgumentParser
import BellmanCore
import Foundation

/// The options every experiment over several methods takes (`race`, `scale`, `sweep`): the
/// methods, the runs' first seed, the threads and a discount for all, each checked here once.
struct StudyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Comma-separated method ids.", discussion: "Any of: \(Methods.all.map(\.id).joined(separator: ", "))."))
    var methods: String?

    @Option(parsing: .unconditional, help: "Worker threads (the default is the number of cores); results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup(title: "Method parameters (each method that uses one takes it; --seed is the first run's, run r has seed S + r)")
    var given: MethodParameterOptions

    /// The most runs per method a study takes.
    static let maxRuns = Race.maxRuns

    func validate() throws {
        guard threads >= 1 && threads <= 256 else { throw ValidationError("--threads \(threads) is out of range; valid: 1 to 256") }
    }

    /// The first run's seed.
    var seed: UInt64 { given.seed ?? 1 }

    /// A method's parameters on `level`: its defaults there, with the ones given that it uses
    /// (each checked by its rule, as `run` checks them).
    func parameters(for info: MethodInfo, on level: Level) throws -> Parameters {
        try given.resolve(for: info, level: level, lenient: true)
    }

    /// Every parameter given is used by some method of the study and within its range on
    /// `level`: checked before the work, so a refusal is the command's usage error, not a
    /// failure partway through the runs.
    func check(_ infos: [MethodInfo], on level: Level) throws {
        for name in given.given where name != .seed && !infos.contains(where: { $0.parameters.contains(name) }) {
            throw ValidationError("none of \(infos.map(\.id).joined(separator: ", ")) uses --\(name.rawValue)")
        }
        for info in infos { _ = try parameters(for: info, on: level) }
    }

    /// The methods named, in order.
    func infos() throws -> [MethodInfo] {
        guard let methods else { throw ValidationError("give --methods ID,ID,... (the methods to compare)") }
        let ids = methods.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !ids.isEmpty else { throw ValidationError("--methods needs at least one method id") }
        return try ids.map(Methods.given)
    }

    /// A race's settings (`race`, `scale`): `runs` and `budget` checked, the goals, the first
    /// seed and the threads.
    func raceSettings(runs: Int, budget: Int, goals: RaceGoalOptions) throws -> RaceSettings {
        try Self.check(runs: runs)
        try Self.check(budget: budget)
        var settings = RaceSettings()
        settings.runs = runs
        settings.budget = budget
        goals.apply(to: &settings)
        settings.seed = seed
        settings.threads = threads
        return settings
    }

    /// `--budget` checked against the one range every run uses.
    static func check(budget: Int) throws {
        guard budget >= 1 && budget <= Runner.maxBudget else { throw ValidationError("--budget \(budget) is out of range; valid: 1 to \(Runner.maxBudget)") }
    }

    /// `--runs` checked against the one range every study uses.
    static func check(runs: Int) throws {
        guard runs >= 1 && runs <= maxRuns else { throw ValidationError("--runs \(runs) is out of range; valid: 1 to \(maxRuns)") }
    }
}

/// What a race counts as reaching its goals (`race`, `scale`): the RMS error to reach and the
/// tolerance of an optimal greedy policy.
struct RaceGoalOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "RMS error to reach against the truth (default: 10% of the initial error).")
    var targetRms: Double?

    @Option(parsing: .unconditional, help: "A greedy policy is optimal when every cell's action is within this of V*.")
    var tolerance: Double = 0.01

    func validate() throws {
        guard tolerance >= 0 && tolerance.isFinite else { throw ValidationError("--tolerance must be a finite number >= 0") }
        if let targetRms { guard targetRms > 0 && targetRms.isFinite else { throw ValidationError("--target-rms must be a number > 0") } }
    }

    func apply(to settings: inout RaceSettings) {
        settings.targetRMS = targetRms
        settings.tolerance = tolerance
    }
}
