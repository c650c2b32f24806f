import Foundation

/// A session file is untrusted: it may come from anyone. Every value is checked against the
/// same rules as the command line's (`ParameterRules`), and every claim against limits that
/// keep loading it bounded, before anything is replayed.
extension Session {
    /// What a session may claim (README, Reliability).
    public enum Limits {
        /// The largest session file read: refused from its size, before it is read.
        public static let maxFileBytes = 64 << 20
        /// The most ticks a session replays (as many as one `run` may take).
        public static let maxTicks = Runner.maxBudget
        /// The most value updates replaying may cost: ticks times the updates of one tick
        /// (planning steps, the entries a trace reaches). About a minute at full speed.
        public static let maxReplayUpdates = 2_000_000_000
        /// The most parameter changes a session holds.
        public static let maxChanges = 100_000
    }

    /// Whether the regular file at `path` is a Bellman session (by its first bytes): what `S`
    /// may replace. `nil` when there is no regular file there.
    public static func isSessionFile(_ path: String) -> Bool? {
        guard let head = InputFile.head(path, count: 4096) else { return nil }
        return head.isEmpty || String(decoding: head, as: UTF8.self).contains("\"bellman_session\"")
    }

    /// The level the session was made on, parsed from the text it stores. Problems name the
    /// session and the level's file; the level parsed keeps its own file name (so a session
    /// saved again from it names the same file, not a chain of sessions).
    func parsedLevel(file: String) throws -> Level {
        var parsed = try LevelParser.parse(source: level.source, file: "\(file) (level \(level.file))", id: level.id)
        parsed.file = level.file
        let scale = level.scale ?? 1
        if let refusal = parsed.scaleRefusal(scale) {
            throw FileProblems(file: file, message: "level.scale: \(refusal)")
        }
        return parsed.scaled(by: scale)
    }

    /// The counts a session states, each within what one replay may take. (Their JSON types
    /// are the decoder's to check.)
    static let countRules = ["ticks", "samples", "episodes", "sweeps"].map { name in
        KeyRule(name: name, kind: .integer { (0...Limits.maxTicks).contains($0) }, wrongType: "",
                invalid: { "\(name) \($0) is out of range; valid: 0 to \(Limits.maxTicks) (a session replays every tick when it is loaded)" })
    }

    /// A list of a session whose entries happen at ticks: parameter changes, world changes,
    /// driven steps. One rule for all three: at most `limit` entries, each no earlier than the
    /// one before and within the session's ticks.
    private struct Timeline {
        /// The list's key in the file, and what its entries are called, together and one by one.
        var key: String, plural: String, singular: String
        var limit: Int
        /// A driven step takes its tick: the next cannot share it, and the last comes before
        /// the session's end (a change may come at the end, and several at one tick).
        var takesTick = false
    }

    /// Checks `entries` against `timeline` (calling `check` on each, before its tick is
    /// checked or after for a step that takes its tick, in the order problems have always been
    /// reported); `false` when there are too many to look at.
    private func checkTimeline<Entry>(_ entries: [Entry], _ timeline: Timeline, tick: (Entry) -> Int, report: (String, String) -> Void,
                              each check: (Int, Entry) -> Void) -> Bool {
        guard entries.count <= timeline.limit else {
            report(timeline.key, "\(entries.count) \(timeline.plural); a session holds at most \(timeline.limit)")
            return false
        }
        var previous = 0
        for (i, entry) in entries.enumerated() {
            if !timeline.takesTick { check(i, entry) }
            let t = tick(entry)
            if t < previous || t > ticks || timeline.takesTick && t == ticks {
                let valid = timeline.takesTick
                    ? "after the tick of the step before (\(previous)) and before the session's ticks (\(ticks))"
                    : "from the tick of the change before (\(previous)) to the session's ticks (\(ticks))"
                report("\(timeline.key)[\(i)].tick", "\(timeline.singular) \(i + 1) is at tick \(t); valid: \(valid)")
            }
            if timeline.takesTick { check(i, entry) }
            previous = max(previous, timeline.takesTick ? min(t, Int.max - 1) + 1 : t)
        }
        return true
    }

