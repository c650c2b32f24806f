#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BellmanCore
import Foundation

/// What the playground and `bellman export` write for use outside the terminal: the values,
/// action values and greedy policy as CSV, the curves as CSV, and asciicast recordings.
public enum Exports {
    /// One row per cell that is a state: position, kind, V, Q per action (when learned) and
    /// the greedy action (the first best; empty on terminals).
    public static func valuesCSV(model: Model, snapshot: Snapshot) -> String {
        let actions = model.isGrid ? (0..<model.actionCount).map { model.direction(of: $0).id } : []
        var lines = [model.isGrid ? "row,col,state,kind,V," + actions.map { "Q_\($0)" }.joined(separator: ",") + ",greedy"
                                  : "row,col,state,id,kind,V,Q,greedy"]
        let n = model.stateCount
        let values = snapshot.values.count == n ? snapshot.values : Array(repeating: 0, count: n)
        let q = snapshot.q.flatMap { $0.count == n * model.actionCount ? $0 : nil }
        let gamma = snapshot.parameters?.gamma ?? model.level.gamma
        let greedy = Runner.greedyPolicy(policyTable: snapshot.policyTable, q: q, values: values, gamma: gamma, in: model)
        for s in 0..<n {
            let (row, col) = model.position(of: s)
            var fields = ["\(row)", "\(col)", "\(s)"] + (model.isGrid ? [] : [model.name(of: s)])
            fields += [model.isGrid ? model.kindOfState[s].rawValue : model.isTerminal[s] ? "terminal" : "state", number(values[s])]
            if model.isGrid {
                fields += (0..<model.actionCount).map { a in q.map { number($0[s * model.actionCount + a]) } ?? "" }
            } else {
                // Q of a state's own actions, "name=value" separated by spaces.
                fields.append(q.map { q in (0..<model.actionCount(of: s)).map { "\(model.actionName(s, $0))=\(number(q[s * model.actionCount + $0]))" }.joined(separator: " ") } ?? "")
            }
            fields.append(greedy[s] >= 0 ? model.actionName(s, greedy[s]) : "")
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The curves: per episode its sum of rewards, steps and discounted return (DP: the
    /// largest change per sweep), and the RMS error against the truth by samples (DP:
    /// sweeps). The curves hold the latest 20,000 points.
    public static func curvesCSV(snapshot: Snapshot, family: Family) -> String {
        var lines = ["series,x,y"]
        let first = max(0, (family == .dp ? snapshot.counters.sweeps : snapshot.counters.episodes) - snapshot.progress.count)
        let series = family == .dp ? [("max_delta", snapshot.progress)]
            : [("rewards", snapshot.progress), ("steps", snapshot.episodeSteps), ("return", snapshot.episodeReturns)]
        for (name, values) in series {
            for (i, y) in values.enumerated() { lines.append("\(name),\(first + i + 1),\(number(y))") }
        }
        for point in snapshot.errors { lines.append("rms,\(point.x),\(number(point.rms))") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The greedy policy of the values on screen as a policy file (DESIGN §7): tied best
    /// actions equally likely, states with no preference yet left to the random policy.
    public static func policyTOML(model: Model, snapshot: Snapshot, method: MethodInfo) -> String {
        let n = model.stateCount
        let values = snapshot.values.count == n ? snapshot.values : Array(repeating: 0, count: n)
        let q = snapshot.q.flatMap { $0.count == n * model.actionCount ? $0 : nil }
        let gamma = snapshot.parameters?.gamma ?? model.level.gamma
        let ties = snapshot.counters.backups == 0 ? Array(repeating: [], count: n)
            : Runner.greedyTies(q: q, values: values, gamma: gamma, in: model, policyTable: snapshot.policyTable)
        let policy = TargetPolicy.greedy(ties, for: model)
        return policy.toml(model: model, about: "The greedy policy of \(method.id) after \(snapshot.counters.ticks) ticks on \(model.level.name) (Bellman export)")
    }

    static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }

    /// The files `names` in the folder `folder` (created with any missing parent), each
    /// checked as every written file is (`OutputFile`), before the run: a folder that cannot
    /// be made, or one holding an earlier export that `overwrite` does not allow replacing, is
    /// refused with what is in the way and what to do.
    public static func targets(in folder: String, names: [String], overwrite: Bool) throws -> [OutputFile] {
        try makeFolder(folder)
        let taken = names.filter { FileManager.default.fileExists(atPath: "\(folder)/\($0)") }
        if !taken.isEmpty && !overwrite {
            throw OutputError("\(folder): already holds \(taken.joined(separator: ", ")); give an empty or new folder, or --overwrite to replace them")
        }
        return try names.map { try OutputFile(checking: "\(folder)/\($0)", kind: "export") }
    }

    /// Makes `path` and its missing parents folders; a part that is a file, or a folder that
    /// cannot be created, is named with the reason.
    static func makeFolder(_ path: String) throws {
        func fail(_ why: String) -> OutputError { OutputError("\(path): cannot write the export: \(why)") }
        guard !path.isEmpty else { throw OutputError("cannot write the export to an empty path; give a folder name") }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
            var info = stat()
            if stat(prefix, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFDIR else {
                    let what = info.st_mode & S_IFMT == S_IFREG ? "a file, not a folder" : "not a folder"
                    throw fail("\(prefix == path ? "it" : prefix) is \(what); give a new or empty folder")
                }
            } else if mkdir(prefix, 0o777) != 0 && errno != EEXIST {
                throw fail("cannot create the folder \(prefix): \(String(cString: strerror(errno))); give a folder you can write to")
            }
        }
    }
}

/// An asciicast v2 recording (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header
/// line, then one `[seconds, "o", text]` line per frame, each frame a full redraw in ANSI.
/// `asciinema play FILE` replays it; asciinema-player embeds it in a course page.
public struct AsciicastRecorder: Sendable {
    public private(set) var lines: [String]
    private var size: (width: Int, height: Int)
    private var last: Double = -1

    public init(width: Int, height: Int, title: String, timestamp: Int = Int(Date().timeIntervalSince1970)) {
        size = (width, height)
        let header = JSONWriter.Value.object([
            ("version", .int(2)), ("width", .int(width)), ("height", .int(height)), ("timestamp", .int(timestamp)),
            ("title", .string(title)), ("env", .object([("TERM", .string("xterm-256color"))])),
        ])
        lines = [JSONWriter.render(header)]
    }

    /// Adds a frame shown at `seconds` since the start (a resize event first if its size changed).
    public mutating func add(_ canvas: Canvas, at seconds: Double) {
        let time = max(seconds, last)
        last = time
        if canvas.width != size.width || canvas.height != size.height {
            size = (canvas.width, canvas.height)
            lines.append(event(time, "r", "\(canvas.width)x\(canvas.height)"))
        }
        let frame = "\u{1B}[H\u{1B}[2J" + canvas.ansiLines().joined(separator: "\r\n")
        lines.append(event(time, "o", frame))
    }

    public var text: String { lines.joined(separator: "\n") + "\n" }

    /// The lines not yet taken, for writing a long recording as it goes; they are forgotten.
    public mutating func drain() -> String {
        defer { lines.removeAll(keepingCapacity: true) }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    private func event(_ time: Double, _ kind: String, _ data: String) -> String {
        JSONWriter.render(.array([.number((time * 1_000).rounded() / 1_000), .string(kind), .string(data)]))
    }
}
