import ArgumentParser
import BellmanCore

/// `bellman levels`: the bundled levels, one line each.
struct Levels: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the bundled levels, one line each: name, size, title and source.")

    func run() throws {
        let names = LevelCatalog.names
        let width = names.map(\.count).max() ?? 0
        for name in names {
            do {
                let level = try LevelCatalog.load(name)
                let size = level.mdp.map { "\($0.stateCount) states" } ?? "\(level.rows)x\(level.cols)"
                let kind = level.mdp == nil ? "" : "  [\(level.kind) model]"
                let pad = String(repeating: " ", count: width - name.count)
                let sizePad = String(repeating: " ", count: max(1, 12 - size.count))
                try Console.out("\(name)\(pad)  \(size)\(sizePad)\(level.name)\(kind)\(name == LevelCatalog.defaultLevel ? "  (default)" : "")")
            } catch {
                try Console.out("\(name)  (broken: \(error))")
            }
        }
    }
}

/// `bellman check FILE`: validate a level file.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a level file: prints \"ok\" and a summary, or FILE:LINE:COL errors (exit 1).")

    @Argument(help: "A level file (or a bundled level's name).")
    var level: String

    func run() throws {
        let parsed = try loadLevel(level)
        let model = Model(parsed)
        if let mdp = parsed.mdp {
            let terminals = mdp.terminal.filter { $0 }.count
            try Console.out("ok: \(parsed.file): \"\(parsed.name)\", \(parsed.kind) model, \(model.stateCount) states (\(terminals) terminal), \(RunReport.group(model.pairCount)) state-action pairs, \(RunReport.group(mdp.next.count)) outcomes, gamma \(NumberText.plain(parsed.gamma)), episode cap \(model.episodeCap)\(defaultsNote(parsed.defaults))")
            if parsed.gamma == 1, let refusal = model.undiscountedRefusal(method: "DP and Monte Carlo") {
                try Console.out("warning: \(refusal)")
            }
            return
        }
        var kinds: [String] = []
        for kind in CellKind.allCases where kind != .floor && kind != .wall {
            let n = model.kindOfState.lazy.filter { $0 == kind }.count
            if n > 0 { kinds.append("\(n) \(kind.rawValue)\(n == 1 ? "" : "s")") }
        }
        let walls = parsed.rows * parsed.cols - model.stateCount
        if walls > 0 { kinds.append("\(walls) wall\(walls == 1 ? "" : "s")") }
        let changes = parsed.schedule.dropFirst().map { RunReport.group($0.at) }
        let schedule = changes.isEmpty ? "" : ", the map changes after \(changes.joined(separator: ", ")) samples"
        try Console.out("ok: \(parsed.file): \"\(parsed.name)\", \(parsed.rows)x\(parsed.cols), \(model.stateCount) states (\(kinds.joined(separator: ", "))), actions \(parsed.actions.map(\.id).joined(separator: " ")), gamma \(NumberText.plain(parsed.gamma)), slip \(NumberText.plain(parsed.slip))\(parsed.wind.isEmpty ? "" : ", wind"), episode cap \(model.episodeCap)\(schedule)\(defaultsNote(parsed.defaults))")
        if parsed.gamma == 1, let refusal = model.undiscountedRefusal(method: "DP and Monte Carlo") {
            try Console.out("note: \(refusal)")
        }
    }
}

/// What `check` says of a level's `[defaults]`: ", defaults: alpha 1, planning_steps 10
/// (dyna-q: alpha 0.5)".
private func defaultsNote(_ defaults: LevelDefaults) -> String {
    guard !defaults.isEmpty else { return "" }
    let parts = defaults.tables.map { table in
        (table.isEmpty ? "" : "\(table): ") + defaults.entries(table).map { "\($0.key) \($0.text)" }.joined(separator: ", ")
    }
    return ", defaults: " + parts.joined(separator: "; ")
}
