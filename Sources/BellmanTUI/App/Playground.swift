import BellmanCore
import Foundation

/// The playground's runtime: the one loop that reads input, feeds `update`, performs its
/// effects (whose results come back as events), and draws the screen when something
/// changed. It runs on any `TerminalBackend`: ncurses in `bellman play`, a script in tests.
public struct Playground {
    let terminal: any TerminalBackend
    let engine = SolverEngine()
    public var state: AppState

    /// The open level's file, when it came from one (not a bundled level): hot reload.
    public var watcher: LevelWatcher?
    /// `--record`: every screen drawn goes into an asciicast file.
    public var recording: Recording?
    /// Where `X` and `T` write, and where `S` saves.
    public var files = PlaygroundFiles()
    /// A session to open at the start (`--load`).
    public var session: Session?
    /// How often a watched file is looked at while nothing else wakes the loop.
    static let watchMilliseconds: Int32 = 400

    public init(terminal: any TerminalBackend, level: Level, method: MethodInfo?) {
        self.terminal = terminal
        state = AppState(level: level, levelNames: LevelCatalog.names, width: terminal.width, height: terminal.height,
                         colorMode: terminal.colorMode, unicode: terminal.unicode)
        if let method {
            state.family = method.family
            state.methodOfFamily[method.family] = method.id
        }
    }

    /// Runs until `q` or a quit signal; returns the signal (0 for `q`).
    public mutating func run() -> Int32 {
        defer { engine.shutdown() }
        if let session {
            // The session's level and method, started from its initial parameters and replayed.
            perform(update(&state, .startSession(session)))
        } else {
            perform(update(&state, .start))
        }
        if state.tour != nil { perform(update(&state, .openLessonStep)) }
        var needsDraw = true
        while !state.quitRequested {
            if terminal.quitSignal != 0 { return terminal.quitSignal }
            if terminal.suspendIfAsked() { needsDraw = true }
            let snapshot = engine.snapshot
            if snapshot.version != state.snapshot.version {
                _ = update(&state, .snapshot(snapshot))
                needsDraw = true
            }
            if needsDraw {
                let canvas = Screen.render(state)
                terminal.draw(canvas)
                if let stopped = recording?.add(canvas) { _ = update(&state, .reported(stopped)) }
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

    /// Performs effects; what each did comes back to `update` as an event.
    private mutating func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .engine(let command):
                engine.send(command)
            case .loadLevel(let name):
                watcher = nil  // another level now: the file is no longer the one on screen
                do {
                    perform(update(&state, .levelLoaded(try LevelCatalog.load(name))))
                } catch {
                    _ = update(&state, .levelFailed("\(error)"))
                }
            case .export:
                perform(update(&state, files.export(state)))
            case .saveSession:
                perform(update(&state, files.saveSession(state)))
            case .savePolicy:
                perform(update(&state, files.savePolicy(state)))
            case .writeLevel:
                perform(update(&state, files.writeLevel(state)))
            case .quit:
                // `update` has set `quitRequested`: the loop ends on it.
                break
            }
        }
    }
}
