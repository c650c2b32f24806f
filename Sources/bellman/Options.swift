import ArgumentParser
import BellmanCore
import Foundation

/// `--scale K` (DESIGN §9), the same on every command that takes it.
struct ScaleOption: ParsableArguments {
    @Option(help: "Make each grid cell a K x K block (walls, cliffs, floor and rewarded cells fill it; a start, goal, hole or portal keeps its top-left cell), for Example 8.4's growing mazes.")
    var scale = 1
}

/// `--policy FILE` (DESIGN §7), the same on every command that takes it.
struct PolicyOption: ParsableArguments {
    @Option(name: .customLong("policy"), help: "A target policy for the prediction methods: a policy file or a bundled policy's name (default: the equiprobable random policy; control methods refuse it).")
    var file: String?

    @Option(name: .customLong("expert"), help: "The expert of imitation (its labels) and of --prior (its favoured actions): a policy file or a bundled policy's name, its most probable action in each state (default: the DP-optimal policy's first greedy action).")
    var expertFile: String?

    /// The policy given, for the prediction methods among `methods` on `model`; `nil` when
    /// none was given. Control methods learn their own policy and refuse it; a bad file is
    /// reported at its FILE:LINE:COL, exit 1.
    func load(for model: Model, methods: [MethodInfo]) throws -> TargetPolicy? {
        guard let file else { return nil }
        let control = methods.filter { !$0.isPrediction && !$0.startsFromPolicy }.map(\.id)
        guard control.isEmpty else {
            let prediction = Methods.all.filter(\.isPrediction).map(\.id).joined(separator: ", ")
            throw ValidationError("\(control.joined(separator: ", ")) \(control.count == 1 ? "is a control method" : "are control methods"): it learns its own policy; --policy gives prediction methods (\(prediction)) a target policy, and policy-iteration its first policy")
        }
        do {
            return try PolicyCatalog.load(file, for: model)
        } catch {
            printError(error)
            throw ExitCode(1)
        }
    }
}

extension PolicyOption {
    /// The `--expert` policy for imitation's labels and `--prior`'s favoured action, `nil`
    /// when none was given (the DP-optimal policy is the expert). Refused for a method that
    /// learns from no expert; a bad file is reported at its FILE:LINE:COL, exit 1.
    func expert(for model: Model, methods: [MethodInfo]) throws -> TargetPolicy? {
        guard let expertFile else { return nil }
        let others = methods.filter { $0.family != .pg }.map(\.id)
        guard others.isEmpty else {
            throw ValidationError("\(others.joined(separator: ", ")) \(others.count == 1 ? "learns" : "learn") from no expert; --expert gives imitation its labels and --prior its favoured actions (policy-gradient methods)")
        }
        do {
            return try PolicyCatalog.load(expertFile, for: model)
        } catch {
            printError(error)
            throw ExitCode(1)
        }
    }

    /// The policy `method` runs with: the one given, else the level's (`[defaults] policy`,
    /// for prediction methods and policy iteration); a bad file is reported, exit 1.
    func target(_ given: TargetPolicy?, for method: MethodInfo, model: Model) throws -> TargetPolicy? {
        if let given { return given }
        do { return try model.level.defaultPolicy(for: method, model: model) } catch {
            printError(error)
            throw ExitCode(1)
        }
    }
}

/// A refusal of what the user wrote, as the command's usage error (with its usage line).
func asUsage<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as SolverError { throw ValidationError(error.description) }
}

extension Methods {
    /// The method a command line names, or its refusal with the valid ids.
    static func given(_ id: String) throws -> MethodInfo {
        guard let info = named(id) else { throw ValidationError(unknownMessage(id)) }
        return info
    }
}

/// How long a command runs when no budget is given, and how its help says so: each command
/// that takes `BudgetOptions` declares its own.
protocol BudgetDefaults {
    /// The episodes a sample-based method runs, as `--episodes`' help says it.
    static var episodes: Int { get }
    /// How far DP runs, as `--sweeps`' help says it ("until a sweep changes less than theta").
    static var sweeps: String { get }
    /// The budget of `method` when none is given.
    static func budget(for method: MethodInfo) -> Budget
}

/// `--episodes`, `--steps`, `--sweeps`: at most one, each within the one range every run uses.
struct BudgetOptions<Defaults: BudgetDefaults>: ParsableArguments {
    @Option(parsing: .unconditional, help: "Episodes to run (sample-based methods; default \(Defaults.episodes)).")
    var episodes: Int?

    @Option(parsing: .unconditional, help: "Environment steps to run (sample-based methods).")
    var steps: Int?

    @Option(parsing: .unconditional, help: "Sweeps at most (DP; default: \(Defaults.sweeps)).")
    var sweeps: Int?

    func validate() throws {
        let given = [("episodes", episodes), ("steps", steps), ("sweeps", sweeps)].compactMap { name, n in n.map { (name, $0) } }
        guard given.count <= 1 else { throw ValidationError("give at most one of --episodes, --steps, --sweeps") }
        for (name, n) in given where !(1...Runner.maxBudget).contains(n) {
            throw ValidationError("--\(name) \(n) is out of range; valid: 1 to \(Runner.maxBudget)")
        }
    }

    /// The budget given, if any.
    var given: Budget? {
        if let episodes { return .episodes(episodes) }
        if let steps { return .steps(steps) }
        return sweeps.map { .sweeps($0) }
    }

    /// The budget given, or the command's default for `method`.
    func resolved(for method: MethodInfo) -> Budget { given ?? Defaults.budget(for: method) }
}

/// The output formats of the commands that print a report.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv

    /// Prints the report in this format: text and CSV end with their own newline, JSON is
    /// one object on a line of its own.
    func print(text: @autoclosure () -> String, json: @autoclosure () -> String, csv: @autoclosure () -> String) throws {
        switch self {
        case .text: try Console.out(text(), terminator: "")
        case .json: try Console.out(json())
        case .csv: try Console.out(csv(), terminator: "")
        }
    }
}

/// `--svg FILE` (DESIGN §10): the command's plot as a standalone SVG file, for a slide.
struct SVGOption: ParsableArguments {
    @Option(help: "Also write the plot as a standalone SVG file (axes, ticks, legend, error bars).")
    var svg: String?

    /// The file, checked before the work: a bad path fails now, not after a long study.
    func target() throws -> OutputFile? {
        do { return try svg.map { try OutputFile(checking: $0, kind: "SVG plot") } } catch {
            printError(error)
            throw ExitCode(1)
        }
    }

    /// Writes the plot; a failed write is reported, exit 1.
    func write(_ text: @autoclosure () -> String, to file: OutputFile?) throws {
        guard let file else { return }
        do { try file.write(Data(text().utf8)) } catch {
            printError(error)
            throw ExitCode(1)
        }
    }
}
