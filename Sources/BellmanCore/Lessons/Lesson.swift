import BellmanLevels
import Foundation
import TOMLKit

/// A guided tour of the playground: captions that advance with a key, each setting up the
/// screen (a method, a comparison, keys pressed) for what it says. Lessons are TOML files
/// (`levels/lessons/*.toml`), so a teacher can write one:
///
///     name = "DP vs sampling"
///     about = "One line on what it shows."
///     level = "cliff-walking"            # a bundled level's name or a path
///
///     [[step]]
///     caption = "1/2 Value iteration: w sweeps the model. 0 samples."
///     method = "value-iteration"         # optional: the method to show
///     keys = "w w"                       # optional: keys pressed when the caption opens
///     speed = 1000                       # optional: ticks per second (or "max") from here on
///     alpha = 0.1                        # optional: the step size of the methods shown
///     scale = 2                          # optional: the level scaled (each cell a 2 x 2 block)
///
///     [[step]]
///     caption = "2/2 Side by side."
///     compare = ["value-iteration", "q-learning"]   # optional: compare mode
public struct Lesson: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var caption: String
        public var method: String?
        public var compare: [String]?
        /// Key names: one character each (`w`, `+`, `,`), or `space`, `enter`, `tab`, `esc`,
        /// `up`, `down`, `left`, `right`.
        public var keys: [String]
        /// Ticks per second from this step on (`speed = 1000`; `nil` in `.max` means as fast as
        /// possible: `speed = "max"`): absolute, where `+` presses would add up across steps.
        public var speed: Speed?
        /// The step size of every method the step shows that has one (so that a comparison
        /// compares methods, not step sizes).
        public var alpha: Double?
        /// The lesson's level with each cell a K x K block (`--scale`, DESIGN §9) from this
        /// step on: learning restarts on it (1: the level as its file has it).
        public var scale: Int?

        public enum Speed: Sendable, Equatable {
            case ticksPerSecond(Double)
            case max
        }

        public init(caption: String, method: String?, compare: [String]?, keys: [String], speed: Speed? = nil,
                    alpha: Double? = nil) {
            self.caption = caption
            self.method = method
            self.compare = compare
            self.keys = keys
            self.speed = speed
            self.alpha = alpha
        }
    }

    public var id: String
    public var name: String
    public var about: String
    public var level: String
    public var steps: [Step]

    /// The named keys a step may press besides single characters.
    public static let keyNames: Set<String> = ["space", "enter", "tab", "esc", "up", "down", "left", "right"]

    /// Keys a lesson may not press, and why: they write files or end the playground, which
    /// only the person at the keyboard decides. The parser refuses them and the playground
    /// never presses them for a lesson.
    public static let reservedKeys: [String: String] = [
        "S": "saves the session to a file", "X": "writes exports to files", "q": "quits the playground",
    ]
}

/// Reads lesson files, reporting problems as FILE:LINE:COL like level files.
public enum LessonParser {
    /// The top-level keys of a lesson.
    static let schema = KeySchema(rules: ["name", "about", "level"].map { .string($0, "`\($0)` must be a string") } + [.other("step")]) {
        KeySchema.unknownKey($0, "valid keys are name, about, level and [[step]] tables")
    }

    /// The keys of step `index` (every message about a step names it).
    static func stepSchema(_ index: Int) -> KeySchema {
        let step = "step \(index + 1)"
        return KeySchema(rules: ["caption", "method", "compare", "keys", "speed"].map(KeyRule.other) + [
            .number("alpha", message: "\(step): alpha must be a number, \(ParameterRules.valid(.alpha))") { ParameterRules.accepts(.alpha, $0) },
            .integer("scale", message: "\(step): scale must be a whole number from 1 to \(Level.maxScale) (each cell a K x K block)") { $0 >= 1 && $0 <= Level.maxScale },
        ]) { "\(step): " + KeySchema.unknownKey($0, "valid keys are caption, method, compare, keys, speed, alpha, scale") }
    }

