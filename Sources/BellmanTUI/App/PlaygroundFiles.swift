#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BellmanCore
import Foundation

/// Where the playground writes (`--export-dir`, `--save`), and the writing itself: each
/// effect returns the event that says what happened (`.reported`), so the run loop only
/// passes results back to `update`.
public struct PlaygroundFiles: Sendable {
    /// Where `X` and `T` write, a folder.
    public var exportDirectory = "bellman-exports"
    /// Where `S` saves.
    public var savePath = "bellman-session.json"

    public init() {}

    /// A path as the status line shows it: whole, so that a file written into the current
    /// folder says which folder that is.
    static func whole(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// `X`: the screen as text and ANSI, the values and the curves, into a new folder named
    /// after the level, the method and the tick (`-2`, `-3`, ... when that name is taken: an
    /// export never replaces one before it). In compare mode, the screen and each compared
    /// method's values, curves and policy, the files named after the method.
    func export(_ state: AppState) -> AppEvent {
        let level = state.level.id.fileNameComponent(fallback: "level")
        let base = state.compareMethods == nil ? "\(level)-\(state.method.id)-\(state.snapshot.counters.ticks)"
            : "\(level)-compare-\(state.snapshot.counters.samples)"
        var screen = state
        screen.status = nil
        let canvas = Screen.render(screen)
        do {
            try Exports.makeFolder(exportDirectory)
            var name = base
            var suffix = 1
            while mkdir(exportDirectory + "/" + name, 0o777) != 0 {
                guard errno == EEXIST, suffix < 1_000 else {
                    let why = errno == EEXIST ? "it and -2 to -999 are taken" : String(cString: strerror(errno))
                    throw OutputError("\(exportDirectory)/\(name): cannot create the export folder: \(why); give --export-dir a folder you can write to")
                }
                suffix += 1
                name = "\(base)-\(suffix)"
            }
            let files = [("frame.txt", canvas.text + "\n"), ("frame.ans", canvas.ansiText)] + methodFiles(state)
            for (file, text) in files {
                try OutputFile(checking: "\(exportDirectory)/\(name)/\(file)", kind: "export").write(Data(text.utf8))
            }
            return .reported("exported to \(Self.whole(exportDirectory))/\(name)/: \(files.map(\.0).joined(separator: ", "))")
        } catch {
            return .reported("cannot export: \(error)")
        }
    }

    /// The values, curves and greedy policy of the method on screen, or of each compared one
    /// (`METHOD-values.csv`, ...).
    private func methodFiles(_ state: AppState) -> [(String, String)] {
        func files(_ method: MethodInfo, _ snapshot: Snapshot, prefix: String) -> [(String, String)] {
            [(prefix + "values.csv", Exports.valuesCSV(model: state.model, snapshot: snapshot)),
             (prefix + "curves.csv", Exports.curvesCSV(snapshot: snapshot, family: method.family)),
             (prefix + "policy.toml", Exports.policyTOML(model: state.model, snapshot: snapshot, method: method))]
        }
        guard let compared = state.compareMethods else { return files(state.method, state.snapshot, prefix: "") }
        var result: [(String, String)] = []
        for (i, (id, snapshot)) in zip(compared, state.snapshot.compared).enumerated() {
            guard let method = Methods.named(id) else { continue }
            // The same method twice (at other parameters) is told apart by its place.
            let prefix = compared.filter { $0 == id }.count > 1 ? "\(id)-\(i + 1)-" : "\(id)-"
            result += files(method, snapshot, prefix: prefix)
        }
        return result
    }

    /// `T`: the target policy as a policy file in the export folder, under a new name (an
    /// earlier one is never replaced).
    func savePolicy(_ state: AppState) -> AppEvent {
        let model = state.model
        let policy = state.targetPolicy ?? TargetPolicy.random(for: model)
        do {
            guard let path = try newFile(named: "\(state.level.id.fileNameComponent(fallback: "level"))-policy") else {
                return .reported("cannot save the policy: \(exportDirectory) has it and -2 to -999 already")
            }
            let text = policy.toml(model: model, about: "The target policy set in Bellman's playground on \(state.level.name)")
            try OutputFile(checking: path, kind: "policy").write(Data(text.utf8))
            let chosen = policy.chosenStates(model: model).count
            return .reported("policy saved: \(Self.whole(path)) (\(chosen) states set, the rest random; use it with --policy)")
        } catch {
            return .reported("cannot save the policy: \(error)")
        }
    }

    /// Build mode's `w`: the edited level as a level file in the export folder, under a new
    /// name (an earlier one is never replaced); `bellman check` accepts it and it opens to the
    /// same world.
    func writeLevel(_ state: AppState) -> AppEvent {
        do {
            guard let path = try newFile(named: "\(state.level.id.fileNameComponent(fallback: "level"))-edited") else {
                return .reported("cannot write the level: \(exportDirectory) has it and -2 to -999 already")
            }
            try OutputFile(checking: path, kind: "level").write(Data(LevelWriter.toml(state.level).utf8))
            return .levelWritten("level written to \(Self.whole(path)): bellman check it, or bellman play it", edits: state.edits)
        } catch {
            return .reported("cannot write the level: \(error)")
        }
    }

    /// A path `EXPORT_DIR/BASE.toml` that names nothing yet (`BASE-2.toml`, `-3`, ... when
    /// taken): `T` and build mode's `w` never replace an earlier file. `nil` after 999.
    private func newFile(named base: String) throws -> String? {
        try Exports.makeFolder(exportDirectory)
        for suffix in 1..<1_000 {
            let path = "\(exportDirectory)/\(base)\(suffix == 1 ? "" : "-\(suffix)").toml"
            let taken = FileManager.default.fileExists(atPath: path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
            if !taken { return path }
        }
        return nil
    }

    /// `S`: the session at the tick on screen (a rewound one included). It replaces an earlier
    /// session at the save path, never a file of another kind.
    func saveSession(_ state: AppState) -> AppEvent {
        let s = state.snapshot
        guard let initial = s.initialParameters, s.model === state.model else { return .reported("nothing to save yet") }
        do {
            if Session.isSessionFile(savePath) == false {
                return .reported("\(savePath) is not a Bellman session: S leaves it alone; give another path with --save")
            }
            let target = try OutputFile(checking: savePath, kind: "session")
            let session = Session(levelID: state.level.id, file: state.level.file, source: state.level.source, scale: state.level.scale, method: state.method.id,
                                  initial: initial, changes: s.parameterChanges, physics: s.worldChanges, drives: s.drives,
                                  counters: s.counters, values: s.values, q: s.q)
            try target.write(try session.json())
            return .reported("saved the session at tick \(s.counters.ticks) to \(Self.whole(savePath)) (bellman play --load \(savePath))")
        } catch {
            return .reported("\(error)")
        }
    }
}
