import ArgumentParser
import BellmanCore
import BellmanTUI

/// `bellman lesson`: a guided tour of the playground, one caption at a time.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Open the playground on a guided tour: captions that advance with n and set up the screen.",
        discussion: "Lessons are TOML files (levels/lessons/*.toml in the repository); give a bundled lesson's name or a path to your own. See the README's section for teachers.")

    @Argument(help: "A bundled lesson's name or a lesson file.")
    var lesson: String?

    @Flag(help: "List the bundled lessons.")
    var list = false

    @Option(help: "Record every screen into this asciicast v2 file.")
    var record: String?

    func run() throws {
        if list || lesson == nil {
            let names = LessonCatalog.names
            guard !names.isEmpty else {
                printError("no bundled lessons were found; set BELLMAN_LEVELS to the folder of the bundled levels (levels/ in the repository)")
                throw ExitCode(1)
            }
            // Name, then what the lesson shows, wrapped at spaces to the terminal (80 columns
            // in a file or a pipe), each continuation line under the description's start.
            let width = names.map(\.count).max() ?? 0
            for name in names {
                let about = (try? LessonCatalog.load(name)).map { "\($0.name): \($0.about)" } ?? "(does not load: bellman lesson \(name) says why)"
                try Console.out(WordWrap.hanging(about, after: name.padding(toLength: width + 2, withPad: " ", startingAt: 0), width: Console.width))
            }
            return
        }
        let loaded: Lesson
        do {
            loaded = try LessonCatalog.load(lesson!)
        } catch {
            printError(error)
            throw ExitCode(1)
        }
        let level = try loadLevel(loaded.level)
        for (i, step) in loaded.steps.enumerated() {
            if let scale = step.scale, let refusal = level.scaleRefusal(scale) {
                printError("\(loaded.id): step \(i + 1): scale = \(scale): \(refusal)")
                throw ExitCode(1)
            }
        }
        try Play.open(level: level, path: nil, method: nil, compare: nil, record: record, exportDir: "bellman-exports", lesson: loaded)
    }
}
