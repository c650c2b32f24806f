import ArgumentParser
import BellmanCore
import Foundation

/// The `bellman` command: a terminal playground for tabular reinforcement learning.
@main
struct Bellman: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bellman",
        abstract: "A terminal playground for tabular reinforcement learning (Sutton & Barto).",
        discussion: """
            LEVEL is a path to a .toml level file or the name of a bundled level (see `bellman levels`).

            Methods:
            \(Methods.all.map { "  \($0.id.padding(18))[\($0.family.rawValue)] \($0.summary)" }.joined(separator: "\n"))
            """,
        subcommands: [Play.self, LessonCommand.self, Run.self, RaceCommand.self, ScaleCommand.self, SweepCommand.self, ExportCommand.self, BenchCommand.self, Levels.self, Check.self],
        defaultSubcommand: Play.self)

    static func main() {
        Console.prepare()
        main(nil)
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}

/// Loads LEVEL (a path or a bundled level's name), or prints its FILE:LINE:COL errors and exits 1.
func loadLevel(_ level: String, scale: Int = 1) throws -> Level {
    let loaded: Level
    do {
        loaded = try LevelCatalog.load(level)
    } catch {
        printError(error)
        throw ExitCode(1)
    }
    if let refusal = loaded.scaleRefusal(scale) { throw ValidationError(refusal) }
    return loaded.scaled(by: scale)
}

/// `--scale K` (DESIGN §9), the same on every command that takes it.
struct ScaleOption: ParsableArguments {
    @Option(help: "Make each grid cell a K x K block (walls, cliffs, floor and rewarded cells fill it; a start, goal, hole or portal keeps its top-left cell), for Example 8.4's growing mazes.")
    var scale = 1
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

/// `--policy` (DESIGN §7) for the prediction methods among `methods`: control methods learn
/// their own policy and refuse it; a bad file is reported at its FILE:LINE:COL, exit 1.
func loadPolicy(_ policy: String, for model: Model, methods: [MethodInfo]) throws -> TargetPolicy {
    let control = methods.filter { !$0.isPrediction }.map(\.id)
    guard control.isEmpty else {
        let prediction = Methods.all.filter(\.isPrediction).map(\.id).joined(separator: ", ")
        throw ValidationError("\(control.joined(separator: ", ")) \(control.count == 1 ? "is a control method" : "are control methods"): it learns its own policy; --policy gives prediction methods (\(prediction)) a target policy")
    }
    do {
        return try PolicyCatalog.load(policy, for: model)
    } catch {
        printError(error)
        throw ExitCode(1)
    }
}

/// Prints an error to standard error, each line as it is (level errors are FILE:LINE:COL: ...).
func printError(_ error: any Error) {
    printError("\(error)")
}

/// Prints a message to standard error, its control characters made visible.
func printError(_ message: String) {
    Console.err(message)
}
