import TOMLKit

/// Reads the `[mdp]` table of a level (DESIGN §6) into an `MDP`, collecting every problem
/// with its position: explicit transitions here, built-in models in `BuiltinModels`.
struct MDPReader {
    let file: String
    let locator: SourceLocator
    let table: TOMLTable
    var problems: ProblemCollector

    /// The keys of an explicit `[mdp]` (DESIGN §6.1).
    static let explicitSchema = KeySchema(rules: ["start", "terminal", "layout", "transition", "look_alike"].map(KeyRule.other)) { key in
        let keys = ["start", "terminal", "layout", "transition", "look_alike"]
        return KeySchema.unknownKey(key, in: " in [mdp]", suggesting: keys + ["builtin"], "valid keys are \(keys.joined(separator: ", ")), or builtin = \"NAME\"")
    }

    /// The keys of one `[[mdp.transition]]`.
    static let transitionSchema = KeySchema(rules: ["from", "action", "to"].map { key in
        .string(key, "`\(key)` must be a string of \(idRule)", accepts: isValidID)
    } + [
        .number("p", message: "`p` must be a probability in (0, 1]") { $0 > 0 && $0 <= 1 },
        .other("reward"),
    ]) { key in
        let keys = ["from", "action", "to", "p", "reward"]
        return KeySchema.unknownKey(key, in: " in a transition", suggesting: keys, "valid keys are \(keys.joined(separator: ", "))")
    }
    /// The most transitions an explicit model may list.
    static let maxTransitions = 1_000_000
    static let idRule = "1 to 24 ASCII letters, digits and - _ . , +"

    init(file: String, locator: SourceLocator, table: TOMLTable) {
        self.file = file
        self.locator = locator
        self.table = table
        problems = ProblemCollector(file: file)
    }

    @Sendable static func isValidID(_ id: String) -> Bool {
        (1...24).contains(id.count) && id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.,+".unicodeScalars.contains($0)) }
    }

    /// `gamma` as the level gives it, for a built-in's default.
    mutating func read(gammaGiven: Bool) -> MDP? {
        guard let value = table["mdp"], value.type == .table, let mdp = value.table else {
            problems.report(locator.key("mdp"), "`mdp` must be a table: [mdp] with transitions or builtin = \"NAME\"")
            return nil
        }
        if mdp["builtin"] != nil {
            var builtins = BuiltinModels(reader: self, mdp: mdp)
            let model = builtins.read(gammaGiven: gammaGiven)
            problems = builtins.reader.problems
            return model
        }
        return readExplicit(mdp)
    }

    /// One transition as written.
    private struct Written {
        var index: Int
        var from: String
        var action: String
        var to: String
        var p: Double
        var mean: Double
        var sd: Double
    }

