import ArgumentParser
import Foundation
import BellmanCore
import BellmanTUI

/// `bellman play` (and `bellman` alone): the ncurses playground.
struct Play: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the playground: a live heatmap of the values while a solver steps (the default command).",
        discussion: "Keys: " + KeyMap.bindings.map { "\($0.keys) \($0.meaning)" }.joined(separator: "; ") + ". "
            + "With --policy, the playground starts on policy-evaluation unless --method names another prediction method; t changes the policy per state, T saves it.")

    @Argument(help: "A level file or a bundled level's name.")
    var level: String = LevelCatalog.defaultLevel

    @Option(help: ArgumentHelp("The method to start with (default: value-iteration).", discussion: "One of: \(Methods.all.map(\.id).joined(separator: ", "))."))
    var method: String?

    @Option(help: "Start in compare mode with these 2 to 4 comma-separated methods side by side, fed the same samples (C toggles it).")
    var compare: String?

    @Option(help: "Record every screen into this asciicast v2 file (play it with `asciinema play FILE`).")
    var record: String?

    @Option(help: "Where X and T write, a folder (relative to the current one).")
    var exportDir = "bellman-exports"

    @Option(help: "Where S saves the session (default: bellman-session.json in the current folder). S replaces an earlier session there, never a file of another kind.")
    var save: String?

    @Option(help: "Open a saved session (from S here or `bellman run --save`): its level, method, parameters and learned state, exactly.")
    var load: String?

    @OptionGroup(title: "Method parameters (of --method, or of each --compare method that uses them)")
    var parameters: MethodParameterOptions

    @OptionGroup var policy: PolicyOption

    @OptionGroup var scaling: ScaleOption

    func run() throws {
        if let load {
            guard policy.file == nil, parameters.given.isEmpty else {
                throw ValidationError("a session has its own parameters; give --policy and method parameters without --load")
            }
            // Checked exactly as `run --load` checks it: every value, every limit, and the
            // tables it claims reproduced by replaying, before the terminal is touched.
            let session: Session
            let restored: (model: Model, method: MethodInfo, solver: any Solver)
            do {
                session = try Session.read(load)
                restored = try session.restore(file: load)
            } catch {
                printError(error)
                throw ExitCode(1)
            }
            try Play.open(level: restored.model.level, path: nil, method: restored.method, compare: nil, record: record,
                          exportDir: exportDir, session: session, savePath: save)
            return
        }
        let loaded = try loadLevel(level, scale: scaling.scale)
        let start = try method.map(Methods.given)
        let compared = try compare.map { list in
            let ids = list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            guard (2...4).contains(ids.count) else { throw ValidationError("--compare takes 2 to 4 method ids, e.g. --compare sarsa,q-learning") }
            for id in ids { _ = try Methods.given(id) }
            return ids
        }
        guard policy.expertFile == nil else {
            throw ValidationError("the playground's imitation learns from the DP-optimal expert; --expert FILE is for run, race, curve and export")
        }
        var target: TargetPolicy?
        var first = start
        if policy.file != nil {
            first = start ?? Methods.named("policy-evaluation")
            let methods = compared.map { $0.compactMap(Methods.named) } ?? [first].compactMap { $0 }
            target = try policy.load(for: Model(loaded), methods: methods)
        } else {
            // The level's target policy (`[defaults] policy`) for the prediction methods.
            do { target = try loaded.defaultPolicy(for: TD0.info, model: Model(loaded)) } catch {
                printError(error)
                throw ExitCode(1)
            }
        }
        // Method parameters, checked as `run` checks them, before the terminal opens.
        var chosen: [String: Parameters] = [:]
        if !parameters.given.isEmpty {
            if let compared {
                let methods = compared.compactMap(Methods.named)
                for name in parameters.given where !methods.contains(where: { $0.parameters.contains(name) }) {
                    throw ValidationError("none of \(compared.joined(separator: ", ")) uses --\(name.rawValue)")
                }
                for method in methods { chosen[method.id] = try parameters.resolve(for: method, level: loaded, lenient: true) }
            } else {
                let method = first ?? Methods.named(AppState.firstMethod)!
                chosen[method.id] = try parameters.resolve(for: method, level: loaded)
            }
        }
        try Play.open(level: loaded, path: level, method: first, compare: compared, record: record, exportDir: exportDir, savePath: save,
                      policy: target, parameters: chosen)
    }

    /// Opens the terminal and runs the playground until `q` or a signal; the terminal is given
    /// back in every case. `path` is watched when it is a file (hot reload); a lesson shows its
    /// captions and sets up its first step.
    static func open(level: Level, path: String?, method: MethodInfo?, compare: [String]?, record: String?,
                     exportDir: String, lesson: Lesson? = nil, session: Session? = nil, savePath: String? = nil,
                     policy: TargetPolicy? = nil, parameters: [String: Parameters] = [:]) throws {
        // Paths the user named are checked before the terminal opens: a bad one fails now.
        let recordFile: OutputFile?
        do {
            recordFile = try record.map { try OutputFile(checking: $0, kind: "recording") }
            if let savePath { _ = try OutputFile(checking: savePath, kind: "session") }
        } catch {
            printError(error)
            throw ExitCode(1)
        }
        let terminal: Terminal
        do {
            terminal = try Terminal.open()
        } catch {
            printError(error)
            throw ExitCode(1)
        }
        Signals.installQuitHandlers()
        Signals.installStopHandler()
        // BELLMAN_CRASH_BACKTRACE=1 leaves crashes to Swift's backtracer (with stderr sent to a
        // file, it names the line), at the cost of a terminal left raw: for hunting a crash.
        if ProcessInfo.processInfo.environment["BELLMAN_CRASH_BACKTRACE"] == nil { Signals.installCrashHandlers() }
        var playground = Playground(terminal: terminal, level: level, method: method)
        playground.files.exportDirectory = exportDir
        if let recordFile {
            do {
                playground.recording = Recording(file: try recordFile.stream(), recorder: AsciicastRecorder(
                    width: terminal.width, height: terminal.height, title: "Bellman: \(lesson?.name ?? level.name)"))
            } catch {
                terminal.close()
                printError(error)
                throw ExitCode(1)
            }
        }
        // A level given as a file is watched: saving it in an editor reloads it (hot reload).
        if let path, FileManager.default.fileExists(atPath: path) {
            playground.watcher = LevelWatcher(path: path)
        }
        playground.state.compareMethods = compare
        playground.state.targetPolicy = policy
        playground.state.parametersOfMethod.merge(parameters) { $1 }
        playground.state.lesson = lesson
        if let savePath { playground.files.savePath = savePath }
        playground.session = session
        if let session, let method { playground.state.parametersOfMethod[method.id] = session.currentParameters }
        let signal = playground.run()
        playground.recording?.finish()
        terminal.close()
        if signal != 0 { throw ExitCode(128 + signal) }
        if let failure = playground.recording?.failure {
            printError(failure)
            throw ExitCode(1)
        }
    }
}
