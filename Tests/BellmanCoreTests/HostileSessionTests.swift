import BellmanCore
import BellmanTestSupport
import Foundation
import XCTest

/// Session files come from anyone: each hostile one is refused before anything is replayed,
/// with FILE:LINE:COL pointing at the offending value and the command line's own words.
final class HostileSessionTests: XCTestCase {
    /// A genuine session: Q-learning on the cliff, 300 ticks, epsilon changed at tick 120.
    static func genuineSession() throws -> Session {
        let level = try LevelCatalog.load("cliff-walking")
        let model = Model(level)
        let initial = QLearning.info.defaults(for: level)
        var solver = try QLearning.info.make(model, initial)
        solver.run(ticks: 120)
        var changed = initial
        changed.epsilon = 0.05
        solver.parameters = changed
        solver.run(ticks: 180)
        return Session(levelID: level.id, file: level.file, source: level.source, method: QLearning.info,
                       initial: initial, changes: [ParameterChange(tick: 120, parameters: changed)], solver: solver)
    }

    static func genuineText() throws -> String { String(decoding: try genuineSession().json(), as: UTF8.self) }


    /// A level whose file name holds a line break cannot be named by a session: saving says
    /// so (not that it is a path), and so does loading, at the id.
    func testALevelIDWithALineBreakIsNamedForWhatItIs() throws {
        var session = try Self.genuineSession()
        session.level.id = "cliff\nwalking"
        XCTAssertThrowsError(try session.json()) { error in
            XCTAssertEqual("\(error)", "cannot save the session: the level id holds a control character, such as a line break; valid: a name of printable characters (rename the level file)")
        }
        let text = try Self.genuineText()
        try assertSessionRefused(SessionJSON.replacing(text, key: "id", with: "\"cliff\\nwalking\""),
                          "s.json:\(SessionJSON.position(in: text, key: "id")): the level id holds a control character, such as a line break; valid: a name of printable characters (rename the level file)",
                          at: "id")
    }

    /// Driven steps (you drive) are checked like the rest: an action the level does not have,
    /// a tick out of order or past the session's end, a method that takes no driven steps.
    func testDrivenStepsOutOfRangeAreRefused() throws {
        var session = try Self.genuineSession()
        session.drives = [DrivenStep(tick: 10, action: 1), DrivenStep(tick: 11, action: 2)]
        let text = String(decoding: try JSONEncoder.sessionStyle.encode(session), as: UTF8.self)
        try assertSessionRefused(SessionJSON.replacing(text, key: "action", with: "9"), "driven step 1 takes action 9; valid: 0 to 3", at: "action")
        try assertSessionRefused(SessionJSON.replacing(text, key: "action", with: "-1"), "driven step 1 takes action -1", at: "action")
        // The ticks in the file: the parameter change's, then the two driven steps'.
        try assertSessionRefused(SessionJSON.replacing(text, key: "tick", with: "10", occurrence: 2), "driven step 2 is at tick 10", at: "tick", occurrence: 2)
        try assertSessionRefused(SessionJSON.replacing(text, key: "tick", with: "300", occurrence: 2), "before the session's ticks (300)", at: "tick", occurrence: 2)
        try assertSessionRefused(SessionJSON.replacing(text, key: "method", with: "\"mc-off-policy\""), "mc-off-policy does not learn from driven steps", at: "drives")
        // The extremes of a whole number are refused, not overflowed.
        try assertSessionRefused(SessionJSON.replacing(text, key: "ticks", with: "-9223372036854775808"), "ticks -9223372036854775808 is out of range", at: "ticks")
        try assertSessionRefused(SessionJSON.replacing(text, key: "tick", with: "9223372036854775807", occurrence: 1), "driven step 1 is at tick 9223372036854775807", at: "tick", occurrence: 1)
    }

