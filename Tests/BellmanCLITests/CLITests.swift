import BellmanCore
import BellmanTestSupport
import Foundation
import XCTest

/// The commands of DESIGN §4 run end to end: the real binary, started from a directory that
/// is not the repository, so bundled levels must be found as resources.
final class CLITests: XCTestCase {
    func bellman(_ arguments: String...) throws -> CommandOutput { try bellman(arguments) }

    func bellman(_ arguments: [String]) throws -> CommandOutput { try BellmanExecutable.run(arguments) }

    func temporaryFile(_ text: String, name: String = "level.toml") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testLevelsListsEveryBundledLevelOnOneLine() throws {
        let output = try bellman("levels")
        XCTAssertEqual(output.status, 0, output.stderr)
        let lines = output.stdout.split(separator: "\n")
        XCTAssertGreaterThanOrEqual(lines.count, 14)
        for name in ["gridworld-3-2", "small-gridworld", "random-walk", "random-walk-19", "windy-gridworld",
                     "windy-kings-moves", "cliff-walking", "dyna-maze", "frozenlake-4x4", "frozenlake-8x8",
                     "aima-4x3", "four-rooms", "maze-31", "open-field-100"] {
            XCTAssertTrue(lines.contains { $0.hasPrefix(name + " ") }, "\(name) missing from:\n\(output.stdout)")
        }
        // Columns as wide as the longest name.
        XCTAssertNotNil(output.stdout.range(of: "\ncliff-walking +4x12 ", options: .regularExpression), output.stdout)
        XCTAssertNotNil(output.stdout.range(of: "\nten-armed-testbed +2 states +The 10-armed testbed  \\[testbed model\\]", options: .regularExpression), output.stdout)
    }

    func testCheckAcceptsAGoodLevelAndLocatesErrorsInABadOne() throws {
        let good = try bellman("check", "cliff-walking")
        XCTAssertEqual(good.status, 0, good.stderr)
        XCTAssertTrue(good.stdout.hasPrefix("ok: "), good.stdout)
        XCTAssertTrue(good.stdout.contains("4x12"), good.stdout)

        let path = try temporaryFile("""
            name = "Broken"
            gamma = 1.5
            map = \"\"\"
            S..
            .@G
            \"\"\"
            """)
        let bad = try bellman("check", path)
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.stdout, "")
        let lines = bad.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, bad.stderr)
        XCTAssertTrue(lines[0].hasPrefix("\(path):2:9: gamma = 1.5 is out of range; valid: "), lines[0])
        XCTAssertTrue(lines[1].hasPrefix("\(path):5:2: unknown map character `@`"), lines[1])

        let missing = try bellman("check", "no-such-level")
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.hasPrefix("bellman: no level named `no-such-level` (bundled levels: "), missing.stderr)
    }

    func testRunTextShowsValuesPolicyAndCounters() throws {
        let output = try bellman("run", "gridworld-3-2", "--method", "value-iteration")
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("21.98 24.42 21.98 19.42 17.48"), output.stdout)
        XCTAssertTrue(output.stdout.contains("greedy policy:\n→↑←↑←"), output.stdout)
        XCTAssertTrue(output.stdout.contains("samples 0"), output.stdout)
    }

    /// Figure 4.1's converged values, read from `run`'s JSON as a script would.
    func testRunJSONReproducesFigure4_1() throws {
        let output = try bellman("run", "small-gridworld", "--method", "policy-evaluation", "--format", "json")
        XCTAssertEqual(output.status, 0, output.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let values = try XCTUnwrap(object["values"] as? [[Any]]).map { $0.map { $0 as? Double } }
        assertMatchesFigure(values, [[0, -14, -20, -22], [-14, -18, -20, -20], [-20, -20, -18, -14], [-22, -20, -14, 0]], decimals: 0)
    }

    /// `--scale K` makes each cell a K x K block, on every command that takes it; a session
    /// keeps the scale; a model without a grid refuses it.
    func testScaleGrowsTheGridAndSessionsKeepIt() throws {
        let run = try bellman("run", "dyna-maze", "--method", "value-iteration", "--scale", "2", "--format", "json")
        XCTAssertEqual(run.status, 0, run.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["rows"] as? Int, 12)
        XCTAssertEqual(object["cols"] as? Int, 18)
        let file = try temporaryFile("", name: "scaled.json")
        XCTAssertEqual(try bellman("run", "dyna-maze", "--method", "q-learning", "--scale", "3", "--steps", "300", "--save", file).status, 0)
        let again = try bellman("run", "--load", file, "--steps", "10")
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.hasPrefix("Dyna Maze (Fig 8.2) (x3) (dyna-maze, 18x27"), again.stdout)
        let race = try bellman("race", "dyna-maze", "--methods", "q-learning", "--scale", "2", "--runs", "2")
        XCTAssertEqual(race.status, 0, race.stderr)
        let refused = try bellman("run", "gambler", "--method", "value-iteration", "--scale", "2")
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("--scale makes each grid cell a block; gambler has no grid"), refused.stderr)
        let big = try bellman("run", "dyna-maze", "--method", "value-iteration", "--scale", "65")
        XCTAssertTrue(big.stderr.contains("--scale 65 is out of range; valid: 1 to 64"), big.stderr)
    }

    /// The experiments page shows `run`'s output: it must be what `run` prints.
    func testTheDocsSampleRunIsWhatRunPrints() throws {
        let command = "$ bellman run cliff-walking --method sarsa"
        let shown = try XCTUnwrap(try RepositoryDocs.firstBlock(after: "## `bellman run LEVEL", in: "docs/experiments.md"))
        XCTAssertEqual(shown.first, command, "the sample run")
        let output = try bellman("run", "cliff-walking", "--method", "sarsa")
        XCTAssertEqual(output.status, 0, output.stderr)
        var printed = output.stdout.components(separatedBy: "\n")
        if printed.last == "" { printed.removeLast() }
        assertSameLines(printed, Array(shown.dropFirst()), "the sample run in docs/experiments.md")
    }

    func testRunJSONHasTheDesignedShape() throws {
        let output = try bellman("run", "cliff-walking", "--method", "q-learning", "--episodes", "500", "--seed", "7", "--format", "json")
        XCTAssertEqual(output.status, 0, output.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["level"] as? String, "cliff-walking")
        XCTAssertEqual(object["method"] as? String, "q-learning")
        let params = try XCTUnwrap(object["params"] as? [String: Any])
        XCTAssertEqual(params["alpha"] as? Double, 0.5)
        XCTAssertEqual(params["seed"] as? Int, 7)
        XCTAssertEqual(object["rows"] as? Int, 4)
        XCTAssertEqual(object["cols"] as? Int, 12)
        let values = try XCTUnwrap(object["values"] as? [[Any]])
        XCTAssertEqual(values.count, 4)
        XCTAssertEqual(values[0].count, 12)
        let q = try XCTUnwrap(object["q"] as? [[[Double]]])
        XCTAssertEqual(q[3][0].count, 4, "one Q per action")
        XCTAssertEqual(values[3][0] as? Double, q[3][0].max(), "values are max_a Q")
        let policy = try XCTUnwrap(object["policy"] as? [[Any]])
        XCTAssertTrue(policy[3][11] is NSNull, "no policy on the goal")
        XCTAssertEqual(policy[2][0] as? String, "E", "the edge path")
        XCTAssertEqual(object["episodes"] as? Int, 500)
        let curve = try XCTUnwrap(object["curve"] as? [[String: Any]])
        XCTAssertEqual(curve.count, 500)
        XCTAssertEqual(curve.last?["samples"] as? Int, object["samples"] as? Int)
        XCTAssertNotNil(curve.last?["rms"] as? Double)

        let again = try bellman("run", "cliff-walking", "--method", "q-learning", "--episodes", "500", "--seed", "7", "--format", "json")
        XCTAssertEqual(again.stdout, output.stdout, "same seed, same bytes")
    }

    func testRunCSVIsTheCurve() throws {
        let output = try bellman("run", "random-walk", "--method", "td0", "--alpha", "0.1", "--episodes", "100", "--format", "csv")
        XCTAssertEqual(output.status, 0, output.stderr)
        let lines = output.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "episode,steps,samples,backups,return,cut,rms")
        XCTAssertEqual(lines.count, 101)
        XCTAssertTrue(lines[1].hasPrefix("1,"))

        let dp = try bellman("run", "small-gridworld", "--method", "value-iteration", "--format", "csv")
        XCTAssertEqual(dp.stdout.split(separator: "\n").first, "sweep,backups,model_reads,delta,rms")
    }

    func testBadOptionsAreRefusedWithWhatIsValid() throws {
        let alpha = try bellman("run", "cliff-walking", "--method", "value-iteration", "--alpha", "0.1")
        XCTAssertNotEqual(alpha.status, 0)
        XCTAssertTrue(alpha.stderr.contains("value-iteration does not use --alpha"), alpha.stderr)

        let method = try bellman("run", "cliff-walking", "--method", "qlearning")
        XCTAssertNotEqual(method.status, 0)
        XCTAssertTrue(method.stderr.contains("q-learning"), method.stderr)

        let gamma = try bellman("run", "cliff-walking", "--method", "sarsa", "--gamma", "1.5")
        XCTAssertNotEqual(gamma.status, 0)
        XCTAssertTrue(gamma.stderr.contains("0 < gamma <= 1"), gamma.stderr)

        let episodes = try bellman("run", "cliff-walking", "--method", "value-iteration", "--episodes", "10")
        XCTAssertEqual(episodes.status, 1)
        XCTAssertTrue(episodes.stderr.contains("--sweeps"), episodes.stderr)

        let refused = try bellman("run", "gridworld-3-2", "--method", "mc-prediction", "--gamma", "1")
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("no goal or hole"), refused.stderr)
    }

    func testHelpListsEveryParameterWithItsDefault() throws {
        let help = try bellman("run", "--help")
        XCTAssertEqual(help.status, 0)
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for fragment in ["--gamma", "--alpha", "td0 0.1", "sarsa 0.5", "--epsilon", "default 0.1", "--theta", "1e-10",
                         "--init", "--seed", "default 1", "--every-visit", "--synchronous", "--episodes", "default 500",
                         "--steps", "--sweeps", "--format", "default: text"] {
            XCTAssertTrue(text.contains(fragment), "help lacks \(fragment):\n\(help.stdout)")
        }
    }
}

