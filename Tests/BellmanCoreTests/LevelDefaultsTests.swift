import Foundation
import XCTest
@testable import BellmanCore

/// A level's `[defaults]` (DESIGN §11): the book's parameters carried by its levels, applied
/// where the user gives none, and a broken table refused at its line and column.
final class LevelDefaultsTests: XCTestCase {
    private func level(_ defaults: String) throws -> Level {
        try LevelParser.parse(source: "name = \"t\"\nmap = \"S.G\"\n\n" + defaults, file: "t.toml", id: "t")
    }

    /// The problems of a level with these defaults, as "LINE:COL: message".
    private func problems(_ defaults: String) -> [String] {
        do {
            _ = try level(defaults)
            XCTFail("the level parsed")
        } catch let error as FileProblems {
            return error.problems.map { "\($0.line):\($0.column): \($0.message)" }
        } catch {
            XCTFail("\(error)")
        }
        return []
    }

    func testSharedAndPerMethodValuesApplyToTheMethodsThatUseThem() throws {
        let level = try level("""
        [defaults]
        alpha = 0.2
        planning_steps = 10
        every_visit = true

        [defaults.dyna-q]
        alpha = 1
        """)
        let q = QLearning.info.defaults(for: level), dyna = DynaQ.info.defaults(for: level), mc = MCControl.info.defaults(for: level)
        XCTAssertEqual(q.alpha, 0.2)
        XCTAssertEqual(q.planningSteps, Parameters(gamma: 1).planningSteps, "Q-learning does not plan")
        XCTAssertEqual(dyna.alpha, 1, "the method's own table wins")
        XCTAssertEqual(dyna.planningSteps, 10)
        XCTAssertTrue(mc.everyVisit)
        XCTAssertEqual(mc.alpha, 0.2, "a shared alpha is every method's that uses one")
        XCTAssertEqual(level.defaults.fromLevel(dyna, for: DynaQ.info), [.alpha, .planningSteps])
        var mine = dyna
        mine.alpha = 0.5
        XCTAssertEqual(level.defaults.fromLevel(mine, for: DynaQ.info), [.planningSteps], "a value the user changed is not the level's")
        XCTAssertEqual(RunReport.describe(DynaQ.info, dyna, level: level),
                       "gamma 0.9, alpha 1 (level), epsilon 0.1, planning-steps 10 (level), init 0, seed 1, ties random")
    }

    /// A level written by build mode keeps its defaults.
    func testAWrittenLevelKeepsItsDefaults() throws {
        let level = try level("[defaults]\nalpha = 0.1\nsynchronous = true\n\n[defaults.prioritized-sweeping]\nalpha = 0.5\n")
        let again = try LevelParser.parse(source: LevelWriter.toml(level), file: "again.toml", id: "again")
        XCTAssertEqual(again.defaults, level.defaults)
    }

    func testBrokenDefaultsSayWhereAndWhatIsValid() {
        XCTAssertEqual(problems("[defaults]\nalpah = 0.1\n"),
                       ["5:1: unknown key `alpah` in [defaults] (did you mean `alpha`?); valid keys: alpha, epsilon, lambda, n, planning_steps, kappa, priority_threshold, theta, init, every_visit, replacing_traces, batch, synchronous, c, no_baseline, alpha_w, group, no_std, prior, prior_noise, policy, and [defaults.METHOD-ID] tables"])
        XCTAssertEqual(problems("[defaults]\nalpha = 7\n"), ["5:9: alpha 7 is out of range; valid: 0 < alpha <= 1; up to 100 for reinforce, reinforce-baseline, actor-critic, grpo, rloo, imitation, gradient-bandit"])
        // A method's own table takes the method's own range.
        XCTAssertEqual(try level("[defaults.gradient-bandit]\nalpha = 2\n").defaults.byMethod["gradient-bandit"]?[.alpha], .number(2))
        XCTAssertEqual(problems("[defaults.gradient-bandit]\nalpha = 200\n"), ["5:9: alpha 200 is out of range; valid: 0 < alpha <= 100"])
        XCTAssertEqual(problems("[defaults]\nepsilon = \"lots\"\n"), ["5:11: `epsilon` must be a number; valid: 0 <= epsilon <= 1"])
        XCTAssertEqual(problems("[defaults]\nevery_visit = 1\n"), ["5:15: `every_visit` must be true or false"])
        XCTAssertEqual(problems("[defaults]\ngamma = 0.5\n").first?.hasPrefix("5:1: unknown key `gamma` in [defaults] (gamma is the level's own `gamma` key)"), true)
        XCTAssertEqual(problems("[defaults.q-lerning]\nalpha = 0.1\n").first?.hasPrefix("4:1: unknown method `q-lerning` in [defaults.q-lerning] (did you mean `q-learning`?)"), true)
        XCTAssertEqual(problems("[defaults.q-learning]\nlambda = 0.5\n").first?.hasPrefix("5:1: q-learning does not use `lambda`; it uses: alpha, epsilon, init"), true)
        XCTAssertEqual(problems("defaults = 3\n"), ["4:1: `defaults` must be a table: a [defaults] section with lines such as alpha = 0.1"])
    }

