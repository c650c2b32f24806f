@testable import BellmanCore
import Foundation
import BellmanTestSupport
import XCTest

/// Policies written as policy files (the playground's T, exports) read back to the same
/// probabilities, and the playground's per-state cycle.
final class PolicyFileTests: XCTestCase {
    func parse(_ text: String, _ model: Model) throws -> TargetPolicy {
        try PolicyParser.parse(source: text, file: "written.toml", model: model) { $0 == model.level.id }
    }

    func testStick20WritesAndReadsBackTheSamePolicy() throws {
        let blackjack = Model(try LevelCatalog.load("blackjack"))
        let stick20 = try PolicyCatalog.load("blackjack-stick-20", for: blackjack)
        let text = stick20.toml(model: blackjack, about: "test")
        XCTAssertTrue(text.contains("level = \"blackjack\"\n"), "a bundled level is named, so the file is checked against it")
        XCTAssertTrue(text.contains("\"20,10,none\" = \"stick\"\n") && text.contains("\"19,10,none\" = \"hit\"\n"), text)
        XCTAssertEqual(try parse(text, blackjack).probability, stick20.probability)
    }

    /// The gambler's tied stakes become equal probabilities, written as an inline table, and
    /// come back exactly; a state with one best stake is a plain action.
    func testTiedGreedyActionsAreSplitEquallyAndReadBack() throws {
        let gambler = Model(try LevelCatalog.load("gambler"))
        var solver = try ValueIteration(model: gambler, parameters: ValueIteration.info.defaults(for: gambler.level))
        repeatWhile({ !solver.isFinished }, "solver converging") { solver.run(ticks: 10_000) }
        let ties = Runner.greedyTies(q: nil, values: solver.stateValues, gamma: 1, in: gambler)
        let policy = TargetPolicy.greedy(ties, for: gambler)
        let text = policy.toml(model: gambler, about: "greedy")
        XCTAssertTrue(text.contains("\"26\" = { \"1\" = 0.3333333333333333, \"24\" = 0.3333333333333333, \"26\" = 0.3333333333333333 }"), text)
        XCTAssertTrue(text.contains("\"50\" = \"50\"\n"), text)
        XCTAssertEqual(try parse(text, gambler).probability, policy.probability)
    }

    func testALevelFromAFileIsNamedInACommentAndKeysAreQuoted() throws {
        let source = """
        name = "Two doors"
        gamma = 0.9
        [mdp]
        [[mdp.transition]]
        from = "in.front,1"
        action = "go+"
        to = "out"
        reward = 1
        [[mdp.transition]]
        from = "in.front,1"
        action = "wait"
        to = "in.front,1"
        """
        let model = Model(try LevelParser.parse(source: source, file: "doors.toml", id: "doors"))
        var policy = TargetPolicy.random(for: model)
        policy.cycle(0, model: model)
        let text = policy.toml(model: model, about: "doors")
        XCTAssertFalse(text.split(separator: "\n").contains { $0.hasPrefix("level") }, "a path written elsewhere would not resolve")
        XCTAssertTrue(text.contains("# for the level in doors.toml"), text)
        XCTAssertTrue(text.contains("\"in.front,1\" = \"go+\"\n"), text)
        XCTAssertEqual(try parse(text, model).probability, policy.probability)
        XCTAssertEqual(TargetPolicy.quoted("a\"b\\c\u{1B}"), "\"a\\\"b\\\\c\\u001B\"", "TOML escapes; no control character is written")
    }

    /// The key t: random, then each action in turn, then random again.
    func testCycleGoesThroughEveryActionAndBackToRandom() throws {
        let blackjack = Model(try LevelCatalog.load("blackjack"))
        let s = (0..<blackjack.stateCount).first { blackjack.name(of: $0) == "13,2,usable" }!
        var policy = TargetPolicy.random(for: blackjack)
        XCTAssertTrue(policy.chosenStates(model: blackjack).isEmpty)
        policy.cycle(s, model: blackjack)
        XCTAssertEqual(policy.action(in: s, model: blackjack).map { blackjack.actionName(s, $0) }, "hit")
        policy.cycle(s, model: blackjack)
        XCTAssertEqual(policy.action(in: s, model: blackjack).map { blackjack.actionName(s, $0) }, "stick")
        XCTAssertEqual(policy.chosenStates(model: blackjack), [s])
        policy.cycle(s, model: blackjack)
        XCTAssertTrue(policy.isRandom(in: s, model: blackjack))
        XCTAssertEqual(policy.probability, TargetPolicy.random(for: blackjack).probability)
    }
}