extension CLITests {
    func testPlaygroundRefusesWhenStdoutIsNotATerminal() throws {
        let output = try bellman()
        XCTAssertEqual(output.status, 1)
        XCTAssertTrue(output.stderr.contains("needs a terminal"), output.stderr)
        XCTAssertTrue(output.stderr.contains("bellman run"), output.stderr)
        XCTAssertEqual(output.stdout, "", "nothing drawn into a pipe")
    }
}

extension CLITests {
    /// `bellman scale`: the study as JSON with a fit and its interval; bad factors refused.
    func testScaleStudyAndItsRefusals() throws {
        let json = try bellman("scale", "small-gridworld", "--methods", "value-iteration", "--factors", "1,2,3", "--format", "json")
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertEqual(json.stderr, "", "no progress lines when stderr is not a terminal")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try XCTUnwrap(object["rows"] as? [[String: Any]])
        XCTAssertEqual(rows.compactMap { $0["states"] as? Int }, [16, 64, 144])
        let fits = try XCTUnwrap(object["fits"] as? [[String: Any]])
        let reads = try XCTUnwrap(fits.first { $0["cost"] as? String == "model_reads" })
        let k = try XCTUnwrap(reads["k"] as? Double), low = try XCTUnwrap(reads["k_low"] as? Double)
        XCTAssertTrue(low <= k && k > 1, "\(reads)")
        for (factors, message) in [("2,1", "larger than the one before"), ("1,x", "not a whole number"), ("1,99", "out of range")] {
            let refused = try bellman("scale", "small-gridworld", "--methods", "value-iteration", "--factors", factors)
            XCTAssertNotEqual(refused.status, 0)
            XCTAssertTrue(refused.stderr.contains(message), refused.stderr)
        }
        let mdp = try bellman("scale", "gambler", "--methods", "value-iteration")
        XCTAssertTrue(mdp.stderr.contains("has no grid"), mdp.stderr)
        // Method parameters, as run takes them: used by some method, or refused.
        let unused = try bellman("scale", "small-gridworld", "--methods", "q-learning", "--lambda", "0.5", "--factors", "1,2")
        XCTAssertTrue(unused.stderr.contains("none of q-learning uses --lambda"), unused.stderr)
        func samples(_ extra: [String]) throws -> [Double] {
            let out = try bellman(["scale", "small-gridworld", "--methods", "q-learning", "--factors", "1,2", "--runs", "3", "--format", "json"] + extra)
            XCTAssertEqual(out.status, 0, out.stderr)
            let rows = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])?["rows"] as? [[String: Any]])
            return rows.compactMap { $0["samples"] as? Double }
        }
        XCTAssertNotEqual(try samples(["--alpha", "0.1"]), try samples([]), "--alpha reaches the runs")
    }

    /// `bellman sweep`: JSON with a row per method and value, CSV, and bad lists refused
    /// with the rule's own words.
    func testSweepStudyAndItsRefusals() throws {
        let json = try bellman("sweep", "cliff-walking", "--methods", "sarsa,q-learning", "--vary", "alpha=0.2:0.6:0.2",
                               "--episodes", "20", "--runs", "3", "--format", "json")
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["measure"] as? String, "return")
        XCTAssertEqual(object["window"] as? String, "first:20")
        let rows = try XCTUnwrap(object["rows"] as? [[String: Any]])
        XCTAssertEqual(rows.count, 6)
        XCTAssertEqual(rows.compactMap { $0["alpha"] as? Double }, [0.2, 0.4, 0.6, 0.2, 0.4, 0.6])
        XCTAssertTrue(rows.allSatisfy { $0["mean"] is Double && $0["se"] is Double && $0["runs"] as? Int == 3 })
        let csv = try bellman("sweep", "random-walk-19", "--methods", "n-step-td", "--vary", "alpha=0.2,0.4", "--vary", "n=1,4",
                              "--measure", "rms", "--episodes", "5", "--runs", "2", "--window", "last:3", "--format", "csv")
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertEqual(csv.stdout.split(separator: "\n").first, "method,alpha,n,mean,se,runs")
        XCTAssertEqual(csv.stdout.split(separator: "\n").count, 5)
        for (arguments, message) in [(["--vary", "alpha=2"], "--alpha 2 is out of range"), (["--vary", "alpha=1:0:0.1"], "from <= to"),
                                     (["--vary", "ties=1"], "not a number to vary"), (["--vary", "alpha=0.1", "--window", "middle:3"], "first:K or last:K"),
                                     (["--vary", "lambda=0.5"], "q-learning has no lambda to vary")] {
            let refused = try bellman(["sweep", "cliff-walking", "--methods", "q-learning"] + arguments)
            XCTAssertNotEqual(refused.status, 0, "\(arguments)")
            XCTAssertTrue(refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
        }
    }

    /// `--svg FILE` on race, scale and sweep writes a standalone SVG; a path that cannot be
    /// written is refused before the work.
    func testSVGPlotsAreWrittenBesideTheReport() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-svg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let commands: [[String]] = [
            ["race", "cliff-walking", "--methods", "value-iteration,q-learning,mc-control", "--runs", "2", "--budget", "20000"],
            ["scale", "small-gridworld", "--methods", "value-iteration", "--factors", "1,2"],
            ["sweep", "cliff-walking", "--methods", "sarsa", "--vary", "alpha=0.5,1", "--episodes", "5", "--runs", "2"],
        ]
        for command in commands {
            let path = directory.appendingPathComponent("\(command[0]).svg").path
            let output = try bellman(command + ["--svg", path])
            XCTAssertEqual(output.status, 0, output.stderr)
            let svg = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.hasSuffix("</svg>\n"), command[0])
            XCTAssertTrue(output.stdout.contains(command[0] == "sweep" ? "Parameter study" : command[0] == "scale" ? "Scale study" : "Race on"), "the report is printed too")
            // Every label inside the picture: its x within the viewBox's width.
            let width = try XCTUnwrap(svg.firstMatch(of: /viewBox="0 0 (\d+) \d+"/).map { Double($0.1) ?? 0 })
            let xs = svg.matches(of: /<text x="([-0-9.]+)"/).compactMap { Double($0.1) }
            XCTAssertFalse(xs.isEmpty)
            XCTAssertTrue(xs.allSatisfy { $0 > 0 && $0 < width }, "\(command[0]): text at x \(xs), width \(width)")
        }
        // The race's MC control reached no optimal policy in 2 runs of 20,000 samples: the
        // chart says so under its name, and DP's 0 samples are named, not left out.
        let race = try String(contentsOfFile: directory.appendingPathComponent("race.svg").path, encoding: .utf8)
        let words = race.components(separatedBy: "</text>").compactMap { $0.split(separator: ">").last.map(String.init) }.joined(separator: " ")
        XCTAssertTrue(words.contains("mc-control did not reach the goal in 2 of 2 runs"), words)
        XCTAssertTrue(words.contains("value-iteration: 0 samples (a model, no experience)"), words)
        let refused = try bellman(commands[1] + ["--svg", directory.appendingPathComponent("missing/x.svg").path])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("cannot write the SVG plot"), refused.stderr)
        XCTAssertEqual(refused.stdout, "", "refused before the study ran")
    }

    func testRaceTableAndJSON() throws {
        let text = try bellman("race", "cliff-walking", "--methods", "value-iteration,q-learning", "--runs", "3", "--budget", "30000")
        XCTAssertEqual(text.status, 0, text.stderr)
        let lines = text.stdout.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("value-iteration") && $0.contains(" DP ") }, text.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("q-learning") && $0.contains("3/3") }, text.stdout)
        let json = try bellman("race", "cliff-walking", "--methods", "q-learning", "--runs", "2", "--budget", "30000", "--format", "json")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let methods = try XCTUnwrap(object["methods"] as? [[String: Any]])
        XCTAssertEqual((methods.first?["runs"] as? [Any])?.count, 2)
        let unknown = try bellman("race", "cliff-walking", "--methods", "q-learning,nope")
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("unknown method `nope`"), unknown.stderr)
    }
}

