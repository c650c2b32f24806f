import BellmanCore
import XCTest

/// Every reader checks its keys through one schema, and each keeps its own words: the whole
/// message of an unknown key, a wrong type and a value out of range, reader by reader.
final class KeySchemaTests: XCTestCase {
    func problems(_ parse: () throws -> Any) -> [String] {
        do {
            _ = try parse()
            return []
        } catch let problems as FileProblems {
            return problems.problems.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    func level(_ source: String) -> [String] { problems { try LevelParser.parse(source: source, file: "l.toml", id: "l") } }

    func testLevelKeysKeepTheirWords() {
        XCTAssertEqual(level("name = \"x\"\ngama = 0.5\nmap = \"SG\"\n"), [
            "l.toml:2:1: unknown key `gama` (did you mean `gamma`?); valid keys are name, about, gamma, step_reward, bump_reward, slip, actions, wind, max_steps, map, legend, change, defaults",
        ])
        XCTAssertEqual(level("name = \"x\"\ngamma = \"high\"\nslip = 2\nmax_steps = 0.5\nabout = 3\nmap = \"SG\"\n"), [
            "l.toml:2:9: `gamma` must be a number; valid: a number with 0 < gamma <= 1",
            "l.toml:3:8: slip = 2 is out of range; valid: a number with 0 <= slip <= 1",
            "l.toml:4:13: `max_steps` must be an integer; valid: an integer from 1 to 1000000000",
            "l.toml:5:9: `about` must be a string in quotes, e.g. about = \"...\"",
        ])
        XCTAssertEqual(level("name = \"x\"\nmax_steps = 0\nstep_reward = 1.5e7\nmap = \"SG\"\n"), [
            "l.toml:2:13: max_steps = 0 is out of range; valid: an integer from 1 to 1000000000",
            "l.toml:3:15: step_reward = 15000000 is out of range; valid: a number from -1000000 to 1000000 (scale the level's rewards down)",
        ])
        XCTAssertEqual(level("name = \"x\"\nmap = \"SCG\"\n[legend]\nC = { kind = \"wall\", reward = 1 }\n"), [
            "l.toml:4:22: `reward` is not a key of kind wall; valid keys: kind",
        ])
        XCTAssertEqual(level("name = \"x\"\nmap = \"SPaG\"\n[legend]\nP = { kind = \"portal\", to = \"ab\", reward = \"x\" }\na = { kind = \"floor\" }\n"), [
            "l.toml:4:29: `to` of portal `P` must be one map character in quotes, e.g. to = \"a\"",
            "l.toml:4:44: reward of `P` must be a number from -1000000 to 1000000 (scale the level's rewards down)",
        ])
        XCTAssertEqual(level("name = \"x\"\nmap = \"SG\"\n[[change]]\nat = 0\nmap = \"GS\"\nwhen = 1\n"), [
            "l.toml:4:6: change 1: `at` must be an integer number of samples (environment steps) from 1 to 1000000000, after the change before",
            "l.toml:6:1: unknown key `when` in [[change]]; valid keys are at, map",
        ])
    }

    func testModelKeysKeepTheirWords() {
        XCTAssertEqual(level("name = \"m\"\nslope = 1\n[mdp]\nbuiltin = \"blackjack\"\n"), [
            "l.toml:2:1: unknown key `slope` (did you mean `slip`?); valid keys of an [mdp] level are name, about, gamma, max_steps, [mdp] and [defaults]",
        ])
        XCTAssertEqual(level("name = \"m\"\n[mdp]\nbuiltin = \"blackjack\"\ndecks = 6\n"), [
            "l.toml:4:1: unknown key `decks` for blackjack; blackjack takes no other keys",
        ])
        XCTAssertEqual(level("name = \"m\"\n[mdp]\nbuiltin = \"jacks-car-rental\"\nrent = -1\nmax_move = 30\n"), [
            "l.toml:4:8: `rent` must be a number from 0 to 1000000",
            "l.toml:5:12: `max_move` must be an integer from 1 to 25",
        ])
        let transition = "name = \"m\"\n[mdp]\nstrat = \"A\"\n[[mdp.transition]]\nfrom = \"A\"\naction = \"go\"\nto = \"B\"\np = 0\nfrm = 1\n"
        XCTAssertEqual(level(transition), [
            "l.toml:3:1: unknown key `strat` in [mdp] (did you mean `start`?); valid keys are start, terminal, layout, transition, look_alike, or builtin = \"NAME\"",
            "l.toml:8:5: `p` must be a probability in (0, 1]",
            "l.toml:9:1: unknown key `frm` in a transition (did you mean `from`?); valid keys are from, action, to, p, reward",
        ])
    }

    func testLessonAndPolicyKeysKeepTheirWords() throws {
        let lesson = problems {
            try LessonParser.parse(source: "name = 1\nlevel = \"cliff-walking\"\ncolour = 2\n[[step]]\ncaption = \"a\"\nalpha = 2\nscale = 0\nzoom = 1\n",
                                   file: "s.toml", id: "s")
        }
        XCTAssertEqual(lesson, [
            "s.toml:3:1: unknown key `colour`; valid keys are name, about, level and [[step]] tables",
            "s.toml:1:8: `name` must be a string",
            "s.toml:4:1: step 1: unknown key `zoom`; valid keys are caption, method, compare, keys, speed, alpha, scale",
            "s.toml:4:1: step 1: alpha must be a number, \(ParameterRules.valid(.alpha))",
            "s.toml:4:1: step 1: scale must be a whole number from 1 to \(Level.maxScale) (each cell a K x K block)",
        ])
        let model = Model(try LevelCatalog.load("cliff-walking"))
        let policy = problems {
            try PolicyParser.parse(source: "level = 7\nlevle = \"x\"\n[policy]\n", file: "p.toml", model: model) { _ in true }
        }
        XCTAssertEqual(policy, [
            "p.toml:1:9: `level` must be a level's name or path, in quotes",
            "p.toml:2:1: unknown key `levle`; a policy file has level = \"...\" (optional) and a [policy] table",
        ])
    }
}