    /// Build mode's edits are checked by the rule the playground applies: on the map, a kind
    /// it sets, and a valid level after each.
    func testEditsOffTheMapOrMakingABadLevelAreRefused() throws {
        var session = try Self.genuineSession()
        session.physics = [WorldChange(tick: 10, cell: CellEdit(row: 1, col: 1, kind: .wall, reward: 0))]
        let text = String(decoding: try JSONEncoder.sessionStyle.encode(session), as: UTF8.self)
        try assertSessionRefused(SessionJSON.replacing(text, key: "row", with: "99"), "edit 1: cell r99c1 is off the map (4 x 12 cells)", at: "cell")
        try assertSessionRefused(SessionJSON.replacing(text, key: "kind", with: "\"lava\""), "kind `lava` is not one build mode sets", at: "kind")
        // The start made floor: a level with a cliff and no start is not a level.
        let noStart = SessionJSON.replacing(SessionJSON.replacing(SessionJSON.replacing(text, key: "row", with: "3"), key: "col", with: "0"), key: "kind", with: "\"floor\"")
        try assertSessionRefused(noStart, "edit 1: that would not be a valid level", at: "cell")
    }

    func testTheGenuineSessionLoads() throws {
        let path = try writeTemporaryFile(try Self.genuineText())
        let restored = try Session.read(path).restore(file: path)
        XCTAssertEqual(restored.solver.counters.ticks, 300)
        XCTAssertEqual(restored.model.level.file, "levels/cliff-walking.toml", "the level keeps its own file name")
    }

    /// Out-of-range parameters get exactly the message `bellman run` gives for the option.
    func testParametersOutOfRangeAreRefusedWithTheCommandLinesMessage() throws {
        let text = try Self.genuineText()
        try assertSessionRefused(SessionJSON.replacing(text, key: "n", with: "4611686018427387904"),
                          "--n 4611686018427387904 is out of range; valid: 1 to 1000000", at: "n")
        try assertSessionRefused(SessionJSON.replacing(text, key: "n", with: "1000000000"), "--n 1000000000 is out of range", at: "n")
        try assertSessionRefused(SessionJSON.replacing(text, key: "gamma", with: "5"), "--gamma 5 is out of range; valid: 0 < gamma <= 1", at: "gamma")
        try assertSessionRefused(SessionJSON.replacing(text, key: "alpha", with: "100"), "--alpha 100 is out of range; valid: 0 < alpha <= 1", at: "alpha")
        try assertSessionRefused(SessionJSON.replacing(text, key: "ties", with: "\"bogus\""), "--ties bogus is not valid; valid: random, first", at: "ties")
        try assertSessionRefused(SessionJSON.replacing(text, key: "theta", with: "0"), "--theta 0 is out of range; valid: theta > 0", at: "theta")
        try assertSessionRefused(SessionJSON.replacing(text, key: "planning_steps", with: "1000000000000"),
                          "--planning-steps 1000000000000 is out of range; valid: 0 to 100000", at: "planning_steps")
        try assertSessionRefused(SessionJSON.replacing(text, key: "init", with: "1e300"), "--init 1e+300 is out of range", at: "init")
        // A change's parameters are checked as strictly as the initial ones.
        try assertSessionRefused(SessionJSON.replacing(text, key: "epsilon", with: "7", occurrence: 0), "--epsilon 7 is out of range", at: "epsilon")
    }

