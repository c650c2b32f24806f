import TOMLKit

/// Turns a parsed TOML table into a `Level`, collecting every problem with its position.
struct LevelReader {
    let file: String
    let locator: SourceLocator
    let table: TOMLTable
    var problems: ProblemCollector

    init(file: String, locator: SourceLocator, table: TOMLTable) {
        self.file = file
        self.locator = locator
        self.table = table
        problems = ProblemCollector(file: file)
    }

    /// The top-level keys of a level (DESIGN §2, §9): what each may hold and the one message
    /// for it.
    static let schema = KeySchema(rules: [
        .string("name", stringMessage("name")), .string("about", stringMessage("about")),
        .number("gamma", valid: "a number with 0 < gamma <= 1") { $0 > 0 && $0 <= 1 },
        .number("step_reward", valid: LevelParser.rewardRange) { abs($0) <= LevelParser.maxReward },
        .number("bump_reward", valid: LevelParser.rewardRange) { abs($0) <= LevelParser.maxReward },
        .number("slip", valid: "a number with 0 <= slip <= 1") { $0 >= 0 && $0 <= 1 },
        .other("actions"), .other("wind"),
        .integer("max_steps", in: 1...LevelParser.maxEpisodeCap, valid: "an integer from 1 to \(LevelParser.maxEpisodeCap)"),
        .string("map", stringMessage("map")), .other("legend"), .other("change"), .other("defaults"),
    ], unknown: { key in
        KeySchema.unknownKey(key, suggesting: LevelParser.topLevelKeys, "valid keys are \(LevelParser.topLevelKeys.joined(separator: ", "))")
    })

    /// The keys of an `[mdp]` level (DESIGN §6): a level's, the grid's among them reported
    /// on their own.
    static let mdpSchema = KeySchema(rules: schema.rules + [.other("mdp")], unknown: { key in
        KeySchema.unknownKey(key, suggesting: LevelParser.topLevelKeys, "valid keys of an [mdp] level are name, about, gamma, max_steps, [mdp] and [defaults]")
    })

    private static func stringMessage(_ key: String) -> String { "`\(key)` must be a string in quotes, e.g. \(key) = \"...\"" }

    /// The level's top-level table read against `schema`, values placed by the locator.
    private var keys: SchemaTable { Self.schema.reading(table, at: locator.value) }

    /// The keys of a level that only a grid has (errors in an `[mdp]` level).
    static let gridKeys = ["step_reward", "bump_reward", "slip", "actions", "wind", "legend", "map", "change"]

    mutating func read(id: String) -> Level? {
        if table["mdp"] != nil { return readMDPLevel(id: id) }
        keys.reportUnknownKeys(at: locator.key, to: &problems)
        let name = readName()
        let about = keys.string("about", &problems) ?? ""
        let gamma = keys.number("gamma", &problems) ?? 0.9
        let stepReward = keys.number("step_reward", &problems) ?? 0
        let bumpReward = keys.number("bump_reward", &problems) ?? stepReward
        let slip = keys.number("slip", &problems) ?? 0
        let actions = readActions()
        let maxSteps = keys.integer("max_steps", &problems)
        let legend = readLegend()
        guard let map = readMap(legend: legend, stepReward: stepReward) else { return nil }
        let wind = readWind(cols: map.cols)
        let schedule = readChanges(map)
        let defaults = readDefaults()
        guard let name, let actions, problems.isEmpty else { return nil }
        var level = Level(id: id, name: name, about: about, gamma: gamma, stepReward: stepReward,
                          bumpReward: bumpReward, slip: slip, actions: actions, wind: wind,
                          maxSteps: maxSteps, rows: map.rows, cols: map.cols, file: file,
                          mapOrigin: (map.origin.line, map.origin.column),
                          palette: map.palette, grid: map.grid)
        if !schedule.isEmpty { level.schedule = [ScheduledMap(at: 0, grid: map.grid)] + schedule }
        level.defaults = defaults
        return level
    }

