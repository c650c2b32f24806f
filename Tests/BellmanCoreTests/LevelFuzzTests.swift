import BellmanCore
import Foundation
import XCTest

/// Hand-written level files must never take the program down: every mutation of a bundled
/// level is either accepted (and then compiles and runs) or rejected with FILE:LINE:COL
/// messages that point into the file. Seeded, so a failure names the case that reproduces it.
final class LevelFuzzTests: XCTestCase {
    static let seed: UInt64 = 20_261_126
    static let cases = 10_000

    func testMutatedLevelsAreAcceptedOrRejectedWithPositions() throws {
        var fuzzer = LevelFuzzer(seed: Self.seed, sources: try LevelFuzzer.bundledSources())
        var accepted = 0, rejected = 0, failures = 0, slowest = 0.0
        for index in 0..<Self.cases {
            let input = fuzzer.next()
            let start = Date()
            let outcome = try Self.check(input, name: "case-\(index).toml")
            let seconds = Date().timeIntervalSince(start)
            slowest = max(slowest, seconds)
            if let failure = outcome.failure {
                let path = Self.keep(input, index: index)
                XCTFail("case \(index) (seed \(Self.seed), kept at \(path)): \(failure)")
                failures += 1
                if failures == 5 { return }
            }
            // A guard against a hang, not a speed test: Jack's model (441 states of 441 outcomes,
            // compiled, three DP sweeps) took 5.1 s under AddressSanitizer on a busy 2-core machine.
            XCTAssertLessThan(seconds, 60, "case \(index) took \(seconds) s (kept at \(Self.keep(input, index: index)))")
            if outcome.accepted { accepted += 1 } else { rejected += 1 }
        }
        // Both outcomes must be exercised, or the mutations are too weak or too strong.
        XCTAssertGreaterThan(accepted, Self.cases / 20, "accepted \(accepted), rejected \(rejected)")
        XCTAssertGreaterThan(rejected, Self.cases / 4, "accepted \(accepted), rejected \(rejected)")
        print("level fuzz: \(Self.cases) cases, \(accepted) accepted, \(rejected) rejected, slowest \(String(format: "%.3f", slowest)) s")
    }

    /// Inputs the generator rarely reaches but a person might write.
    func testHostileHandWrittenLevels() throws {
        let big = String(repeating: ".", count: 2_001)
        let hostile: [String] = [
            "",
            "\u{FEFF}",
            "map = \"\"",
            "map = \"\"\"\n\"\"\"",
            "map = \"S\"",
            "map = \"G\"",
            "map = \"SG\"\ngamma = nan",
            "map = \"SG\"\ngamma = inf",
            "map = \"SG\"\nstep_reward = 1e300",
            "map = \"SG\"\nstep_reward = -1e308\ngamma = 1",
            "map = \"SG\"\nslip = -0.0",
            "map = \"SG\"\nmax_steps = 9223372036854775807",
            "map = \"SG\"\nmax_steps = -9223372036854775808",
            "map = \"S.\\u0000G\"",
            "map = \"S\\tG\"",
            "map = \"S🙂G\"",
            "map = \"\"\"\nS.\n.\n..G\n\"\"\"",
            "map = \"\"\"\n" + Array(repeating: big, count: 2_001).joined(separator: "\n") + "\n\"\"\"",
            "map = \"SG\"\n[legend.G]\nkind = \"goal\"\nreward = \"a lot\"",
            "map = \"SAG\"\n[legend.A]\nkind = \"portal\"\ntarget = [99999999999, -1]",
            "map = \"SAG\"\n[legend.A]\nkind = \"wind\"\nwind = 1e18",
            "map = \"SAG\"\n[legend.A]\nkind = 7",
            "map = \"SAG\"\nlegend = 5",
            "map = \"SAG\"\n[legend]\nA = { kind = \"portal\", target = [0, 0] }",
            "map = \"SG\"\nactions = []",
            "map = \"SG\"\nactions = [\"N\", \"N\", \"UP\"]",
            "map = [\"S\", \"G\"]",
            "[[map]]\nx = 1",
            "map = \"SG\"\nmap = \"GS\"",
            "\"\"\"",
            "map = \"SG\"\n" + String(repeating: "[", count: 10_000),
            // Found by the fuzzer: toml++ asserts (aborting the program) on these headers.
            "[[[", "[=", "[[.", "  [#", "[é]", "[ 🙂]", "map = \"SG\"\n[\t=]",
            // Found by libFuzzer (.ci/fuzz/): toml++ asserts on `}` where an array expects a value.
            "a = [}", "a = [1,}", "a = [[}]]", "a = [1,\n}", "map = \"SG\"\nactions = [\"N\", \"E\", }}}\"S\"]",
            // Found by libFuzzer: toml++ asserts on a date-like value, a space and one digit.
            "name = \"x\"\ngns =0909-09-0= 2 {ind = \"f =", "a = 2000-01-01 2,", "a = [2000-01-01 2]", "a = 1é34-67-90 2\n", "na=0910-09-8= 2\u{FEFF}", "a = [1,\u{FEFF}}", "\u{3000}[=",
            // Found by the fuzzer: no state an agent can stand on (sampling had no start).
            "map = \"G\"\n[legend.G]\nkind = \"hole\"", "map = \"#H\"", "map = \"\"\"\nGH\nHG\n\"\"\"",
            // Found by the fuzzer: CRLF and lone CR lines, and errors at the end of the file.
            "map = \"SG\"\r\ngamma = \r\n", "map = \"SG\"\r\r\n[legend.X]\r\nkind = \"wall\"\r\nreward = 5", "\"\"=\"",
            "map = \"SG\"\n" + (0..<300).map { "[legend.\\u{\(String(0x100 + $0, radix: 16))}]\nkind = \"wall\"" }.joined(separator: "\n"),
        ]
        for (index, text) in hostile.enumerated() {
            let outcome = try Self.check(Data(text.utf8), name: "hostile-\(index).toml")
            XCTAssertNil(outcome.failure, "hostile \(index): \(outcome.failure ?? "")\n\(text.prefix(200))")
        }
    }

