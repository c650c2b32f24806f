import BellmanCore
import Foundation
import XCTest

/// Session and lesson files must never take the program down or hang it: every mutation of
/// a genuine one is refused with FILE:LINE:COL messages inside the file, or accepted and then
/// replayed (or refused for tables that do not match) within a bounded time. Seeded, so a
/// failure names the case that reproduces it.
final class SessionFuzzTests: XCTestCase {
    static let seed: UInt64 = 20_261_201
    static let sessionCases = 5_000
    static let lessonCases = 3_000

    /// Genuine sessions of four kinds of method, small enough to replay in milliseconds.
    static func genuineSessions() throws -> [[UInt8]] {
        try [("cliff-walking", QLearning.info, 300), ("dyna-maze", DynaQ.info, 200),
             ("small-gridworld", ValueIteration.info, 40), ("random-walk", SarsaLambda.info, 200)].map { name, method, ticks in
            let level = try LevelCatalog.load(name)
            let model = Model(level)
            let initial = method.defaults(for: level)
            var solver = try method.make(model, initial)
            solver.run(ticks: ticks / 2)
            var changed = initial
            changed.epsilon = 0.2
            solver.parameters = changed
            solver.run(ticks: ticks - ticks / 2)
            let session = Session(levelID: level.id, file: level.file, source: level.source, method: method, initial: initial,
                                  changes: [ParameterChange(tick: ticks / 2, parameters: changed)], solver: solver)
            return Array(try session.json())
        }
    }

    func testMutatedSessionsAreRefusedWithPositionsOrReplayed() throws {
        var fuzzer = SessionFuzzer(seed: Self.seed, sources: try Self.genuineSessions())
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-session-fuzz-\(UUID().uuidString).json").path
        defer { unlink(path) }
        var accepted = 0, rejected = 0, failures = 0, slowest = 0.0
        for index in 0..<Self.sessionCases {
            let input = fuzzer.next()
            try Data(input).write(to: URL(fileURLWithPath: path))
            let start = Date()
            let failure = Self.check(input, path: path, accepted: &accepted, rejected: &rejected)
            let seconds = Date().timeIntervalSince(start)
            slowest = max(slowest, seconds)
            if let failure {
                let kept = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-session-fuzz-\(Self.seed)-\(index).json")
                try? Data(input).write(to: kept)
                XCTFail("case \(index) (seed \(Self.seed), kept at \(kept.path)): \(failure)")
                failures += 1
                if failures == 5 { return }
            }
            // A guard against a hang, not a speed test (a busy machine under a sanitizer is slow).
            XCTAssertLessThan(seconds, 60, "case \(index) took \(seconds) s")
        }
        XCTAssertGreaterThan(accepted, Self.sessionCases / 50, "accepted \(accepted), rejected \(rejected)")
        XCTAssertGreaterThan(rejected, Self.sessionCases / 4, "accepted \(accepted), rejected \(rejected)")
        print("session fuzz: \(Self.sessionCases) cases, \(accepted) replayed, \(rejected) refused, slowest \(String(format: "%.3f", slowest)) s")
    }

    /// Reads and restores one input; returns what broke the contract, if anything.
    static func check(_ input: [UInt8], path: String, accepted: inout Int, rejected: inout Int) -> String? {
        let lines = input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        func located(_ errors: FileProblems) -> String? {
            guard !errors.problems.isEmpty else { return "refused with no message" }
            for error in errors.problems {
                guard !error.message.isEmpty else { return "empty message at \(error)" }
                // The level's own problems are placed in the level's text, which the message names.
                if error.file.hasPrefix(path + " (level ") { continue }
                guard error.file == path else { return "message names \(error.file): \(error)" }
                guard error.line <= max(lines.count, 1) else { return "line \(error.line) of \(lines.count): \(error)" }
                guard error.column <= lines[error.line - 1].count + 1 else { return "column \(error.column) past the line: \(error)" }
            }
            return nil
        }
        let session: Session
        do {
            session = try Session.read(path)
        } catch let errors as FileProblems {
            rejected += 1
            return located(errors)
        } catch {
            return "not a located error: \(type(of: error)) \(error)"
        }
        do {
            let restored = try session.restore(file: path)
            accepted += 1
            guard restored.solver.counters.ticks == session.ticks else { return "restored \(restored.solver.counters.ticks) ticks of \(session.ticks)" }
        } catch let errors as FileProblems {
            rejected += 1
            return located(errors)
        } catch {
            // Tables that replaying does not reproduce: refused with the file's name.
            rejected += 1
            guard "\(error)".hasPrefix(path + ": ") else { return "refusal does not name the file: \(error)" }
        }
        return nil
    }