    /// A level of DESIGN §6: name, about, gamma, max_steps and an `[mdp]` table.
    private mutating func readMDPLevel(id: String) -> Level? {
        Self.mdpSchema.reportUnknownKeys(of: table, at: locator.key, to: &problems)
        for key in Self.gridKeys where table[key] != nil {
            problems.report(locator.key(key), key == "map"
                ? "a level holds either a `map` or an [mdp] table, never both"
                : "`\(key)` is a key of grid levels; an [mdp] level has name, about, gamma, max_steps and [mdp]")
        }
        let name = readName()
        let about = keys.string("about", &problems) ?? ""
        let builtin = table["mdp"]?.table?["builtin"]?.string
        let gamma = keys.number("gamma", &problems) ?? builtin.flatMap(BuiltinModels.gamma(of:)) ?? 0.9
        let maxSteps = keys.integer("max_steps", &problems)
        var reader = MDPReader(file: file, locator: locator, table: table)
        let mdp = reader.read(gammaGiven: table["gamma"] != nil)
        problems.append(reader.problems.problems)
        let defaults = readDefaults()
        guard let name, let mdp, problems.isEmpty else { return nil }
        var level = Level(id: id, name: name, about: about, gamma: gamma, stepReward: 0, bumpReward: 0, slip: 0, actions: [], wind: [],
                     maxSteps: maxSteps, rows: mdp.layout.count, cols: mdp.layout.first?.count ?? 0, file: file, mdp: mdp,
                     mapOrigin: (1, 1), palette: [], grid: [])
        level.defaults = defaults
        return level
    }

    // MARK: - Scalars

    private mutating func readName() -> String? {
        guard table["name"] != nil else {
            problems.report(.start, "missing required key `name`; add a line such as name = \"My Level\"")
            return nil
        }
        guard let name = keys.string("name", &problems) else { return nil }
        if name.allSatisfy(\.isWhitespace) {
            problems.report(locator.value("name"), "`name` is empty; give the level a name, e.g. name = \"My Level\"")
        }
        return name
    }

    private mutating func readActions() -> [Direction]? {
        let all = Direction.allCases.map(\.id).joined(separator: " ")
        guard let value = table["actions"] else { return [.n, .e, .s, .w] }
        guard value.type == .array, let array = value.array else {
            problems.report(locator.value("actions"), "`actions` must be an array of action ids, e.g. [\"N\", \"E\", \"S\", \"W\"]; valid ids: \(all)")
            return nil
        }
        guard !array.isEmpty else {
            problems.report(locator.value("actions"), "`actions` is empty; list at least one of \(all)")
            return nil
        }
        var actions: [Direction] = []
        for (i, element) in array.enumerated() {
            let at = locator.arrayElement("actions", index: i)
            guard element.type == .string, let id = element.string, let direction = Direction(id: id) else {
                problems.report(at, "unknown action \(element.type == .string ? "`\(element.string ?? "")`" : "(not a string)"); valid ids: \(all)")
                continue
            }
            if actions.contains(direction) {
                problems.report(at, "action `\(id)` is listed twice; each action may appear once")
                continue
            }
            actions.append(direction)
        }
        return actions
    }

    private mutating func readWind(cols: Int) -> [Int] {
        guard let value = table["wind"] else { return [] }
        guard value.type == .array, let array = value.array else {
            problems.report(locator.value("wind"), "`wind` must be an array of integers, one per map column (\(cols))")
            return []
        }
        guard array.count == cols else {
            problems.report(locator.value("wind"), "`wind` has \(array.count) entries but the map has \(cols) columns; give one integer per column")
            return []
        }
        var wind: [Int] = []
        for (i, element) in array.enumerated() {
            guard element.type == .int, let push = element.int else {
                problems.report(locator.arrayElement("wind", index: i), "wind entry \(i + 1) must be an integer (cells pushed north; negative pushes south)")
                return []
            }
            wind.append(push)
        }
        return wind.allSatisfy { $0 == 0 } ? [] : wind
    }

    // MARK: - Map

    struct Map {
        var rows: Int
        var cols: Int
        var palette: [Tile]
        var grid: [UInt16]
        var origin: SourceLocator.Position
    }