    private mutating func readExplicit(_ mdp: TOMLTable) -> MDP? {
        Self.explicitSchema.reportUnknownKeys(of: mdp, at: { [locator] in locator.mdpKey($0) }, to: &problems)
        guard let list = mdp["transition"], list.type == .array, let array = list.array, !array.isEmpty else {
            problems.report(locator.mdpKey("transition"), "an explicit [mdp] needs at least one [[mdp.transition]] with from, action and to")
            return nil
        }
        guard array.count <= Self.maxTransitions else {
            problems.report(locator.mdpKey("transition"), "\(array.count) transitions; an explicit model may have at most \(Self.maxTransitions)")
            return nil
        }
        var written: [Written] = []
        for (i, element) in array.enumerated() {
            guard element.type == .table, let t = element.table else {
                problems.report(locator.transition(i), "transition \(i + 1) must be a table with from, action and to")
                continue
            }
            let keys = Self.transitionSchema.reading(t) { [locator] in locator.transition(i, $0) }
            keys.reportUnknownKeys(at: { [locator] in locator.transition(i, $0, value: false) }, to: &problems)
            func id(_ key: String) -> String? {
                guard t[key] != nil else {
                    problems.report(locator.transition(i), "transition \(i + 1) has no `\(key)`; every transition needs from, action and to")
                    return nil
                }
                return keys.string(key, &problems)
            }
            let from = id("from"), action = id("action"), to = id("to")
            let p = keys.number("p", &problems) ?? 1
            var mean = 0.0, sd = 0.0
            if let value = t["reward"] {
                if let x = value.number {
                    if abs(x) <= LevelParser.maxReward { mean = x } else { problems.report(locator.transition(i, "reward"), "reward \(x) is out of range; valid: \(LevelParser.rewardRange)") }
                } else if value.type == .table, let r = value.table {
                    let m = r["mean"]?.number, s = r["sd"]?.number
                    let extra = r.keys.filter { $0 != "mean" && $0 != "sd" }
                    if let m, let s, abs(m) <= LevelParser.maxReward, s >= 0, s <= LevelParser.maxReward, extra.isEmpty {
                        mean = m; sd = s
                    } else {
                        problems.report(locator.transition(i, "reward"), "a random reward is { mean = M, sd = S } with both numbers, |M| <= 1000000 and 0 <= S <= 1000000")
                    }
                } else {
                    problems.report(locator.transition(i, "reward"), "`reward` must be a number or { mean = M, sd = S }")
                }
            }
            if let from, let action, let to {
                written.append(Written(index: i, from: from, action: action, to: to, p: p, mean: mean, sd: sd))
            }
        }
        // States by first appearance: the ids of start, then each transition's from, then to.
        var order: [String] = [], index: [String: Int] = [:]
        func add(_ id: String) { if index[id] == nil { index[id] = order.count; order.append(id) } }
        let starts = readIDs(mdp, "start")
        for s in starts?.map(\.id) ?? [] where written.contains(where: { $0.from == s || $0.to == s }) { add(s) }
        for t in written { add(t.from); add(t.to) }
        let hasTransitions = Set(written.map(\.from))
        var terminal = order.map { !hasTransitions.contains($0) }
        if let listed = readIDs(mdp, "terminal") {
            for (id, at) in listed {
                if let s = index[id] {
                    if hasTransitions.contains(id) { problems.report(at, "`\(id)` is listed as terminal but has transitions of its own") }
                    terminal[s] = true
                } else {
                    problems.report(at, "`\(id)` is not a state (no transition leads from or to it)")
                }
            }
        }
        // Pairs: per state, its actions in first-appearance order, each with its outcomes.
        var groups: [String: [Written]] = [:], actionsOf: [String: [String]] = [:], seen: [String: Int] = [:]
        for t in written {
            let key = t.from + "\u{0}" + t.action
            if groups[key] == nil { actionsOf[t.from, default: []].append(t.action) }
            if let twin = seen.updateValue(t.index, forKey: key + "\u{0}" + t.to) {
                problems.report(locator.transition(t.index, "to"), "transition \(t.index + 1) repeats from = \"\(t.from)\", action = \"\(t.action)\", to = \"\(t.to)\" of transition \(twin + 1); list each outcome once")
            }
            groups[key, default: []].append(t)
        }
        var builder = MDPBuilder(states: order, terminal: terminal)
        var origin = Array(repeating: "\(file):1:1", count: order.count)
        for (s, id) in order.enumerated() {
            for action in actionsOf[id] ?? [] {
                let group = groups[id + "\u{0}" + action]!
                let sum = group.reduce(0) { $0 + $1.p }
                if abs(sum - 1) > 1e-9 {
                    let first = group[0].index
                    problems.report(table["mdp"]?.table?["transition"]?.array?[first].table?["p"] != nil ? locator.transition(first, "p") : locator.transition(first),
                           "the probabilities of from = \"\(id)\", action = \"\(action)\" sum to \(sum); they must sum to 1")
                }
                builder.addAction(action, group.map { (index[$0.to]!, $0.p, $0.mean, $0.sd) })
            }
            builder.endState()
            if let first = written.first(where: { $0.from == id }) {
                let at = locator.transition(first.index)
                origin[s] = "\(file):\(at.line):\(at.column)"
            }
        }
        var model = builder.mdp
        model.origin = origin
        if let starts {
            var seen = Set<String>()
            for (id, at) in starts {
                if !seen.insert(id).inserted { problems.report(at, "`\(id)` is listed twice in start; list distinct states") }
                guard let s = index[id] else { problems.report(at, "`\(id)` is not a state (no transition leads from or to it)"); continue }
                if terminal[s] { problems.report(at, "`\(id)` is terminal; episodes start on non-terminal states") }
                model.start.append(Int32(s))
            }
        } else {
            model.start = (0..<order.count).filter { !terminal[$0] }.map { Int32($0) }
        }
        if model.start.isEmpty && problems.isEmpty { problems.report(locator.mdpKey("transition"), "every state is terminal; a model needs a state with actions") }
        model.layout = readLayout(mdp, index: index) ?? MDP.defaultLayout(stateCount: order.count)
        model.observation = readLookAlike(mdp, index: index, model: model)
        return problems.isEmpty ? model : nil
    }

