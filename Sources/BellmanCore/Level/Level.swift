/// What a map cell is (DESIGN §2).
public enum CellKind: String, CaseIterable, Sendable, Hashable {
    case floor, wall, start, goal, hole, cliff, portal

    /// Goal and hole end an episode on entering.
    public var isTerminal: Bool { self == .goal || self == .hole }
}

/// What one map character means once the legend has been applied.
///
/// A level stores one `Tile` per distinct character (its palette) and a small index per map
/// cell, so a 4,000,000-cell map costs 8 MB rather than a struct per cell.
public struct Tile: Sendable, Hashable {
    /// The character in the map.
    public var symbol: Character
    public var kind: CellKind
    /// Reward for entering (floor, start, goal, hole, cliff) or for the jump (portal).
    public var reward: Double
    /// For a portal: the row-major index of its target cell.
    public var portalTarget: Int?
    /// Made in build mode under a spare character (`a`, `b`, ...) that only the written
    /// file's legend needs: the screen shows the kind's own letter.
    public var isBuilt = false

    /// The character the screen shows: the map's, or for a built tile its kind's letter.
    public var shown: Character {
        guard isBuilt else { return symbol }
        switch kind {
        case .floor: return "."
        case .wall: return "#"
        case .start: return "S"
        case .goal: return "G"
        case .hole: return "H"
        case .cliff: return "C"
        case .portal: return symbol
        }
    }
}

/// A parsed, validated level: the contents of a `levels/*.toml` file (DESIGN §2).
public struct Level: Sendable {
    /// The level's short name used on the command line (file name without `.toml`).
    public var id: String
    public var name: String
    public var about: String
    public var gamma: Double
    public var stepReward: Double
    public var bumpReward: Double
    public var slip: Double
    /// The actions in the level's order; this order is the one of `q` in the JSON output.
    public var actions: [Direction]
    /// Northward push per column (negative pushes south); empty when the level has no wind.
    public var wind: [Int]
    /// Episode cap for sample-based methods, as written in the file.
    public var maxSteps: Int?
    public var rows: Int
    public var cols: Int
    /// The file the level was read from, as it is named in messages.
    public var file: String
    /// The finite MDP of an `[mdp]` level (DESIGN §6); `nil` for a grid. An MDP level has no
    /// map: `rows` and `cols` are its layout's, `palette`, `grid` and `actions` are empty.
    public var mdp: MDP?
    /// The text the level was parsed from: what a saved session stores, so saving never reads
    /// the file again (it may have changed, or a different file may stand at that name).
    public var source: String = ""

    /// A grid level, or the model's kind (`gambler`, `explicit MDP`) for others.
    public var kind: String { mdp.map { $0.builtin ?? "explicit MDP" } ?? "grid" }
    /// Where map row 0, column 0 sits in the file (1-based line and column).
    public var mapOrigin: (line: Int, column: Int)

    /// The distinct cell meanings used by the map.
    public var palette: [Tile]
    /// Row-major index into `palette` for each of the `rows * cols` cells.
    public var grid: [UInt16]

    /// The maps of a level whose map changes at scheduled times (`[[change]]`, DESIGN §9), in
    /// order: the level's own at 0, then each change at its number of samples. Empty when the
    /// map never changes.
    public var schedule: [ScheduledMap] = []
    /// Each cell of the file's map is a `scale` x `scale` block here (`--scale`, DESIGN §9).
    public var scale = 1
    /// The method parameters the level sets (`[defaults]`, DESIGN §11).
    public var defaults = LevelDefaults()
    /// With a schedule, the cells that are states in some map (a wall now may be floor
    /// later), so that every map's model has the same states; `nil` without one.
    public var stateCells: [Bool]? {
        guard !schedule.isEmpty else { return nil }
        let isWall = palette.map { $0.kind == .wall }
        return (0..<grid.count).map { cell in schedule.contains { !isWall[Int($0.grid[cell])] } }
    }

    /// The level with its `k`-th scheduled map.
    public func phase(_ k: Int) -> Level {
        guard schedule.indices.contains(k) else { return self }
        var level = self
        level.grid = schedule[k].grid
        return level
    }

    /// The scheduled map in force after `samples` environment steps.
    public func phase(atSamples samples: Int) -> Int {
        schedule.lastIndex { $0.at <= samples } ?? 0
    }

    /// The cell at (row, col). On an `[mdp]` level, the layout's: a wall where it is empty,
    /// a goal for a terminal state (`T`), floor for the others.
    public func cell(_ row: Int, _ col: Int) -> Tile { cell(at: row * cols + col) }

    /// The cell at a row-major index.
    public func cell(at index: Int) -> Tile {
        guard let mdp else { return palette[Int(grid[index])] }
        let s = mdp.layout[index / cols][index % cols]
        if s < 0 { return Tile(symbol: "#", kind: .wall, reward: 0) }
        return mdp.terminal[Int(s)] ? Tile(symbol: "T", kind: .goal, reward: 0) : Tile(symbol: ".", kind: .floor, reward: 0)
    }

    /// `FILE:LINE:COL` of map cell (row, col), 0-based, for messages that name a cell.
    public func sourceLocation(row: Int, col: Int) -> String {
        "\(file):\(mapOrigin.line + row):\((row == 0 ? mapOrigin.column : 1) + col)"
    }

    /// The human name of a cell used in messages and explanations: `r3c4` (0-based, as in the JSON).
    public static func cellName(row: Int, col: Int) -> String { "r\(row)c\(col)" }
}

/// One map of a level's schedule: in force from `at` environment steps (samples) on.
public struct ScheduledMap: Sendable, Equatable {
    public var at: Int
    /// Row-major index into the level's palette, as `Level.grid`.
    public var grid: [UInt16]
}