extension CLITests {
    /// `bellman bench all --repeat 1` runs every workload at full size through the product's
    /// path and prints the reference's checksums, and the frame benchmark reports its times.
    /// (Only correctness is checked here: speed is quoted from Benchmarks/compare.sh.)
    func testBenchRunsEveryWorkloadWithTheReferenceChecksums() throws {
        let output = try bellman("bench", "all", "--repeat", "1", "--format", "json", "--threads", "2")
        XCTAssertEqual(output.status, 0, output.stderr)
        var lines: [String: [String: Any]] = [:]
        for line in output.stdout.split(separator: "\n") {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
            lines[try XCTUnwrap(object["workload"] as? String)] = object
        }
        XCTAssertEqual(Set(lines.keys), ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9", "view"])
        // W5, W6: ref.c's checksums (Sarsa and Expected Sarsa on W2's world, 10,000,000 steps).
        XCTAssertEqual(lines["w5"]?["episodes"] as? Int, 55_462)
        XCTAssertEqual(lines["w5"]?["q_start"] as? Double, -64.019586)
        XCTAssertEqual(lines["w6"]?["episodes"] as? Int, 55_651)
        XCTAssertEqual(lines["w6"]?["q_start"] as? Double, -64.046532)
        // W7: ref.c w7's checksums (Dyna-Q on W2's world, 1,000,000 real steps, 10 planning
        // updates each, drawn from the pairs tried as ref.c draws them).
        XCTAssertEqual(lines["w7"]?["episodes"] as? Int, 5_261)
        XCTAssertEqual(lines["w7"]?["pairs"] as? Int, 9_996)
        XCTAssertEqual(lines["w7"]?["q_start"] as? Double, -62.221553)
        XCTAssertEqual(lines["w7"]?["unit"] as? String, "updates/s")
        // W8: ref.c w8's checksums (REINFORCE, 10,000,000 steps, the budget's cut episode learnt from).
        XCTAssertEqual(lines["w8"]?["episodes"] as? Int, 265)
        XCTAssertEqual(lines["w8"]?["episodes_cut"] as? Int, 839)
        XCTAssertEqual(lines["w8"]?["pi_start_east"] as? Double, 0.021077)
        // W9: ref.c w9's checksums (20,000 tasks of the testbed, 1,000 pulls each).
        XCTAssertEqual(lines["w9"]?["mean_reward"] as? Double, 1.308562)
        XCTAssertEqual(lines["w9"]?["optimal_share"] as? Double, 0.709899)
        // W4: ref.c w4's checksums (value iteration on Jack's car rental, 21 synchronous sweeps).
        XCTAssertEqual(lines["w4"]?["v_10_10"] as? Double ?? 0, 521.590168, accuracy: 1e-6)
        XCTAssertEqual(lines["w4"]?["sumV"] as? Double ?? 0, 225022.320330, accuracy: 1e-6)
        XCTAssertEqual(lines["w1"]?["v00"] as? Double, -19.027213)
        XCTAssertEqual(lines["w1"]?["sumV"] as? Double, -19026189.368544)
        XCTAssertEqual(lines["w2"]?["episodes"] as? Int, 56_388)
        XCTAssertEqual(lines["w3"]?["episodes_cut"] as? Int, 1_000)
        XCTAssertEqual(lines["w3"]?["episodes"] as? Int, 0)
        for w in ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9"] { XCTAssertGreaterThan(lines[w]?["figure"] as? Double ?? 0, 0, w) }
        let view = try XCTUnwrap(lines["view"])
        XCTAssertGreaterThan(view["median_ms"] as? Double ?? 0, 0)
        XCTAssertEqual(view["frames"] as? Int, 200)
        XCTAssertGreaterThan(view["changed_cells"] as? Int ?? 0, 0, "frames alternate between two moments of learning")
    }

    func testBenchRefusesBadOptions() throws {
        let output = try bellman("bench", "w2", "--threads", "0")
        XCTAssertNotEqual(output.status, 0)
        XCTAssertTrue(output.stderr.contains("--threads 0 is out of range; valid: 1 to 64"), output.stderr)
        // --method puts another policy-gradient method on W8's world, and nowhere else.
        for (arguments, message) in [(["w2", "--method", "grpo"], "--method goes with w8 (REINFORCE's workload), not w2"),
                                     (["w8", "--method", "q-learning"], "--method q-learning is not a policy-gradient method; valid: reinforce, ")] {
            let refused = try bellman(["bench"] + arguments)
            XCTAssertEqual(refused.status, 64, refused.stderr)
            XCTAssertTrue(refused.stderr.contains(message), refused.stderr)
        }
    }
}

extension CLITests {
    /// Level files that once took the program down (found by the level fuzzer) are reported
    /// as errors with a position, exit status 1, no crash.
    func testFuzzerFindsAreErrorsNotCrashes() throws {
        let cases: [(text: String, expected: String)] = [
            ("[[[", "level.toml:1:3: TOML syntax: a table header starts with a name"),
            ("map = \"SG\"\n  [=", "level.toml:2:4: TOML syntax: a table header starts with a name, found `=`"),
            ("map = \"SG\"\n[é]", "level.toml:2:2: TOML syntax: a table header starts with a name, found `é`"),
            ("name = \"x\"\nmap = \"#H\"", "level.toml:2:7: the map has no cell an agent can stand on"),
            ("name = \"x\"\n\"\"=\"", "level.toml:2:5: TOML syntax"),
            ("name = \"x\"\nactions = [\"N\", }", "level.toml:2:17: TOML syntax: `}` where the array expects a value"),
            ("name = \"x\"\ngamma = 2000-01-01 2\n", "level.toml:2:9: TOML syntax: a date followed by a single digit"),
        ]
        for (text, expected) in cases {
            let path = try temporaryFile(text)
            let output = try bellman("check", path)
            XCTAssertEqual(output.status, 1, "\(text): \(output.stderr)")
            XCTAssertTrue(output.stderr.contains(expected), "\(text): expected \(expected) in\n\(output.stderr)")
        }
    }
}

extension CLITests {
    /// Every numeric parameter outside its range is refused with the valid range; negative
    /// values are read as numbers, not as options.
    func testParametersOutOfRangeAreRefusedWithTheValidRange() throws {
        let cases: [([String], String)] = [
            (["--method", "q-learning", "--alpha", "0"], "--alpha 0 is out of range; valid: 0 < alpha <= 1"),
            (["--method", "q-learning", "--alpha", "1.5"], "--alpha 1.5 is out of range; valid: 0 < alpha <= 1"),
            (["--method", "q-learning", "--alpha", "-1"], "--alpha -1 is out of range; valid: 0 < alpha <= 1"),
            (["--method", "q-learning", "--epsilon", "1.5"], "--epsilon 1.5 is out of range; valid: 0 <= epsilon <= 1"),
            (["--method", "q-learning", "--epsilon", "-0.1"], "--epsilon -0.1 is out of range; valid: 0 <= epsilon <= 1"),
            (["--method", "q-learning", "--alpha", "nan"], "--alpha nan is out of range"),
            (["--method", "value-iteration", "--theta", "0"], "--theta 0 is out of range; valid: theta > 0 (for a fixed number of sweeps use --sweeps N)"),
            (["--method", "q-learning", "--init", "1e300"], "--init 1e+300 is out of range; valid: -1e9 to 1e9"),
            (["--method", "n-step-sarsa", "--n", "0"], "--n 0 is out of range; valid: 1 to 1000000"),
            (["--method", "q-learning", "--steps", "0"], "--steps 0 is out of range; valid: 1 to 1000000000"),
            (["--method", "td-lambda", "--lambda", "2"], "--lambda 2 is out of range; valid: 0 <= lambda <= 1"),
        ]
        for (arguments, message) in cases {
            let output = try bellman(["run", "cliff-walking"] + arguments)
            XCTAssertNotEqual(output.status, 0, arguments.joined(separator: " "))
            XCTAssertTrue(output.stderr.contains(message), "\(arguments): expected \(message) in\n\(output.stderr)")
        }
        let negative = try bellman(["run", "cliff-walking", "--method", "q-learning", "--init", "-5", "--steps", "100"])
        XCTAssertEqual(negative.status, 0, negative.stderr)
        XCTAssertTrue(negative.stdout.contains("init -5"), negative.stdout)
    }
}

extension CLITests {
    /// `bellman export` writes the final screen (text and ANSI), values, curves and a recording.
    func testExportWritesScreenValuesCurvesAndRecording() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let output = try bellman("export", "cliff-walking", "--method", "sarsa", "--episodes", "50", "--frames", "10", "--out", out.path)
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("episodes 50"), output.stdout)
        let frame = try String(contentsOf: out.appendingPathComponent("frame.txt"), encoding: .utf8)
        XCTAssertTrue(frame.contains("Cliff Walking │ TD sarsa"), frame)
        XCTAssertFalse(frame.contains("\u{1B}"))
        let ansi = try String(contentsOf: out.appendingPathComponent("frame.ans"), encoding: .utf8)
        XCTAssertTrue(ansi.contains("\u{1B}[0;"))
        let values = try String(contentsOf: out.appendingPathComponent("values.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(values.count, 49)
        let curves = try String(contentsOf: out.appendingPathComponent("curves.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(curves.filter { $0.hasPrefix("return,") }.count, 50)
        let cast = try String(contentsOf: out.appendingPathComponent("run.cast"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(cast.count, 12, "header, the first screen and ten more")
        for line in cast { XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)), String(line.prefix(80))) }

        let wrong = try bellman("export", "cliff-walking", "--method", "sarsa", "--sweeps", "3", "--out", out.path)
        XCTAssertNotEqual(wrong.status, 0, wrong.stderr)
        XCTAssertTrue(wrong.stderr.contains("sarsa learns from experience: give --steps or --episodes, not --sweeps"), wrong.stderr)
    }

    /// `export` takes the method parameters `run` takes, checked the same way before anything
    /// is written; the run it records is the one they describe.
    func testExportTakesRunsMethodParameters() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let unused = try bellman("export", "cliff-walking", "--method", "value-iteration", "--alpha", "0.3", "--out", out.path)
        XCTAssertNotEqual(unused.status, 0)
        XCTAssertTrue(unused.stderr.contains("value-iteration does not use --alpha; it uses: --gamma, --theta, --init, --synchronous"), unused.stderr)
        let range = try bellman("export", "cliff-walking", "--method", "q-learning", "--alpha", "3", "--out", out.path)
        XCTAssertTrue(range.stderr.contains("--alpha 3 is out of range; valid: 0 < alpha <= 1"), range.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("values.csv").path), "refused before writing")
        let output = try bellman("export", "cliff-walking", "--method", "q-learning", "--alpha", "0.25", "--epsilon", "0.2",
                                 "--episodes", "5", "--frames", "1", "--out", out.path)
        XCTAssertEqual(output.status, 0, output.stderr)
        let frame = try String(contentsOf: out.appendingPathComponent("frame.txt"), encoding: .utf8)
        XCTAssertTrue(frame.contains("▸ alpha            0.25"), frame)
        XCTAssertTrue(frame.contains("  epsilon          0.2\n") || frame.contains("  epsilon          0.2 "), frame)
    }
}

