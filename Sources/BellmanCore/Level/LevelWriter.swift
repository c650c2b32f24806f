import Foundation

/// A level as a level file (DESIGN §2): what build mode writes, so that `bellman check`
/// accepts it and parsing it gives the same world. Characters keep their meaning: the
/// built-in ones (`.` `#` `S` `G` `H`) where they mean what they mean built in, and a
/// `[legend]` entry for every other.
public enum LevelWriter {
    /// The file's text. A level whose map changes on schedule is written with its first map.
    public static func toml(_ level: Level) -> String {
        var lines = ["name = \(string(level.name))"]
        if !level.about.isEmpty { lines.append("about = \(string(level.about))") }
        lines.append("gamma = \(level.gamma)")
        lines.append("step_reward = \(level.stepReward)")
        lines.append("bump_reward = \(level.bumpReward)")
        lines.append("slip = \(level.slip)")
        lines.append("actions = [\(level.actions.map { string($0.id) }.joined(separator: ", "))]")
        if !level.wind.isEmpty { lines.append("wind = [\(level.wind.map(String.init).joined(separator: ", "))]") }
        if let cap = level.maxSteps { lines.append("max_steps = \(cap)") }
        var map = "map = \"\"\"\n"
        for row in 0..<level.rows {
            let symbols = (0..<level.cols).map { level.palette[Int(level.grid[row * level.cols + $0])].symbol }
            map += escaped(String(symbols), quote: true) + "\n"
        }
        lines.append(map + "\"\"\"")
        let used = Set(level.grid)
        let entries = level.palette.indices.filter { used.contains(UInt16($0)) && !isBuiltIn(level.palette[$0], level) }
        if !entries.isEmpty {
            lines.append("")
            lines.append("[legend]")
            for i in entries { lines.append("\(key(level.palette[i].symbol)) = \(legend(level.palette[i], level))") }
        }
        lines += defaults(level.defaults)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The level's `[defaults]`, so that a written level keeps the book's parameters.
    private static func defaults(_ defaults: LevelDefaults) -> [String] {
        defaults.tables.flatMap { table in
            ["", table.isEmpty ? "[defaults]" : "[defaults.\(table)]"] + defaults.entries(table).map { "\($0.key) = \($0.text)" }
        }
    }

    /// The meaning a character has without a legend.
    static let builtIn: [Character: CellKind] = [".": .floor, "#": .wall, "S": .start, "G": .goal, "H": .hole]

    private static func isBuiltIn(_ tile: Tile, _ level: Level) -> Bool {
        guard let kind = builtIn[tile.symbol], kind == tile.kind, tile.portalTarget == nil else { return false }
        return kind == .wall || tile.reward == level.stepReward
    }

    private static func legend(_ tile: Tile, _ level: Level) -> String {
        var keys = ["kind = \(string(tile.kind.rawValue))"]
        if let target = tile.portalTarget {
            keys.append("to = \(string(String(level.palette[Int(level.grid[target])].symbol)))")
        }
        if tile.kind != .wall { keys.append("reward = \(tile.reward)") }
        return "{ " + keys.joined(separator: ", ") + " }"
    }

    /// A legend key: bare when TOML allows it, quoted otherwise.
    private static func key(_ symbol: Character) -> String {
        let bare = symbol.isASCII && (symbol.isLetter || symbol.isNumber || symbol == "_" || symbol == "-")
        return bare ? String(symbol) : string(String(symbol))
    }

    /// A TOML basic string.
    static func string(_ text: String) -> String { "\"" + escaped(text, quote: true) + "\"" }

    private static func escaped(_ text: String, quote: Bool) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"" where quote: out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value):
                out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