    struct Outcome {
        var accepted: Bool
        /// What went wrong, if the outcome breaks the contract.
        var failure: String?
    }

    /// Parses `data` as a level file; an accepted level is compiled and given a few backups
    /// and steps. Rejections must be FileProblems naming this file and a line and column
    /// that exist in it.
    static func check(_ data: Data, name: String) throws -> Outcome {
        // A crash takes the test process down before any message: the input is left here.
        try? data.write(to: current)
        let level: Level
        do {
            level = try LevelParser.parse(data: data, file: name, id: "fuzz")
        } catch let errors as FileProblems {
            guard !errors.problems.isEmpty else { return Outcome(accepted: false, failure: "rejected with no message") }
            // Lines split on the byte: as a Character, "\r\n" is not "\n".
            let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            for error in errors.problems {
                guard error.file == name else { return Outcome(accepted: false, failure: "message names \(error.file): \(error)") }
                guard error.line >= 1, error.line <= max(lines.count, 1) else {
                    return Outcome(accepted: false, failure: "line \(error.line) of \(lines.count): \(error)")
                }
                let width = lines.isEmpty ? 0 : lines[error.line - 1].count
                guard error.column >= 1, error.column <= width + 1 else {
                    return Outcome(accepted: false, failure: "column \(error.column) on a line of \(width): \(error)")
                }
                guard !error.message.isEmpty else { return Outcome(accepted: false, failure: "empty message at \(error)") }
            }
            return Outcome(accepted: false, failure: nil)
        } catch {
            return Outcome(accepted: false, failure: "not a level error: \(type(of: error)) \(error)")
        }
        // Accepted: the model compiles, DP backs up, an agent walks, values stay numbers
        // or the solver says why it stopped.
        guard level.rows * level.cols <= 40_000 else { return Outcome(accepted: true, failure: nil) }
        let model = Model(level)
        var parameters = ValueIteration.info.defaults(for: level)
        parameters.gamma = min(parameters.gamma, 0.99)
        var dp = try ValueIteration(model: model, parameters: parameters)
        dp.run(ticks: 3 * model.stateCount)
        if !dp.isFinished, dp.stateValues.contains(where: { !$0.isFinite }) {
            return Outcome(accepted: true, failure: "value iteration produced \(dp.stateValues.first { !$0.isFinite }!) without stopping")
        }
        var td = QLearning(model: model, parameters: QLearning.info.defaults(for: level))
        td.run(ticks: 500)
        return Outcome(accepted: true, failure: nil)
    }

    /// The input being checked (what to replay after a crash).
    static let current = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-fuzz-current.toml")

    /// Writes a failing input where it can be read and replayed; returns its path.
    static func keep(_ data: Data, index: Int) -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-fuzz-\(seed)-\(index).toml")
        try? data.write(to: url)
        return url.path
    }
}

/// Seeded mutations of level files: byte flips, truncation, duplicated and deleted lines,
/// hostile values for every key, odd characters in the map, legend entries with wrong types.
struct LevelFuzzer {
    private var rng: Xoshiro256
    private let sources: [[UInt8]]

    init(seed: UInt64, sources: [String]) {
        rng = Xoshiro256(seed: seed)
        self.sources = sources.map { Array($0.utf8) }
    }