extension CLITests {
    func testLessonListNamesTheBundledLessons() throws {
        let output = try bellman("lesson", "--list")
        XCTAssertEqual(output.status, 0, output.stderr)
        for name in ["dp-vs-sampling", "sarsa-vs-q-learning", "planning", "blackjack"] {
            XCTAssertTrue(output.stdout.contains(name + " "), output.stdout)
        }
        let missing = try bellman("lesson", "nope")
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.hasPrefix("bellman: no lesson named `nope` (bundled lessons: bandits, blackjack, "), missing.stderr)
        XCTAssertFalse(missing.stderr.contains(":1:1"), "a lesson that is not there has no line: \(missing.stderr)")
    }
}

extension CLITests {
    /// `run --save` then `run --load --steps N` gives exactly a straight run of the sum.
    func testSavedRunsContinueBitIdentically() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let first = try bellman("run", "cliff-walking", "--method", "expected-sarsa", "--alpha", "0.3", "--steps", "2000", "--save", file)
        XCTAssertEqual(first.status, 0, first.stderr)
        let continued = try bellman("run", "--load", file, "--steps", "1500", "--format", "json")
        XCTAssertEqual(continued.status, 0, continued.stderr)
        let straight = try bellman("run", "cliff-walking", "--method", "expected-sarsa", "--alpha", "0.3", "--steps", "3500", "--format", "json")
        func fields(_ json: String) throws -> [String: Any] { try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]) }
        let a = try fields(continued.stdout), b = try fields(straight.stdout)
        XCTAssertEqual(a["values"] as? [Double], b["values"] as? [Double])
        XCTAssertEqual(a["q"] as? [[Double]] ?? [], b["q"] as? [[Double]] ?? [])
        XCTAssertEqual(a["samples"] as? Int, 3500)
        XCTAssertEqual(a["episodes"] as? Int, b["episodes"] as? Int)

        let both = try bellman("run", "cliff-walking", "--load", file)
        XCTAssertNotEqual(both.status, 0)
        XCTAssertTrue(both.stderr.contains("--load takes the level and the method from the session; give neither"), both.stderr)
    }

    /// A session with live physics changes (the playground's d/D/o/O) continues headless in the
    /// changed world, says so, and saves the changes again.
    func testASessionWithPhysicsChangesContinuesAndSavesThem() throws {
        let level = try LevelCatalog.load("cliff-walking")
        let initial = QLearning.info.defaults(for: level)
        var solver = try QLearning.info.make(Model(level), initial)
        solver.run(ticks: 500)
        let change = WorldChange(tick: 500, slip: 0.2)
        solver.replaceModel(Model(change.applied(to: level)))
        solver.run(ticks: 500)
        var session = Session(levelID: level.id, file: level.file, source: level.source, method: QLearning.info,
                              initial: initial, changes: [], physics: [change], solver: solver)
        let file = try temporaryFile(String(decoding: try session.json(), as: UTF8.self), name: "physics.json")
        let again = file + ".again.json"
        let continued = try bellman("run", "--load", file, "--steps", "300", "--save", again)
        XCTAssertEqual(continued.status, 0, continued.stderr)
        XCTAssertTrue(continued.stdout.contains("note: the session changed the level's physics 1 time(s) live; from tick 500: slip 0.2, step reward -1"),
                      continued.stdout)
        session = try Session.read(again)
        XCTAssertEqual(session.physics, [change], "saved again with the change")
        XCTAssertEqual(try bellman("run", "--load", again, "--steps", "1").status, 0, "and it loads")
    }
}