    /// Live physics changes are checked by the rules of the level file's own keys, in order,
    /// and only on grid levels.
    func testPhysicsChangesAreCheckedByTheLevelFilesRules() throws {
        func text(_ physics: [WorldChange], on session: Session? = nil) throws -> String {
            var session = try session ?? Self.genuineSession()
            session.physics = physics
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            return String(decoding: try encoder.encode(session), as: UTF8.self)
        }
        try assertSessionRefused(text([WorldChange(tick: 50, slip: 2)]), "slip 2.0 is out of range; valid: a number with 0 <= slip <= 1", at: "slip")
        try assertSessionRefused(text([WorldChange(tick: 50, stepReward: 1e9)]), "step_reward 1000000000.0 is out of range", at: "step_reward")
        try assertSessionRefused(text([WorldChange(tick: 50, slip: 0.1), WorldChange(tick: 20, slip: 0.2)]),
                          "physics change 2 is at tick 20; valid: from the tick of the change before (50)", at: "tick", occurrence: 2)
        try assertSessionRefused(text([WorldChange(tick: 50)]), "a physics change sets `slip`, `step_reward` or both")
        // A genuine one replays: the saved tables are those of the changed world.
        let level = try LevelCatalog.load("cliff-walking")
        let initial = QLearning.info.defaults(for: level)
        var solver = try QLearning.info.make(Model(level), initial)
        solver.run(ticks: 100)
        let change = WorldChange(tick: 100, slip: 0.2)
        solver.replaceModel(Model(change.applied(to: level)))
        solver.run(ticks: 100)
        var genuine = Session(levelID: level.id, file: level.file, source: level.source, method: QLearning.info,
                              initial: initial, changes: [], solver: solver)
        genuine.physics = [change]
        let path = try writeTemporaryFile(String(decoding: try genuine.json(), as: UTF8.self))
        XCTAssertEqual(try Session.read(path).restore(file: path).solver.actionValues, solver.actionValues)
        genuine.physics = nil
        let without = try writeTemporaryFile(String(decoding: try genuine.json(), as: UTF8.self), name: "without.json")
        XCTAssertThrowsError(try Session.read(without).restore(file: without), "without the change the tables are not reproduced")
    }

    /// The command line and sessions share the rule: the same message for the same value.
    func testTheRuleIsTheCommandLines() {
        XCTAssertThrowsError(try ParameterRules.check(.alpha, 100, for: QLearning.info)) { XCTAssertEqual("\($0)", "--alpha 100 is out of range; valid: 0 < alpha <= 1") }
        XCTAssertThrowsError(try ParameterRules.check(.alpha, 101, for: GradientBandit.info)) { XCTAssertEqual("\($0)", "--alpha 101 is out of range; valid: 0 < alpha <= 100") }
        // Without a method, the general range and its exception.
        XCTAssertThrowsError(try ParameterRules.check(.alpha, 2)) { XCTAssertEqual("\($0)", "--alpha 2 is out of range; valid: 0 < alpha <= 1; up to 100 for reinforce, reinforce-baseline, actor-critic, grpo, rloo, imitation, gradient-bandit") }
        XCTAssertThrowsError(try ParameterRules.check(.gamma, .nan))
        XCTAssertThrowsError(try ParameterRules.check(.n, 2.5))
        XCTAssertNoThrow(try ParameterRules.check(.epsilon, 0))
        XCTAssertThrowsError(try ParameterRules.tieBreak("\u{1B}[31mbogus")) { error in
            XCTAssertFalse("\(error)".unicodeScalars.contains("\u{1B}"), "the echoed value is made safe")
        }
    }

    /// Claims that would make loading unbounded are refused from the numbers alone.
    func testReplayClaimsBeyondTheLimitsAreRefusedAtOnce() throws {
        let text = try Self.genuineText()
        try assertSessionRefused(SessionJSON.replacing(text, key: "ticks", with: "1000000000000000"),
                          "ticks 1000000000000000 is out of range; valid: 0 to 1000000000")
        try assertSessionRefused(SessionJSON.replacing(text, key: "tick", with: "1000000000000000"),
                          "change 1 is at tick 1000000000000000; valid: from the tick of the change before (0) to the session's ticks (300)", at: "tick")
        // Within the tick limit but not the cost: a billion ticks of Dyna with 5 planning steps each.
        var dyna = try Self.genuineSession()
        dyna.method = "dyna-q"
        dyna.ticks = 900_000_000
        XCTAssertThrowsError(try dyna.restore(file: "d.json")) { error in
            XCTAssertTrue("\(error)".contains("replaying 900000000 ticks would cost about"), "\(error)")
        }
        try assertSessionRefused(SessionJSON.replacing(text, key: "samples", with: "-5"), "samples -5 is out of range", at: "samples")
    }