    /// The bundled levels' text. Jack's car rental is fuzzed at 5 cars a location (its keys
    /// and their checks are the same): at 20 it is 1.9 million outcomes to build per case.
    static func bundledSources() throws -> [String] {
        try LevelCatalog.names.map { name in
            let url = try XCTUnwrap(LevelCatalog.url(ofBundled: name))
            let text = try String(contentsOf: url, encoding: .utf8)
            return name == "jacks-car-rental" ? text + "max_cars = 5\nmax_move = 2\n" : text
        }
    }

    static let hostileValues = [
        "0", "-1", "1", "2", "0.5", "1e300", "-1e300", "1e400", "-1e400", "nan", "-nan", "inf", "-inf", "+inf",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "0x7fffffff", "1_000", "1e-320",
        "\"\"", "\"x\"", "\"é🙂\"", "\"\\u0000\"", "true", "false", "[]", "[1, 2]", "[[0, 0]]", "{}", "{ kind = \"goal\" }",
        "1979-05-27T07:32:00Z", "\"\"\"\nS\n\"\"\"", "\"N\"", "[\"N\", \"E\", \"S\", \"W\", \"stay\"]", "[\"up\"]",
        "\"wall\"", "\"portal\"", "\"wind\"", "\"cliff\"", "\"hole\"", "\"goal\"", "\"start\"", "[99, 99]", "[-1, 0]",
        // Lessons: keys that write files or quit, control characters in keys and captions.
        "\"S X q\"", "\"w \\u001b\"", "\"\\u001b]0;x\\u0007\"", "\"q-learning\"", "[\"sarsa\", \"q-learning\"]", "\"space e e\"",
    ]

    static let oddCharacters = ["\t", "\u{1}", "\u{7F}", "é", "🙂", "　", "\u{200B}", "\\", "\"", "#", "=", " ", "\r"]

    static let legendEntries = [
        "[legend.X]\nkind = \"portal\"\ntarget = \"nowhere\"",
        "[legend.X]\nkind = \"portal\"\ntarget = [0]",
        "[legend.X]\nkind = \"wind\"\nwind = \"strong\"",
        "[legend.X]\nkind = \"wind\"\nwind = -1e9",
        "[legend.X]\nkind = \"wall\"\nreward = 5",
        "[legend.X]\nkind = \"teleport\"",
        "[legend.X]\nreward = -1e300",
        "[legend.XY]\nkind = \"goal\"",
        "[legend.\"\"]\nkind = \"goal\"",
        "[legend.X]\nkind = [\"goal\"]",
        "[legend.X]\nkind = \"goal\"\nreward = nan",
        "[legend.X]\nkind = \"cliff\"\nreward = inf",
    ]

    private mutating func pick<T>(_ items: [T]) -> T { items[rng.below(items.count)] }

    mutating func next() -> Data {
        var bytes = pick(sources)
        for _ in 0..<(1 + rng.below(3)) { mutate(&bytes) }
        return Data(bytes)
    }

    private mutating func mutate(_ bytes: inout [UInt8]) {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        switch rng.below(8) {
        case 0:  // flip a byte
            guard !bytes.isEmpty else { return }
            bytes[rng.below(bytes.count)] = UInt8(rng.below(256))
            return
        case 1:  // truncate
            bytes = Array(bytes.prefix(rng.below(bytes.count + 1)))
            return
        case 2:  // duplicate a line
            let i = rng.below(lines.count)
            lines.insert(lines[i], at: i)
        case 3:  // delete a line
            lines.remove(at: rng.below(lines.count))
        case 4:  // a hostile value for a key
            let keyed = lines.indices.filter { lines[$0].contains(UInt8(ascii: "=")) }
            guard let i = keyed.isEmpty ? nil : pick(keyed) else { return }
            let key = lines[i].prefix { $0 != UInt8(ascii: "=") }
            lines[i] = Array(key) + Array("= \(pick(Self.hostileValues))".utf8)
        case 5:  // an odd character in a line (often a map row)
            let i = rng.below(lines.count)
            let at = rng.below(lines[i].count + 1)
            lines[i].insert(contentsOf: Array(pick(Self.oddCharacters).utf8), at: at)
        case 6:  // a legend entry of the wrong shape
            lines.append(Array(pick(Self.legendEntries).utf8))
        default:  // a map row made longer, shorter or empty
            let rows = lines.indices.filter { !lines[$0].isEmpty && lines[$0].allSatisfy { $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: "[") } }
            guard let i = rows.isEmpty ? nil : pick(rows) else { return }
            switch rng.below(3) {
            case 0: lines[i] += lines[i]
            case 1: lines[i] = Array(lines[i].prefix(rng.below(lines[i].count)))
            default: lines[i] = []
            }
        }
        bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }
}
