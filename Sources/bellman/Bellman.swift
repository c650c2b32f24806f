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
        version: BellmanVersion.current,
        subcommands: [Play.self, LessonCommand.self, Run.self, RaceCommand.self, ScaleCommand.self, SweepCommand.self, CurveCommand.self, FigureCommand.self, ExportCommand.self, BenchCommand.self, Levels.self, Check.self],
        defaultSubcommand: Play.self)

    static func main() {
        Console.prepare()
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as ValidationError {
            // A check that needs the level (a parameter's range, what a method uses) runs in
            // `run()`, after parsing; ArgumentParser would show the top-level usage for it.
            // The usage is the subcommand's, as for a check made while parsing.
            exit(refusing: error, in: type(of: command))
        } catch {
            exit(withError: error)
        }
    }

    /// Prints `error` with the usage of `subcommand` (`Usage: bellman run ...`) and exits 64,
    /// as ArgumentParser does for an option it refuses while parsing.
    static func exit(refusing error: ValidationError, in subcommand: any ParsableCommand.Type) -> Never {
        let name = subcommand == Bellman.self ? "bellman" : "bellman \(subcommand._commandName)"
        let usage = usageString(for: subcommand).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated().map { $0.offset == 0 ? String($0.element) : "       " + $0.element }.joined(separator: "\n")
        printError("Error: \(error.message)\nUsage: \(usage)\n  See '\(name) --help' for more information.")
        exit(withError: ExitCode.validationFailure)
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

/// Prints an error to standard error, each line as it is (level errors are FILE:LINE:COL: ...;
/// a file that is not there has no line to point at, and the message is the program's).
func printError(_ error: any Error) {
    printError(error is MissingFile ? "bellman: \(error)" : "\(error)")
}

/// Prints a message to standard error, its control characters made visible.
func printError(_ message: String) {
    Console.err(message)
}