    func testMutatedLessonsAreRefusedWithPositionsOrAcceptedWithoutReservedKeys() throws {
        let sources = try LessonCatalog.names.map { name -> String in
            let url = try XCTUnwrap(LevelCatalog.url(ofBundled: "cliff-walking")?.deletingLastPathComponent()
                .appendingPathComponent("lessons/\(name).toml"))
            return try String(contentsOf: url, encoding: .utf8)
        }
        var fuzzer = LevelFuzzer(seed: Self.seed, sources: sources)
        var accepted = 0, rejected = 0, failures = 0
        for index in 0..<Self.lessonCases {
            let input = fuzzer.next()
            let text = String(decoding: input, as: UTF8.self)
            let lines = input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            var failure: String?
            do {
                let lesson = try LessonParser.parse(source: text, file: "case.toml", id: "case")
                accepted += 1
                for step in lesson.steps {
                    for key in step.keys where Lesson.reservedKeys[key] != nil || key.unicodeScalars.contains(where: \.isTerminalControl) {
                        failure = "accepted a lesson that presses `\(key.terminalSafe)`"
                    }
                }
            } catch let errors as FileProblems {
                rejected += 1
                for error in errors.problems where error.file != "case.toml" || error.line > max(lines.count, 1)
                    || error.column > lines[error.line - 1].count + 1 || error.message.isEmpty {
                    failure = "badly placed: \(error)"
                }
            } catch {
                failure = "not a located error: \(error)"
            }
            if let failure {
                XCTFail("lesson case \(index) (seed \(Self.seed)): \(failure)\n\(text.prefix(300))")
                failures += 1
                if failures == 5 { return }
            }
        }
        XCTAssertGreaterThan(accepted, Self.lessonCases / 20, "accepted \(accepted), rejected \(rejected)")
        XCTAssertGreaterThan(rejected, Self.lessonCases / 10, "accepted \(accepted), rejected \(rejected)")
        print("lesson fuzz: \(Self.lessonCases) cases, \(accepted) accepted, \(rejected) refused")
    }
}

extension SessionFuzzTests {
    /// Policy files (DESIGN §7), mutated from the bundled one and a grid policy: refused with
    /// positions inside the file, or accepted with a probability distribution in every state.
    func testMutatedPoliciesAreRefusedWithPositionsOrAcceptedAsDistributions() throws {
        let blackjack = Model(try LevelCatalog.load("blackjack")), cliff = Model(try LevelCatalog.load("cliff-walking"))
        let url = try XCTUnwrap(LevelCatalog.url(ofBundled: "blackjack")).deletingLastPathComponent().appendingPathComponent("policies/blackjack-stick-20.toml")
        let bundled = try String(contentsOf: url, encoding: .utf8)
        let grid = "level = \"cliff-walking\"\n[policy]\nr3c0 = \"N\"\nr2c0 = { E = 0.5, N = 0.5 }\n\"r2c1\" = \"E\"\n"
        var fuzzer = LevelFuzzer(seed: Self.seed, sources: [bundled, grid])
        var accepted = 0, rejected = 0
        for index in 0..<2_000 {
            let input = fuzzer.next()
            let text = String(decoding: input, as: UTF8.self)
            let model = text.contains("r3c0") || text.contains("cliff") ? cliff : blackjack
            let lines = input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            do {
                let policy = try PolicyParser.parse(source: text, file: "p.toml", model: model) { $0 == model.level.id }
                accepted += 1
                for s in 0..<model.stateCount where !model.isTerminal[s] {
                    let sum = (0..<model.actionCount(of: s)).reduce(0.0) { $0 + policy.p(s, $1) }
                    XCTAssertEqual(sum, 1, accuracy: 1e-9, "policy case \(index): state \(model.name(of: s))")
                }
            } catch let errors as FileProblems {
                rejected += 1
                for error in errors.problems where error.file != "p.toml" || error.line > max(lines.count, 1)
                    || error.column > lines[error.line - 1].count + 1 || error.message.isEmpty {
                    XCTFail("policy case \(index): badly placed: \(error)\n\(text.prefix(300))")
                    return
                }
            }
        }
        XCTAssertGreaterThan(accepted, 100, "accepted \(accepted), rejected \(rejected)")
        XCTAssertGreaterThan(rejected, 100, "accepted \(accepted), rejected \(rejected)")
        print("policy fuzz: 2000 cases, \(accepted) accepted, \(rejected) refused")
    }
}