/// Models that are not grids from the command line (DESIGN §6, §8).
extension CLITests {
    func testAModelThatIsNotAGridRunsWithItsStatesInJSON() throws {
        let text = try bellman("run", "gambler", "--method", "value-iteration")
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("(gambler, gambler model, 101 states, 2500 state-action pairs)"), text.stdout)
        XCTAssertTrue(text.stdout.contains("rows: capital (tens); columns: capital (units)"), text.stdout)
        XCTAssertTrue(text.stdout.contains("  50 0.40 0.40 0.41"), text.stdout)
        let json = try bellman("run", "gambler", "--method", "value-iteration", "--format", "json")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let states = try XCTUnwrap(object["states"] as? [[String: Any]])
        XCTAssertEqual(states.count, 101)
        XCTAssertEqual(states.first?["id"] as? String, "0")
        XCTAssertEqual(states.first?["terminal"] as? Bool, true)
        let s51 = try XCTUnwrap(states.first { $0["id"] as? String == "51" })
        XCTAssertEqual(s51["greedy"] as? [String], ["1", "49"], "the tied stakes of Figure 4.3")
        XCTAssertEqual(s51["policy"] as? String, "1", "the first of them")
        XCTAssertEqual(object["rows"] as? Int, 11)
        XCTAssertEqual((object["values"] as? [[Any]])?.last?.count, 10, "values follow the layout")
        // Grids list their states too, by cell.
        let grid = try bellman("run", "cliff-walking", "--method", "q-learning", "--episodes", "20", "--format", "json")
        let cells = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(grid.stdout.utf8)) as? [String: Any])?["states"] as? [[String: Any]])
        XCTAssertEqual(cells.count, 48)
        XCTAssertEqual(cells[36]["id"] as? String, "r3c0")
        XCTAssertNotNil(cells[36]["q"] as? [String: Double], "q by action name for methods that learn Q")
    }

    func testPoliciesAreForPredictionMethodsAndLevelsShowTheirKind() throws {
        let evaluated = try bellman("run", "blackjack", "--method", "policy-evaluation", "--policy", "blackjack-stick-20")
        XCTAssertEqual(evaluated.status, 0, evaluated.stderr)
        XCTAssertTrue(evaluated.stdout.contains("RMS error vs V of the policy in levels/policies/blackjack-stick-20.toml: 0"), evaluated.stdout)
        let control = try bellman("run", "blackjack", "--method", "q-learning", "--policy", "blackjack-stick-20")
        XCTAssertNotEqual(control.status, 0)
        XCTAssertTrue(control.stderr.contains("q-learning is a control method: it learns its own policy"), control.stderr)
        let levels = try bellman("levels")
        XCTAssertNotNil(levels.stdout.range(of: "jacks-car-rental +441 states  Jack's car rental  \\[jacks-car-rental model\\]", options: .regularExpression), levels.stdout)
        let check = try bellman("check", "recycling-robot")
        XCTAssertTrue(check.stdout.hasPrefix("ok: levels/recycling-robot.toml: \"Recycling robot\", explicit MDP model, 2 states (0 terminal), 5 state-action pairs"), check.stdout)
    }

    /// --policy on play, race and export (DESIGN §7); an export's greedy policy is a policy
    /// file that `run --policy` accepts.
    /// `--expert FILE` (DESIGN §13): imitation follows the file's labels; a method that learns
    /// from no expert refuses it, and a file for another level is refused at FILE:LINE:COL.
    func testAnExpertFileIsImitationsAndIsChecked() throws {
        let up = try temporaryFile("level = \"small-gridworld\"\n[policy]\n" + (0..<4).flatMap { r in (0..<4).map { c in "r\(r)c\(c) = \"N\"\n" } }.dropFirst().dropLast().joined(),
                                   name: "up.toml")
        let run = try bellman("run", "small-gridworld", "--method", "imitation", "--expert", up, "--steps", "3000", "--format", "json")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("\"policy\""), run.stdout)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let states = try XCTUnwrap(json["states"] as? [[String: Any]])
        let greedy = states.compactMap { $0["greedy"] as? [String] }.filter { !$0.isEmpty }
        XCTAssertFalse(greedy.isEmpty, run.stdout)
        for actions in greedy { XCTAssertEqual(actions.first, "N", "\(actions)") }
        let sarsa = try bellman("run", "small-gridworld", "--method", "sarsa", "--expert", up)
        XCTAssertEqual(sarsa.status, 64)
        XCTAssertTrue(sarsa.stderr.contains("sarsa learns from no expert"), sarsa.stderr)
        let other = try bellman("run", "small-gridworld", "--method", "imitation", "--expert", "short-corridor-start")
        XCTAssertEqual(other.status, 1)
        XCTAssertTrue(other.stderr.contains("short-corridor-start.toml:4:9: this policy is for level `short-corridor`"), other.stderr)
    }

    func testPolicyOnPlayRaceAndExport() throws {
        let control = try bellman("play", "blackjack", "--method", "q-learning", "--policy", "blackjack-stick-20")
        XCTAssertNotEqual(control.status, 0)
        XCTAssertTrue(control.stderr.contains("q-learning is a control method"), control.stderr)
        let broken = try temporaryFile("[policy]\n\"13,2,usable\" = \"stand\"\n", name: "p.toml")
        let bad = try bellman("play", "blackjack", "--policy", broken)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("p.toml:2:1: `stand` is not an action of 13,2,usable; valid: hit, stick"), bad.stderr)
        XCTAssertTrue(bad.stdout.isEmpty, "refused before the terminal is touched")

        let race = try bellman("race", "blackjack", "--methods", "td0,policy-evaluation", "--policy", "blackjack-stick-20",
                               "--runs", "2", "--budget", "2000")
        XCTAssertEqual(race.status, 0, race.stderr)
        XCTAssertTrue(race.stdout.contains("against the V of levels/policies/blackjack-stick-20.toml"), race.stdout)
        let mixed = try bellman("race", "blackjack", "--methods", "td0,q-learning", "--policy", "blackjack-stick-20")
        XCTAssertNotEqual(mixed.status, 0)

        let out = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-export-\(UUID().uuidString)").path
        defer { for folder in [out, out + "-td0"] { try? FileManager.default.removeItem(atPath: folder) } }
        let export = try bellman("export", "gambler", "--method", "value-iteration", "--out", out, "--frames", "2")
        XCTAssertEqual(export.status, 0, export.stderr)
        let written = try String(contentsOfFile: out + "/policy.toml", encoding: .utf8)
        XCTAssertTrue(written.contains("level = \"gambler\"") && written.contains("\"50\" = \"50\""), written)
        let evaluated = try bellman("run", "gambler", "--method", "policy-evaluation", "--policy", out + "/policy.toml")
        XCTAssertEqual(evaluated.status, 0, evaluated.stderr)
        // An optimal policy, evaluated: V*(50) = 0.4 (Figure 4.3).
        let json = try bellman("run", "gambler", "--method", "policy-evaluation", "--policy", out + "/policy.toml", "--format", "json")
        let states = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["states"] as? [[String: Any]])
        let v50 = try XCTUnwrap(states.first { $0["id"] as? String == "50" }?["value"] as? Double)
        XCTAssertEqual(v50, 0.4, accuracy: 1e-6)
        let policyExport = try bellman("export", "blackjack", "--method", "td0", "--policy", "blackjack-stick-20",
                                       "--out", out + "-td0", "--episodes", "200", "--frames", "1")
        XCTAssertEqual(policyExport.status, 0, policyExport.stderr)
        XCTAssertTrue(try String(contentsOfFile: out + "-td0/frame.txt", encoding: .utf8).contains("RMS vs V(π)"))
    }

    /// Every default is said once in --help (swift-argument-parser adds its own).
    func testHelpSaysEachDefaultOnce() throws {
        for command in ["play", "run", "race", "export", "bench", "check", "levels", "lesson"] {
            let help = try bellman(command, "--help")
            let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            XCTAssertNil(text.range(of: #"\(default[^)]*\)[.,]? ?\(default"#, options: .regularExpression),
                         "\(command) --help:\n\(help.stdout)")
        }
    }

    /// `play` takes the method parameters `run` takes, checked the same way before the
    /// terminal opens.
    func testPlayTakesRunsMethodParameters() throws {
        let unused = try bellman("play", "--alpha", "0.3")
        XCTAssertNotEqual(unused.status, 0)
        XCTAssertTrue(unused.stderr.contains("value-iteration does not use --alpha; it uses: --gamma, --theta, --init, --synchronous"), unused.stderr)
        let range = try bellman("play", "--method", "q-learning", "--alpha", "3")
        XCTAssertTrue(range.stderr.contains("--alpha 3 is out of range; valid: 0 < alpha <= 1"), range.stderr)
        let compared = try bellman("play", "--compare", "value-iteration,sarsa", "--lambda", "0.5")
        XCTAssertTrue(compared.stderr.contains("none of value-iteration, sarsa uses --lambda"), compared.stderr)
    }
}