    private mutating func readMap(legend: [Character: LegendEntry], stepReward: Double) -> Map? {
        guard table["map"] != nil else {
            problems.report(.start, "missing required key `map`; add map = \"\"\" ... \"\"\" with one line per grid row")
            return nil
        }
        guard let text = keys.string("map", &problems) else { return nil }
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        var firstRowOffset = 0
        while let first = lines.first, first.isEmpty { lines.removeFirst(); firstRowOffset += 1 }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let firstLine = lines.first else {
            problems.report(locator.value("map"), "the map is empty; write one line of characters per grid row")
            return nil
        }
        let rows = lines.count
        let cols = firstLine.count
        guard rows * cols <= LevelParser.maxCells else {
            problems.report(locator.value("map"), "the map has \(rows) x \(cols) = \(rows * cols) cells; at most \(LevelParser.maxCells) are allowed")
            return nil
        }
        func position(_ row: Int, _ col: Int) -> SourceLocator.Position {
            locator.mapCharacter(row: row + firstRowOffset, col: col)
        }

        var palette: [Tile] = []
        var paletteIndex: [Character: UInt16] = [:]
        var ascii = [UInt16](repeating: .max, count: 128)
        for (symbol, entry) in legend.sorted(by: { $0.key < $1.key }) {
            let index = UInt16(palette.count)
            let reward = entry.kind == .wall ? 0 : (entry.reward ?? stepReward)
            palette.append(Tile(symbol: symbol, kind: entry.kind, reward: reward, portalTarget: nil))
            paletteIndex[symbol] = index
            if let byte = symbol.asciiValue { ascii[Int(byte)] = index }
        }

        var grid = [UInt16](repeating: 0, count: rows * cols)
        var unknown = 0
        var firstCell = [Int](repeating: -1, count: palette.count)
        var count = [Int](repeating: 0, count: palette.count)
        for (r, line) in lines.enumerated() {
            let width = line.utf8.allSatisfy({ $0 < 128 }) ? line.utf8.count : line.count
            if width != cols {
                problems.report(position(r, min(width, cols)), "map row \(r + 1) has \(width) cells but row 1 has \(cols); every row must have the same width (use # for walls, . for floor)")
                continue
            }
            var c = 0
            func place(_ index: UInt16, _ symbol: @autoclosure () -> Character) {
                if index == .max {
                    unknown += 1
                    if unknown <= 10 {
                        let shown = symbol()
                        let hint = shown == " " || shown == "\t" ? "spaces are not cells; use . for floor" : "define it in [legend]"
                        problems.report(position(r, c), "unknown map character `\(shown)`; built-in are . # S G H, or \(hint)")
                    }
                } else {
                    let i = r * cols + c
                    grid[i] = index
                    if firstCell[Int(index)] < 0 { firstCell[Int(index)] = i }
                    count[Int(index)] += 1
                }
                c += 1
            }
            if width == line.utf8.count {
                for byte in line.utf8 { place(ascii[Int(byte)], Character(Unicode.Scalar(byte))) }
            } else {
                for symbol in line { place(paletteIndex[symbol] ?? .max, symbol) }
            }
        }
        if unknown > 10 {
            problems.report(locator.value("map"), "\(unknown - 10) more unknown map characters not listed")
        }
        guard problems.isEmpty else { return nil }

        for (i, cell) in palette.enumerated() where cell.kind == .portal {
            guard let target = legend[cell.symbol]?.target else { continue }
            let at = locator.legendField(String(cell.symbol), "to", value: true)
            guard let t = paletteIndex[target], count[Int(t)] == 1 else {
                let n = paletteIndex[target].map { count[Int($0)] } ?? 0
                problems.report(at, "portal target `\(target)` appears \(n) times in the map; it must appear exactly once")
                continue
            }
            let kind = palette[Int(t)].kind
            guard kind != .wall && kind != .cliff else {
                problems.report(at, "portal target `\(target)` is a \(kind.rawValue); a portal must lead to a cell that is not a wall or a cliff")
                continue
            }
            palette[i].portalTarget = firstCell[Int(t)]
        }
        let used = { (kind: CellKind) in palette.indices.contains { palette[$0].kind == kind && count[$0] > 0 } }
        if used(.cliff) && !used(.start) {
            let cliff = palette.indices.filter { palette[$0].kind == .cliff && count[$0] > 0 }.map { firstCell[$0] }.min() ?? 0
            problems.report(position(cliff / cols, cliff % cols), "this level has a cliff but no start cell; a cliff sends the agent back to a start cell, so mark one with S")
        }
        let standable = palette.indices.contains { count[$0] > 0 && !palette[$0].kind.isTerminal && palette[$0].kind != .wall && palette[$0].kind != .cliff }
        if !standable && !problems.problems.contains(where: { $0.message.hasPrefix("unknown map character") || $0.message.hasPrefix("map row") }) {
            problems.report(locator.value("map"), "the map has no cell an agent can stand on (only walls, goals, holes and cliffs); add a start S or floor .")
        }
        return Map(rows: rows, cols: cols, palette: palette, grid: grid, origin: position(0, 0))
    }
}