/// Seeded mutations of session files: byte flips, truncation, duplicated, deleted and swapped
/// lines, hostile values for keys, odd characters, hostile numbers in the tables.
struct SessionFuzzer {
    private var rng: Xoshiro256
    private let sources: [[UInt8]]

    init(seed: UInt64, sources: [[UInt8]]) {
        rng = Xoshiro256(seed: seed)
        self.sources = sources
    }

    static let hostileValues = [
        "0", "-1", "1", "2", "0.5", "1e15", "1e300", "-1e300", "1e400", "4611686018427387904", "9223372036854775808",
        "18446744073709551616", "1000000000000", "100000", "\"bogus\"", "\"../../x\"", "\"\\u001b]0;x\\u0007\"", "\"\"",
        "null", "true", "[]", "{}", "[1, 2]", "[[[[[[[[[[]]]]]]]]]]", "\"q-learning\"", "\"value-iteration\"",
        "\"name = \\\"x\\\"\\nmap = \\\"SG\\\"\"", "\"first\"", "-0", "1.5",
    ]

    static let oddCharacters = ["\t", "\u{1}", "\u{1B}", "\u{7F}", "é", "🙂", "\\", "\"", ",", ":", "{", "}", "[", "]", " ", "\r", "\u{0}"]

    private mutating func pick<T>(_ items: [T]) -> T { items[rng.below(items.count)] }

    mutating func next() -> [UInt8] {
        var bytes = pick(sources)
        for _ in 0..<(1 + rng.below(3)) { mutate(&bytes) }
        return bytes
    }

    private mutating func mutate(_ bytes: inout [UInt8]) {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        switch rng.below(8) {
        case 0:
            guard !bytes.isEmpty else { return }
            bytes[rng.below(bytes.count)] = UInt8(rng.below(256))
            return
        case 1:
            bytes = Array(bytes.prefix(rng.below(bytes.count + 1)))
            return
        case 2:
            let i = rng.below(lines.count)
            lines.insert(lines[i], at: i)
        case 3:
            lines.remove(at: rng.below(lines.count))
        case 4, 5:  // a hostile value for a key (the most telling mutation: twice as likely)
            let keyed = lines.indices.filter { lines[$0].starts(with: Array("  ".utf8)) && String(decoding: lines[$0], as: UTF8.self).contains("\" : ") }
            guard let i = keyed.isEmpty ? nil : pick(keyed) else { return }
            let line = String(decoding: lines[i], as: UTF8.self)
            let key = line.components(separatedBy: " : ")[0]
            lines[i] = Array((key + " : " + pick(Self.hostileValues) + (line.hasSuffix(",") ? "," : "")).utf8)
        case 6:
            let i = rng.below(lines.count)
            lines[i].insert(contentsOf: Array(pick(Self.oddCharacters).utf8), at: rng.below(lines[i].count + 1))
        default:  // a number in a table
            let numbers = lines.indices.filter { lines[$0].last.map { $0 == UInt8(ascii: ",") || ($0 >= 48 && $0 <= 57) } ?? false && !String(decoding: lines[$0], as: UTF8.self).contains(":") }
            guard let i = numbers.isEmpty ? nil : pick(numbers) else { return }
            let comma = lines[i].last == UInt8(ascii: ",")
            lines[i] = Array(("    " + pick(["1e308", "-1e308", "0", "1", "null", "\"x\"", "1e400"]) + (comma ? "," : "")).utf8)
        }
        bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }
}