extension CLITests {
    /// `bellman --version` prints the version, from the one place it is written, and exits 0.
    func testVersionPrintsTheVersion() throws {
        let output = try bellman("--version")
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(output.stdout, BellmanVersion.current + "\n")
        XCTAssertTrue(BellmanVersion.current.hasPrefix("0."), BellmanVersion.current)
    }
}

extension CLITests {
    /// A parameter refused once the level is read (its range, a method that does not use it)
    /// is the subcommand's usage error, as one refused while parsing: `Usage: bellman run ...`,
    /// not the top-level usage; exit 64.
    func testAParameterErrorShowsTheSubcommandsUsage() throws {
        let commands: [[String]] = [
            ["run", "cliff-walking", "--method", "q-learning"],
            ["play", "cliff-walking", "--method", "q-learning"],
            ["race", "cliff-walking", "--methods", "q-learning"],
            ["sweep", "cliff-walking", "--methods", "q-learning", "--vary", "epsilon=0.1,0.2", "--episodes", "2"],
            ["scale", "small-gridworld", "--methods", "q-learning"],
        ]
        for command in commands {
            let refused = try bellman(command + ["--alpha", "7"])
            XCTAssertEqual(refused.status, 64, "\(command[0]): \(refused.stderr)")
            XCTAssertEqual(refused.stdout, "")
            XCTAssertTrue(refused.stderr.hasPrefix("Error: --alpha 7 is out of range; valid: 0 < alpha <= 1\nUsage: bellman \(command[0]) "), "\(command[0]): \(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains("See 'bellman \(command[0]) --help' for more information."), refused.stderr)
            XCTAssertFalse(refused.stderr.contains("<subcommand>"), refused.stderr)
        }
        let unused = try bellman("run", "cliff-walking", "--method", "value-iteration", "--alpha", "0.5")
        XCTAssertEqual(unused.status, 64)
        XCTAssertTrue(unused.stderr.contains("value-iteration does not use --alpha") && unused.stderr.contains("Usage: bellman run "), unused.stderr)
    }
}

extension CLITests {
    /// A level that is not there has no line and column to point at: the name and what would
    /// do; a file that is there but broken is still FILE:LINE:COL. The same for a lesson, a
    /// policy and a session.
    func testAMissingLevelSaysWhatWouldDoWithoutALine() throws {
        let missing = try bellman("run", "nosuchlevel", "--method", "q-learning")
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stdout, "")
        XCTAssertTrue(missing.stderr.hasPrefix("bellman: no level named `nosuchlevel` (bundled levels: aima-4x3, "), missing.stderr)
        XCTAssertTrue(missing.stderr.hasSuffix(", windy-kings-moves; or give a path to a .toml file)\n"), missing.stderr)
        XCTAssertFalse(missing.stderr.contains(":1:1"), missing.stderr)
        let slip = try bellman("race", "cliff-walkin", "--methods", "q-learning")
        XCTAssertEqual(slip.status, 1)
        XCTAssertTrue(slip.stderr.hasPrefix("bellman: no level named `cliff-walkin`; did you mean `cliff-walking`? (bundled levels: "), slip.stderr)
        let path = try bellman("check", "/nonexistent/level.toml")
        XCTAssertEqual(path.status, 1)
        XCTAssertEqual(path.stderr, "bellman: /nonexistent/level.toml: no such file; give a path to a .toml level file or a bundled level's name (see `bellman levels`)\n")