    func testTablesMethodVersionAndNamesAreChecked() throws {
        let text = try Self.genuineText()
        try assertSessionRefused(SessionJSON.replacing(text, key: "method", with: "\"q-lerning\""), "unknown method `q-lerning`; valid: policy-evaluation", at: "method")
        try assertSessionRefused(SessionJSON.replacing(text, key: "bellman_session", with: "2"), "session format 2 is not one this Bellman reads (1)", at: "bellman_session")
        try assertSessionRefused(SessionJSON.replacing(text, key: "id", with: "\"../../x\""), "the level id must be a plain name", at: "id")
        try assertSessionRefused(SessionJSON.replacing(text, key: "values", with: "[1, 2, 3]"), "3 values for a level of 48 states", at: "values")
        try assertSessionRefused(SessionJSON.replacing(text, key: "q", with: "null"), "q-learning learns action values, but the session has no `q` table", at: "q")
        // The level's own problems point into the level text, naming the session.
        let broken = SessionJSON.replacing(text, key: "source", with: "\"name = \\\"x\\\"\\nmap = \\\"SG\\\"\\ngamma = 7\\n\"")
        try assertSessionRefused(broken, "s.json (level levels/cliff-walking.toml):3:9: gamma = 7 is out of range")
    }

    func testSyntaxTypesAndSizesArePlacedInTheFile() throws {
        let text = try Self.genuineText()
        try assertSessionRefused(String(text.dropLast(30)), "not a Bellman session file: JSON syntax: the file ends early")
        try assertSessionRefused(SessionJSON.replacing(text, key: "episodes", with: "\"many\""), "`episodes` must be a whole number", at: "episodes")
        try assertSessionRefused(SessionJSON.replacing(text, key: "seed", with: "-1"), "`changes[0].parameters.seed` is -1, not a whole number from 0 to 18446744073709551615", at: "seed")
        try assertSessionRefused(String(repeating: "[", count: 100_000), "nested deeper than 32 levels")
        try assertSessionRefused("", "the file is empty")
        try assertSessionRefused("{\"name\": 1}", "missing key `bellman_session`")

        // 200 MB (a sparse file): refused from its size, before a byte is read.
        let big = try writeTemporaryFile("")
        XCTAssertEqual(truncate(big, 200 << 20), 0)
        let start = Date()
        XCTAssertThrowsError(try Session.read(big)) { error in
            XCTAssertTrue("\(error)".contains("the file is 200 MB, larger than any session file Bellman reads (64 MB)"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 1)
    }

    /// A FIFO or a device in place of a session, level or lesson is refused at once: reading
    /// one would block forever or never end.
    func testSpecialFilesAreRefusedWithoutHanging() throws {
        let directory = URL(fileURLWithPath: try writeTemporaryFile("")).deletingLastPathComponent().path
        let fifo = directory + "/fifo.json"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let start = Date()
        XCTAssertThrowsError(try Session.read(fifo)) { XCTAssertTrue("\($0)".contains("this is a FIFO (named pipe), not a session file"), "\($0)") }
        XCTAssertThrowsError(try LevelCatalog.load(fifo)) { XCTAssertTrue("\($0)".contains("\(fifo):1:1: this is a FIFO"), "\($0)") }
        XCTAssertThrowsError(try LessonCatalog.load(fifo)) { XCTAssertTrue("\($0)".contains("not a lesson file"), "\($0)") }
        XCTAssertThrowsError(try LevelCatalog.load(directory)) { XCTAssertTrue("\($0)".contains("this is a directory"), "\($0)") }
        // A character device like /dev/zero (endless), made here rather than using the real one.
        let zero = directory + "/zero"
        if mknod(zero, S_IFCHR | 0o600, makedev(1, 5)) == 0 {
            XCTAssertThrowsError(try LevelCatalog.load(zero)) { XCTAssertTrue("\($0)".contains("this is a character device"), "\($0)") }
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }
}

/// The makedev macro of <sys/sysmacros.h>.
func makedev(_ major: UInt32, _ minor: UInt32) -> dev_t {
    dev_t(minor & 0xff) | dev_t(major & 0xfff) << 8 | dev_t(minor & ~0xff) << 12 | dev_t(major & ~0xfff) << 32
}

extension JSONEncoder {
    /// The encoder sessions are written with (sorted keys, pretty-printed).
    static var sessionStyle: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }
}