    /// `start` or `terminal`: one id or a list of ids, each with its position.
    private mutating func readIDs(_ mdp: TOMLTable, _ key: String) -> [(id: String, at: SourcePosition)]? {
        guard let value = mdp[key] else { return nil }
        if value.type == .string, let id = value.string { return [(id, locator.mdpKey(key, value: true))] }
        guard value.type == .array, let array = value.array, !array.isEmpty else {
            problems.report(locator.mdpKey(key, value: true), "`\(key)` must be a state id or a non-empty list of state ids")
            return nil
        }
        var ids: [(String, SourcePosition)] = []
        for (i, element) in array.enumerated() {
            let at = locator.mdpElement(key, index: i)
            guard element.type == .string, let id = element.string else { problems.report(at, "`\(key)` lists state ids, as strings"); continue }
            ids.append((id, at))
        }
        return ids
    }

    /// `look_alike = [["1", "2", "3"], ...]` (DESIGN §13): groups of non-terminal states the
    /// agent cannot tell apart, each with the same actions in the same order. Per state, the
    /// first state of its group (itself when in none); `nil` when the key is absent.
    private mutating func readLookAlike(_ mdp: TOMLTable, index: [String: Int], model: MDP) -> [Int32]? {
        guard let value = mdp["look_alike"] else { return nil }
        let at = locator.mdpKey("look_alike", value: true)
        let example = "e.g. look_alike = [[\"1\", \"2\", \"3\"]]"
        guard value.type == .array, let groups = value.array, !groups.isEmpty else {
            problems.report(at, "`look_alike` must be a list of groups of state ids, \(example)")
            return nil
        }
        var observation = (0..<model.stateCount).map(Int32.init)
        var grouped = Set<String>()
        for (g, group) in groups.enumerated() {
            let place = locator.mdpElement("look_alike", index: g)
            guard group.type == .array, let ids = group.array, ids.count >= 2 else {
                problems.report(place, "each group of `look_alike` is a list of two or more state ids, \(example)")
                continue
            }
            var first: Int?
            for element in ids {
                guard element.type == .string, let id = element.string else { problems.report(place, "`look_alike` lists state ids, as strings"); continue }
                guard let s = index[id] else { problems.report(place, "`\(id.terminalSafe)` in `look_alike` is not a state; states: \(model.states.joined(separator: ", "))"); continue }
                if model.terminal[s] { problems.report(place, "`\(id)` in `look_alike` is terminal; only states the agent acts in can look alike"); continue }
                if !grouped.insert(id).inserted { problems.report(place, "`\(id)` is in `look_alike` twice; a state looks like one group"); continue }
                guard let representative = first else { first = s; continue }
                let mine = model.pairs(of: s).map { model.actionNames[$0] }, theirs = model.pairs(of: representative).map { model.actionNames[$0] }
                if mine != theirs {
                    problems.report(place, "`\(id)` has actions \(mine.joined(separator: ", ")) but `\(model.states[representative])` has \(theirs.joined(separator: ", ")); states that look alike have the same actions in the same order")
                    continue
                }
                observation[s] = Int32(representative)
            }
        }
        return observation
    }

    private mutating func readLayout(_ mdp: TOMLTable, index: [String: Int]) -> [[Int32]]? {
        guard let value = mdp["layout"] else { return nil }
        let at = locator.mdpKey("layout", value: true)
        guard value.type == .array, let rows = value.array, !rows.isEmpty else {
            problems.report(at, "`layout` must be rows of state ids, e.g. [[\"A\", \"B\"], [\"\", \"C\"]]")
            return nil
        }
        var placed = Set<String>(), layout: [[Int32]] = []
        for row in rows {
            guard row.type == .array, let cells = row.array else { problems.report(at, "each row of `layout` must be a list of state ids (\"\" for an empty cell)"); return nil }
            var line: [Int32] = []
            for cell in cells {
                guard cell.type == .string, let id = cell.string else { problems.report(at, "`layout` cells are state ids as strings (\"\" for an empty cell)"); return nil }
                if id.isEmpty { line.append(-1); continue }
                guard let s = index[id] else { problems.report(at, "`\(id)` in `layout` is not a state"); continue }
                if !placed.insert(id).inserted { problems.report(at, "`\(id)` appears twice in `layout`; each state at most once") }
                line.append(Int32(s))
            }
            layout.append(line)
        }
        let width = layout.map(\.count).max() ?? 0
        guard width > 0 else { problems.report(at, "`layout` has no cells"); return nil }
        return layout.map { $0 + Array(repeating: -1, count: width - $0.count) }
    }
}