        let broken = try temporaryFile("name = \"Broken\"\ngamma = 1.5\nmap = \"S.G\"\n")
        let located = try bellman("run", broken, "--method", "q-learning")
        XCTAssertEqual(located.status, 1)
        XCTAssertTrue(located.stderr.hasPrefix("\(broken):2:9: gamma = 1.5 is out of range"), located.stderr)

        let policy = try bellman("run", "cliff-walking", "--method", "td0", "--policy", "nosuch")
        XCTAssertEqual(policy.status, 1)
        XCTAssertTrue(policy.stderr.hasPrefix("bellman: no policy named `nosuch` (bundled policies: "), policy.stderr)
        let session = try bellman("run", "--load", "/nonexistent/s.json")
        XCTAssertEqual(session.status, 1)
        XCTAssertEqual(session.stderr, "bellman: /nonexistent/s.json: no such file; give the path of a session file\n")
    }
}

extension CLITests {
    /// `bellman lesson --list` in a file or a pipe: 80 columns, broken between words, each
    /// continuation line under the start of the description; read back, each lesson's text
    /// is whole.
    func testLessonListWrapsBetweenWordsUnderTheDescription() throws {
        let output = try bellman("lesson", "--list")
        XCTAssertEqual(output.status, 0, output.stderr)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        let names = LessonCatalog.names
        let indent = (names.map(\.count).max() ?? 0) + 2
        XCTAssertTrue(lines.allSatisfy { $0.count <= 80 }, output.stdout)
        XCTAssertGreaterThan(lines.count, names.count, "long descriptions take more than a line")
        var entries: [String] = []
        for line in lines {
            if line.hasPrefix(String(repeating: " ", count: indent)) {
                XCTAssertFalse(entries.isEmpty)
                entries[entries.count - 1] += " " + line.dropFirst(indent)
            } else {
                entries.append(line)
            }
        }
        XCTAssertEqual(entries.count, names.count, output.stdout)
        for (entry, name) in zip(entries, names) {
            let lesson = try LessonCatalog.load(name)
            XCTAssertEqual(entry, name.padding(toLength: indent, withPad: " ", startingAt: 0) + "\(lesson.name): \(lesson.about)")
        }
    }
}