    public static func parse(source: String, file: String, id: String) throws -> Lesson {
        let table = try LevelParser.table(source: source, file: file)
        let locator = SourceLocator(source: source)
        var problems = ProblemCollector(file: file)
        let keys = schema.reading(table, at: locator.value)
        keys.reportUnknownKeys(at: locator.key, to: &problems)
        func string(_ key: String, required: Bool) -> String? {
            if required && table[key] == nil { problems.report(locator.key(key), "missing required key `\(key)`") }
            return keys.string(key, &problems)
        }
        let name = string("name", required: true) ?? id
        let about = string("about", required: false) ?? ""
        let level = string("level", required: true) ?? ""
        var steps: [Lesson.Step] = []
        if let value = table["step"], value.type == .array, let array = value.array, !array.isEmpty {
            for (i, element) in array.enumerated() {
                // Every message about a step points at its [[step]] header.
                let at = locator.step(i)
                guard element.type == .table, let step = element.table else {
                    problems.report(at, "step \(i + 1) must be a [[step]] table")
                    continue
                }
                let stepKeys = stepSchema(i).reading(step) { _ in at }
                stepKeys.reportUnknownKeys(at: { _ in at }, to: &problems)
                guard let caption = step["caption"]?.string, !caption.isEmpty else {
                    problems.report(at, "step \(i + 1) needs a caption = \"...\"")
                    continue
                }
                var parsed = Lesson.Step(caption: caption, method: nil, compare: nil, keys: [], speed: nil, alpha: nil)
                if let speed = step["speed"] {
                    if speed.string == "max" {
                        parsed.speed = .max
                    } else if let rate = speed.number, rate >= 1, rate <= 1_000_000 {
                        parsed.speed = .ticksPerSecond(rate)
                    } else {
                        problems.report(at, "step \(i + 1): speed must be ticks per second from 1 to 1000000, or \"max\"")
                    }
                }
                parsed.alpha = stepKeys.number("alpha", &problems)
                parsed.scale = stepKeys.integer("scale", &problems)
                if let method = step["method"] {
                    if let id = method.string, Methods.named(id) != nil {
                        parsed.method = id
                    } else {
                        problems.report(at, "step \(i + 1): " + Methods.unknownMessage(method.string))
                    }
                }
                if let compare = step["compare"] {
                    let ids = compare.array.map { $0.compactMap(\.string) } ?? []
                    if (2...4).contains(ids.count), ids.count == compare.array?.count, ids.allSatisfy({ Methods.named($0) != nil }) {
                        parsed.compare = ids
                    } else {
                        problems.report(at, "step \(i + 1): compare must list 2 to 4 method ids, e.g. [\"sarsa\", \"q-learning\"]")
                    }
                }
                if let keys = step["keys"] {
                    if let text = keys.string {
                        parsed.keys = text.split(separator: " ").map(String.init)
                        for key in parsed.keys where key.count != 1 && !Lesson.keyNames.contains(key) {
                            problems.report(at, "step \(i + 1): unknown key `\(key)`; keys are single characters or \(Lesson.keyNames.sorted().joined(separator: ", ")), separated by spaces")
                        }
                        for key in parsed.keys {
                            if let why = Lesson.reservedKeys[key] {
                                problems.report(at, "step \(i + 1): a lesson may not press `\(key)` (it \(why)); leave it to the student, and say so in the caption")
                            } else if key.unicodeScalars.contains(where: \.isTerminalControl) {
                                problems.report(at, "step \(i + 1): a control character is not a key; keys are single characters or \(Lesson.keyNames.sorted().joined(separator: ", "))")
                            }
                        }
                    } else {
                        problems.report(at, "step \(i + 1): keys must be a string of key names separated by spaces, e.g. \"w w space\"")
                    }
                }
                steps.append(parsed)
            }
        } else {
            problems.report(locator.key("step"), "a lesson needs at least one [[step]] with a caption")
        }
        try problems.throwIfAny(sorted: false)
        return Lesson(id: id, name: name, about: about, level: level, steps: steps)
    }
}

/// The bundled lessons (`levels/lessons/*.toml`), found by name like the levels.
public enum LessonCatalog {
    static var directory: URL? { bundledLevelDirectory?.appendingPathComponent("lessons") }

    /// Names of the bundled lessons, sorted.
    public static var names: [String] {
        guard let directory, let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads a bundled lesson by name, or a lesson file by path.
    public static func load(_ lesson: String) throws -> Lesson {
        let url: URL
        if FileManager.default.fileExists(atPath: lesson) {
            url = URL(fileURLWithPath: lesson)
        } else if let directory, names.contains(lesson) {
            url = directory.appendingPathComponent(lesson + ".toml")
        } else {
            throw MissingFile.unknownName(lesson, kind: "lesson", bundled: names, orPath: "give a path to a lesson file",
                                          whenNoneBundled: "give a path to a lesson file, or set BELLMAN_LEVELS to the folder of the bundled levels (levels/ in the repository)")
        }
        let data = try InputFile.read(url.path, name: lesson, kind: "lesson file", limit: InputFile.maxLessonBytes)
        guard !data.contains(0), let source = String(data: data, encoding: .utf8) else {
            throw FileProblems(file: lesson, message: "this is not a UTF-8 text file; a lesson is a TOML text file")
        }
        return try LessonParser.parse(source: source, file: FileManager.default.fileExists(atPath: lesson) ? lesson : "levels/lessons/\(lesson).toml",
                                      id: url.deletingPathExtension().lastPathComponent)
    }
}