    /// Everything wrong with the session, each located in the file when `locator` knows where
    /// (a session built in memory has no file: its problems point at line 1).
    func problems(file: String, locator: JSONLocator?) -> [FileProblem] {
        var collector = ProblemCollector(file: file)
        func report(_ path: String, _ message: String) {
            collector.report(locator?.position(of: path) ?? .start, message)
        }
        guard bellmanSession == 1 else {
            report("bellman_session", "session format \(bellmanSession) is not one this Bellman reads (1)")
            return collector.problems
        }
        let info = Methods.named(method)
        if info == nil {
            report("method", Methods.unknownMessage(method))
        }
        if level.id.isEmpty || level.id.hasPrefix(".") || level.id.contains("/") || level.id.contains("\\") || level.id.count > 200 {
            report("level.id", "the level id must be a plain name (a bundled level's or a file's name without .toml), not a path")
        } else if level.id.unicodeScalars.contains(where: \.isTerminalControl) {
            report("level.id", "the level id holds a control character, such as a line break; valid: a name of printable characters (rename the level file)")
        }
        func check(_ stored: StoredParameters, at path: String) {
            if let sampling = stored.sampling, sampling != "ordinary" && sampling != "weighted" {
                report(path + ".sampling", "--sampling \(sampling) is not valid; valid: \(ParameterRules.valid(.sampling))")
            }
            if TieBreak(rawValue: stored.ties) == nil {
                report(path + ".ties", "--ties \(stored.ties) is not valid; valid: \(ParameterRules.valid(.ties))")
            }
            do { try ParameterRules.check(stored.parameters, for: info) } catch {
                report(path + "." + (StoredParameters.key(naming: "\(error)") ?? ""), "\(error)")
            }
            if let info, info.defaultAlpha != nil, stored.parameters.alpha == nil {
                report(path + ".alpha", "\(info.id) needs a step size: --alpha, valid: \(ParameterRules.valid(.alpha)) (only Monte Carlo averages samples without one)")
            }
        }
        check(parameters, at: "parameters")
        let counts = ["ticks": ticks, "samples": samples, "episodes": episodes, "sweeps": sweeps]
        for rule in Self.countRules {
            if let problem = rule.problem(with: counts[rule.name]!) { report(rule.name, problem) }
        }
        _ = checkTimeline(changes, Timeline(key: "changes", plural: "parameter changes", singular: "change", limit: Limits.maxChanges),
                          tick: \.tick, report: report) { i, change in check(change.parameters, at: "changes[\(i)].parameters") }
        let physics = physics ?? []
        _ = checkTimeline(physics, Timeline(key: "physics", plural: "physics changes", singular: "physics change", limit: Limits.maxChanges),
                          tick: \.tick, report: report) { i, change in
            for (key, message) in change.problems() { report("physics[\(i)].\(key)", message) }
        }
        let drives = drives ?? []
        let drivesChecked = checkTimeline(drives, Timeline(key: "drives", plural: "driven steps", singular: "driven step", limit: Limits.maxTicks, takesTick: true),
                                          tick: \.tick, report: report) { i, step in
            if step.action < 0 {
                report("drives[\(i)].action", "driven step \(i + 1) takes action \(step.action); valid: an action's index, from 0")
            }
        }
        if drivesChecked, let info, !drives.isEmpty, info.driving != .learns {
            report("drives", "\(info.id) does not learn from driven steps, so a session of it has none")
        }
        guard collector.isEmpty, let info else { return collector.problems }
        let level: Level
        do {
            level = try parsedLevel(file: file)
        } catch let errors as FileProblems {
            return errors.problems
        } catch {
            report("level.source", "\(error)")
            return collector.problems
        }
        if !physics.isEmpty && level.mdp != nil {
            report("physics", "physics changes (slip, step reward) belong to grid levels; this session's level is \(level.kind)")
        } else {
            // Build mode's edits, each on the level the changes before it made: the same
            // rule the playground applied when the key was pressed.
            var edited = level
            for (i, change) in physics.enumerated() {
                if let refusal = change.refusal(on: edited) {
                    report("physics[\(i)].cell", "edit \(i + 1): \(refusal)")
                    break
                }
                edited = change.applied(to: edited)
            }
        }
        guard collector.isEmpty else { return collector.problems }
        // The tables are those of the world at the end, after every edit.
        let model = Model(physics.reduce(level) { $1.applied(to: $0) })
        for (i, step) in drives.enumerated() where step.action >= model.actionCount {
            report("drives[\(i)].action", "driven step \(i + 1) takes action \(step.action); valid: 0 to \(model.actionCount - 1), the level's actions")
        }
        let states = model.stateCount, table = states * model.actionCount
        if let start = parameters.startState, !(0..<states).contains(start) || model.isTerminal[start] || !model.isOccupiable[start] {
            report("parameters.start_state", "every episode starts in state \(start); valid: a state an agent can stand in, 0 to \(states - 1), not terminal")
        }
        if values.count != states {
            report("values", "\(values.count) values for a level of \(states) states; the tables must be the level's")
        }
        if let q, q.count != table {
            report("q", "\(q.count) action values for a level of \(states) states x \(model.actionCount) actions = \(table)")
        } else if q == nil && info.learnsQ {
            report("q", "\(info.id) learns action values, but the session has no `q` table")
        }
        let cost = replayUpdates(entries: info.learnsQ ? table : states)
        if cost > Double(Limits.maxReplayUpdates) {
            report("ticks", "replaying \(ticks) ticks would cost about \(Int(cost).formatted()) updates, more than a session may (\(Limits.maxReplayUpdates.formatted())); save sessions earlier, or fewer planning steps")
        }
        return collector.problems
    }