    /// `policy = "NAME"`: the target of the prediction methods (and policy iteration's pi_0)
    /// where no --policy is given; the methods that learn their own policy have none.
    func testALevelsPolicyIsThePredictionMethodsTargetAndIsCheckedWhenRead() throws {
        let blackjack = try LevelCatalog.load("blackjack")
        let model = Model(blackjack)
        let target = try XCTUnwrap(blackjack.defaultPolicy(for: MCPrediction.info, model: model))
        XCTAssertEqual(target, try PolicyCatalog.load("blackjack-stick-20", for: model))
        XCTAssertNil(try blackjack.defaultPolicy(for: MCControl.info, model: model), "a control method learns its own")
        let jacks = try LevelCatalog.load("jacks-car-rental")
        XCTAssertEqual(jacks.defaults.policyName(for: PolicyIteration.info), "jacks-no-moves")
        XCTAssertNil(jacks.defaults.policyName(for: TD0.info), "only policy iteration's table names it")
        let grid = try level("[defaults.td0]\npolicy = \"blackjack-stick-20\"\n")
        let again = try LevelParser.parse(source: LevelWriter.toml(grid), file: "again.toml", id: "again")
        XCTAssertEqual(again.defaults, grid.defaults, "a written level keeps its policy")
        XCTAssertEqual(again.defaults.policyName(for: TD0.info), "blackjack-stick-20")

        XCTAssertEqual(problems("[defaults]\npolicy = \"stick-20\"\n").first?.hasPrefix("5:10: no policy named `stick-20`"), true, "\(problems("[defaults]\npolicy = \"stick-20\"\n"))")
        XCTAssertEqual(problems("[defaults]\npolicy = 3\n").first?.hasPrefix("5:10: `policy` must be a string: a bundled policy ("), true)
        XCTAssertEqual(problems("[defaults.q-learning]\npolicy = \"jacks-no-moves\"\n"),
                       ["5:1: q-learning learns its own policy: `policy` is for the prediction methods' target and policy-iteration's first policy"])
    }

    /// The bundled book levels carry the book's parameters (DESIGN §11).
    func testTheBookLevelsCarryTheBooksParameters() throws {
        let blocking = try LevelCatalog.load("blocking-maze"), shortcut = try LevelCatalog.load("shortcut-maze")
        let plus = DynaQPlus.info
        XCTAssertEqual([blocking, shortcut].map { plus.defaults(for: $0).alpha }, [1, 1])
        XCTAssertEqual([blocking, shortcut].map { plus.defaults(for: $0).planningSteps }, [10, 50])
        XCTAssertEqual([blocking, shortcut].map { plus.defaults(for: $0).kappa }, [1e-4, 1e-3])
        let bias = try LevelCatalog.load("maximization-bias")
        XCTAssertEqual(QLearning.info.defaults(for: bias).alpha, 0.1)
        XCTAssertEqual(TD0.info.defaults(for: try LevelCatalog.load("random-walk")).initialValue, 0.5)
        let maze = try LevelCatalog.load("dyna-maze")
        XCTAssertEqual(DynaQ.info.defaults(for: maze).alpha, 0.1)
        XCTAssertEqual(PrioritizedSweeping.info.defaults(for: maze).alpha, 0.5)
    }
}
