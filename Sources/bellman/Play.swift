import ArgumentParser
import Foundation
import BellmanCore
import BellmanTUI

/// `bellman play` (and `bellman` alone): the ncurses playground.
struct Play: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the playground: a live heatmap of the values while a solver steps (the default command).",
        discussion: "Keys: " + KeyMap.bindings.map { "\($0.keys) \($0.meaning)" }.joined(separator: "; ") + ".")

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

    @Option(help: "A target policy for the prediction methods: a policy file or a bundled policy's name (DESIGN section 7; t changes it per state, T saves it). Starts on policy-evaluation unless --method names another prediction method.")
    var policy: String?

    func run() throws {
        if let load {
            guard policy == nil, parameters.given.isEmpty else {
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
        let loaded = try loadLevel(level)
        let start = try method.map { id in
            guard let info = Methods.named(id) else {
                throw ValidationError("unknown method `\(id)`; valid: \(Methods.all.map(\.id).joined(separator: ", "))")
            }
            return info
        }
        let compared = try compare.map { list in
            let ids = list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            guard (2...4).contains(ids.count) else { throw ValidationError("--compare takes 2 to 4 method ids, e.g. --compare sarsa,q-learning") }
            for id in ids where Methods.named(id) == nil {
                throw ValidationError("unknown method `\(id)`; valid: \(Methods.all.map(\.id).joined(separator: ", "))")
            }
            return ids
        }
        var target: TargetPolicy?
        var first = start
        if let policy {
            first = start ?? Methods.named("policy-evaluation")
            let methods = compared.map { $0.compactMap(Methods.named) } ?? [first].compactMap { $0 }
            target = try loadPolicy(policy, for: Model(loaded), methods: methods)
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
        playground.exportDirectory = exportDir
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
        if let savePath { playground.savePath = savePath }
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

/// The playground's runtime: the one loop that reads input, feeds `update`, applies its
/// effects, and draws the screen when something changed.
struct Playground {
    let terminal: Terminal
    let engine = SolverEngine()
    var state: AppState

    /// The open level's file, when it came from one (not a bundled level).
    var watcher: LevelWatcher?
    /// `--record`: every screen drawn goes into an asciicast file.
    var recording: Recording?
    /// Where `X` writes.
    var exportDirectory = "bellman-exports"
    /// Where `S` saves; a session to open at the start (`--load`).
    var savePath = "bellman-session.json"
    var session: Session?
    /// How often a watched file is looked at while nothing else wakes the loop.
    static let watchMilliseconds: Int32 = 400

    init(terminal: Terminal, level: Level, method: MethodInfo?) {
        self.terminal = terminal
        state = AppState(level: level, levelNames: LevelCatalog.names, width: terminal.width, height: terminal.height,
                         colorMode: terminal.colorMode, unicode: terminal.unicode)
        if let method {
            state.family = method.family
            state.methodOfFamily[method.family] = method.id
        }
    }

    /// Runs until `q` or a quit signal; returns the signal (0 for `q`).
    mutating func run() -> Int32 {
        defer { engine.shutdown() }
        if let session {
            // The session's level and method, started from its initial parameters and replayed.
            perform(update(&state, .startSession(session)))
        } else {
            perform(update(&state, .start))
        }
        if state.lesson != nil { perform(openLessonStep(&state)) }
        var needsDraw = true
        while !state.quitRequested {
            if Signals.pending != 0 { return Signals.pending }
            if Signals.stopPending {
                terminal.suspend()
                needsDraw = true
            }
            let snapshot = engine.snapshot
            if snapshot.version != state.snapshot.version {
                _ = update(&state, .snapshot(snapshot))
                needsDraw = true
            }
            if needsDraw {
                let canvas = Screen.render(state)
                terminal.draw(canvas)
                if let stopped = recording?.add(canvas) { state.status = stopped }
                needsDraw = false
            }
            // Block on input while nothing moves (no CPU while paused); poll at ~30 fps otherwise.
            // A watched file is looked at a few times a second even then (a stat: no CPU to speak of).
            let timeout: Int32 = state.running || state.needsPolling ? 33 : watcher == nil ? -1 : Self.watchMilliseconds
            if let event = terminal.nextEvent(timeoutMilliseconds: timeout) {
                perform(update(&state, .input(event)))
                needsDraw = true
            }
            if reloadIfChanged() { needsDraw = true }
        }
        return 0
    }

    /// `X`: the screen as text and ANSI, the values and the curves, into a new folder named
    /// after the level, the method and the tick (`-2`, `-3`, ... when that name is taken: an
    /// export never replaces one before it); returns what to tell the user.
    private func exportNow() -> String {
        let base = "\(state.level.id.fileNameComponent(fallback: "level"))-\(state.method.id)-\(state.snapshot.counters.ticks)"
        var screen = state
        screen.status = nil
        let canvas = Screen.render(screen)
        do {
            try FileManager.default.createDirectory(atPath: exportDirectory, withIntermediateDirectories: true)
            var name = base
            var suffix = 1
            while true {
                let folder = exportDirectory + "/" + name
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
                    break
                } catch where FileManager.default.fileExists(atPath: folder) && suffix < 1_000 {
                    suffix += 1
                    name = "\(base)-\(suffix)"
                }
            }
            let files = [("frame.txt", canvas.text + "\n"), ("frame.ans", canvas.ansiText),
                         ("values.csv", Exports.valuesCSV(model: state.model, snapshot: state.snapshot)),
                         ("curves.csv", Exports.curvesCSV(snapshot: state.snapshot, family: state.method.family)),
                         ("policy.toml", Exports.policyTOML(model: state.model, snapshot: state.snapshot, method: state.method))]
            for (file, text) in files {
                try OutputFile(checking: "\(exportDirectory)/\(name)/\(file)", kind: "export").write(Data(text.utf8))
            }
            return "exported to \(exportDirectory)/\(name)/: \(files.map(\.0).joined(separator: ", "))"
        } catch {
            return "cannot export: \(error)"
        }
    }

    /// `T`: the target policy as a policy file in the export folder, under a new name (an
    /// earlier one is never replaced).
    private func savePolicyNow() -> String {
        let model = state.model
        let policy = state.targetPolicy ?? TargetPolicy.random(for: model)
        let base = "\(state.level.id.fileNameComponent(fallback: "level"))-policy"
        do {
            try FileManager.default.createDirectory(atPath: exportDirectory, withIntermediateDirectories: true)
            var path = "\(exportDirectory)/\(base).toml"
            var suffix = 1
            while FileManager.default.fileExists(atPath: path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil {
                suffix += 1
                guard suffix < 1_000 else { return "cannot save the policy: \(exportDirectory) has \(base) -2 to -999 already" }
                path = "\(exportDirectory)/\(base)-\(suffix).toml"
            }
            let text = policy.toml(model: model, about: "The target policy set in Bellman's playground on \(state.level.name)")
            try OutputFile(checking: path, kind: "policy").write(Data(text.utf8))
            let chosen = policy.chosenStates(model: model).count
            return "policy saved: \(path) (\(chosen) states set, the rest random; use it with --policy)"
        } catch {
            return "cannot save the policy: \(error)"
        }
    }

    /// `S`: the session at the tick on screen (a rewound one included). It replaces an earlier
    /// session at the save path, never a file of another kind.
    private func saveNow() -> String {
        let s = state.snapshot
        guard let initial = s.initialParameters, s.model === state.model else { return "nothing to save yet" }
        do {
            if Session.isSessionFile(savePath) == false {
                return "\(savePath) is not a Bellman session: S leaves it alone; give another path with --save"
            }
            let target = try OutputFile(checking: savePath, kind: "session")
            let session = Session(levelID: state.level.id, file: state.level.file, source: state.level.source, method: state.method.id,
                                  initial: initial, changes: s.parameterChanges, counters: s.counters, values: s.values, q: s.q)
            try target.write(try session.json())
            return "saved the session at tick \(s.counters.ticks) to \(savePath) (bellman play --load \(savePath))"
        } catch {
            return "\(error)"
        }
    }

    /// Hot reload: when the watched file changed, parse it again; a good edit restarts
    /// learning on it, a broken one is reported and the last good level goes on.
    private mutating func reloadIfChanged() -> Bool {
        guard var watcher, watcher.changed() else { return false }
        self.watcher = watcher
        do {
            let level = try LevelParser.parse(contentsOf: URL(fileURLWithPath: watcher.path), displayName: watcher.path)
            perform(update(&state, .levelReloaded(level)))
        } catch {
            _ = update(&state, .levelReloadFailed("\(error)"))
        }
        return true
    }

    private mutating func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .engine(let command):
                engine.send(command)
            case .loadLevel(let name):
                watcher = nil  // another level now: the file is no longer the one on screen
                do {
                    let level = try LevelCatalog.load(name)
                    perform(update(&state, .levelLoaded(level)))
                } catch {
                    _ = update(&state, .levelFailed("\(error)"))
                }
            case .export:
                state.status = exportNow()
            case .saveSession:
                state.status = saveNow()
            case .savePolicy:
                state.status = savePolicyNow()
            case .quit:
                state.quitRequested = true
            }
        }
    }
}

/// `--record`: an asciicast written as the screens are drawn, so a long session needs no memory.
/// A write that fails (a full disk) or a recording past `maxBytes` stops the recording, keeps
/// the screens written whole, and says so; the playground goes on.
struct Recording {
    /// The largest recording written (about an hour of a busy screen).
    static let maxBytes = 1 << 30
    let file: OutputWriter
    var recorder: AsciicastRecorder
    let start = Date()
    /// Why the recording stopped early, for the status line and the exit message.
    private(set) var failure: String?

    /// Adds a screen; returns a message when the recording stops here.
    mutating func add(_ canvas: Canvas) -> String? {
        guard failure == nil else { return nil }
        recorder.add(canvas, at: Date().timeIntervalSince(start))
        return append(recorder.drain())
    }

    /// Writes the rest and puts the file in place.
    mutating func finish() {
        if failure == nil { _ = append(recorder.drain()) }
        do { try file.finish() } catch { failure = failure ?? "\(error)" }
    }

    private mutating func append(_ text: String) -> String? {
        let whole = file.written
        let data = Data(text.utf8)
        do {
            guard whole + data.count <= Self.maxBytes else {
                throw OutputError("\(file.file.path): the recording reached \(Self.maxBytes >> 20) MB, the most Bellman writes")
            }
            try file.write(data)
            return nil
        } catch {
            // Back to the last whole screen, so what was recorded still plays.
            file.truncate(to: whole)
            failure = "\(error); recording stopped, the screens before are kept"
            return failure
        }
    }
}