    /// About how many value updates replaying costs: each tick's own update, its planning
    /// steps, and for trace methods every entry a trace still reaches.
    func replayUpdates(entries: Int) -> Double {
        let all = [parameters] + changes.map(\.parameters)
        let planning = Double(all.map(\.planningSteps).max() ?? 0)
        let usesTraces = Methods.named(method)?.parameters.contains(.lambda) ?? false
        var perTick = 1 + planning
        if usesTraces {
            // A trace decays by gamma * lambda a step and is dropped below 1e-12: about
            // 28 / (1 - gamma lambda) steps, never more than the table.
            let decay = all.map { $0.gamma * $0.lambda }.max() ?? 0
            perTick += decay >= 1 ? Double(entries) : min(Double(entries), 28 / (1 - decay))
        }
        return Double(ticks) * perTick
    }

    /// Where a decoding error points, and what it means in this format's words.
    static func decodingProblem(_ error: DecodingError, file: String, locator: JSONLocator) -> FileProblem {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { path, key in
                if let i = key.intValue { return path + "[\(i)]" }
                return path.isEmpty ? key.stringValue : path + "." + key.stringValue
            }
        }
        let (where_, what): (String, String)
        switch error {
        case .typeMismatch(let type, let context):
            (where_, what) = (path(context.codingPath), "`\(path(context.codingPath))` must be \(describe(type))")
        case .valueNotFound(let type, let context):
            (where_, what) = (path(context.codingPath), "`\(path(context.codingPath))` must be \(describe(type)), not null")
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath)
            (where_, what) = (at, "missing key `\(at.isEmpty ? key.stringValue : at + "." + key.stringValue)`")
        case .dataCorrupted(let context):
            // Foundation says no more than "not valid JSON" of a whole number that does not
            // fit (a negative seed, 1e30 ticks): find it among the whole-number fields.
            let wholeNumbers = ["bellman_session", "ticks", "samples", "episodes", "sweeps", "seed", "n", "planning_steps", "max_sweeps", "tick", "group"]
            let misfit = locator.scalars.filter { path, text in
                wholeNumbers.contains(String(path.split(separator: ".").last ?? "")) && text != "null"
                    && (path.hasSuffix(".seed") ? UInt64(text) == nil : Int(text) == nil)
            }.min { locator.position(of: $0.key).line < locator.position(of: $1.key).line }
            if let misfit {
                (where_, what) = (misfit.key, "`\(misfit.key)` is \(misfit.value), not a whole number \(misfit.key.hasSuffix(".seed") ? "from 0 to \(UInt64.max)" : "that fits")")
            } else {
                let at = path(context.codingPath)
                (where_, what) = (at, at.isEmpty ? "a value does not fit its field" : "`\(at)` is not valid here")
            }
        @unknown default:
            (where_, what) = ("", "\(error)")
        }
        let at = locator.position(of: where_)
        return FileProblem(file: file, line: at.line, column: at.column,
                          message: "not a Bellman session file: \(what); sessions are written by --save")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is UInt64.Type: "a whole number"
        case is Double.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: "\(type)".contains("Array") ? "an array" : "an object"
        }
    }
}

extension Session.StoredParameters {
    /// The session key of the parameter a `ParameterRules` message names (`--planning-steps`
    /// is `planning_steps`), for locating it.
    static func key(naming message: String) -> String? {
        guard message.hasPrefix("--"), let name = message.dropFirst(2).split(separator: " ").first else { return nil }
        return name == "sweeps" ? "max_sweeps" : name.replacingOccurrences(of: "-", with: "_")
    }
}