extension CLITests {
    /// `bellman curve`: CSV of means per x, and every refusal before any work, with the
    /// command's usage.
    func testCurveWritesMeansAndRefusesBadRequests() throws {
        let csv = try bellman("curve", "cliff-walking", "--methods", "sarsa,q-learning", "--episodes", "20", "--runs", "3", "--format", "csv")
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "label,method,x,mean,se")
        XCTAssertEqual(lines.count, 1 + 2 * 20)
        XCTAssertTrue(lines[1].hasPrefix("sarsa,sarsa,1,"), String(lines[1]))
        for (arguments, message) in [
            (["--measure", "action-share", "--state", "r9c9", "--action", "N"], "--state r9c9: not a state of cliff-walking"),
            (["--measure", "action-share", "--state", "r3c0", "--action", "up"], "--action up: not an action of r3c0; valid: N, E, S, W"),
            (["--measure", "cumulative-reward"], "--measure cumulative-reward counts steps: give --steps N"),
            (["--vary", "lambda=0.5"], "q-learning has no lambda to vary"),
        ] {
            let refused = try bellman(["curve", "cliff-walking", "--methods", "q-learning", "--episodes", "5"] + arguments)
            XCTAssertEqual(refused.status, 64, "\(arguments): \(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains(message) && refused.stderr.contains("Usage: bellman curve"), refused.stderr)
        }
        let dp = try bellman("curve", "cliff-walking", "--methods", "value-iteration", "--episodes", "5")
        XCTAssertEqual(dp.status, 1)
        XCTAssertTrue(dp.stderr.contains("value-iteration is DP"), dp.stderr)
    }
}

extension CLITests {
    /// `race --goal` races to one goal; a goal no run reached says so, with what to try.
    func testRaceToOneGoalSaysWhyNoRunReachedIt() throws {
        let race = try bellman("race", "cliff-walking", "--methods", "q-learning", "--runs", "1", "--budget", "100", "--goal", "optimal")
        XCTAssertEqual(race.status, 0, race.stderr)
        let lines = race.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[1], "goal: a greedy policy within 0.01 of V* in every cell")
        XCTAssertTrue(lines.contains { $0.hasPrefix("method") && $0.contains("reached π*") && !$0.contains("RMS") }, race.stdout)
        XCTAssertEqual(lines.last, "q-learning: 0 of 1 run reached π* within the budget of 100 samples; try --budget 1,000 or --goal path")
    }
}

extension CLITests {
    /// `curve --series`: each series its own options, labelled as written; an option the
    /// method does not use is refused with what it uses.
    func testCurveSeriesCarryTheirOwnOptions() throws {
        let csv = try bellman("curve", "cliff-walking", "--series", "sarsa alpha=0.1", "--series", "sarsa alpha=0.5 epsilon=0.2",
                              "--episodes", "5", "--runs", "2", "--format", "csv")
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let labels = Set(csv.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] })
        XCTAssertEqual(labels, ["sarsa alpha=0.1", "sarsa alpha=0.5 epsilon=0.2"])
        let json = try bellman("curve", "cliff-walking", "--series", "sarsa alpha=0.5 epsilon=0.2", "--episodes", "2", "--runs", "1", "--format", "json")
        XCTAssertTrue(json.stdout.contains("\"params\": \"gamma 1, alpha 0.5, epsilon 0.2, init 0, ties random\""), json.stdout)
        let refused = try bellman("curve", "cliff-walking", "--series", "q-learning lambda=0.5")
        XCTAssertEqual(refused.status, 64)
        XCTAssertTrue(refused.stderr.contains("--series \"q-learning lambda=0.5\": q-learning does not use lambda; it uses: gamma, alpha, epsilon, init, seed, ties"), refused.stderr)
    }
}

extension CLITests {
    /// Chapter 2 from the command line: a bandit method runs on the testbed and is refused
    /// elsewhere, its parameters in their ranges, a broken testbed at its position; all before
    /// any work.
    func testBanditsRunAndTheirBadInputIsRefused() throws {
        let ucb = try bellman("run", "ten-armed-testbed", "--method", "ucb", "--episodes", "300", "--seed", "4")
        XCTAssertEqual(ucb.status, 0, ucb.stderr)
        XCTAssertTrue(ucb.stdout.contains("arm   q*(a)    Q(a)"), ucb.stdout)
        XCTAssertTrue(ucb.stdout.contains("the best arm: "), ucb.stdout)
        let elsewhere = try bellman("run", "cliff-walking", "--method", "ucb")
        XCTAssertEqual(elsewhere.status, 1)
        XCTAssertTrue(elsewhere.stderr.contains("ucb is a bandit method") && elsewhere.stderr.contains("q-learning"), elsewhere.stderr)
        for (arguments, message) in [(["--method", "ucb", "--c", "-1"], "--c -1 is out of range; valid: 0 <= c <= 1000000"),
                                     (["--method", "gradient-bandit", "--alpha", "0"], "--alpha 0 is out of range; valid: 0 < alpha <= 100"),
                                     (["--method", "gradient-bandit", "--alpha", "100.5"], "--alpha 100.5 is out of range; valid: 0 < alpha <= 100"),
                                     (["--method", "q-learning", "--alpha", "2"], "--alpha 2 is out of range; valid: 0 < alpha <= 1")] {
            let refused = try bellman(["run", "ten-armed-testbed"] + arguments)
            XCTAssertEqual(refused.status, 64, arguments.joined(separator: " "))
            XCTAssertTrue(refused.stderr.contains(message), refused.stderr)
        }
        let wide = try bellman("run", "ten-armed-testbed", "--method", "gradient-bandit", "--alpha", "2", "--episodes", "10")
        XCTAssertEqual(wide.status, 0, wide.stderr)
        let broken = try temporaryFile("name = \"b\"\n[mdp]\nbuiltin = \"testbed\"\narms = 10001\nwalk_sd = -1\n")
        let check = try bellman("check", broken)
        XCTAssertEqual(check.status, 1)
        XCTAssertTrue(check.stderr.contains(":4:8: `arms` must be an integer from 2 to 1000"), check.stderr)
        XCTAssertTrue(check.stderr.contains(":5:11: `walk_sd` must be a number from 0 to 1000000"), check.stderr)
    }
}
