import BellmanTestSupport
import Foundation
import XCTest

/// The signal study from the command line (DESIGN §13): `race --goal sharp` and `sweep
/// --measure samples-to-sharp`, as a student types them.
final class SignalStudyCLITests: XCTestCase {
    func bellman(_ arguments: String...) throws -> CommandOutput { try bellman(arguments) }
    func bellman(_ arguments: [String]) throws -> CommandOutput { try BellmanExecutable.run(arguments) }

    func testARaceToASharpPolicyInTextJSONAndCSV() throws {
        let race = ["race", "small-gridworld", "--methods", "imitation,q-learning,value-iteration", "--goal", "sharp", "--runs", "3"]
        let text = try bellman(race)
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("goal: π puts at least 0.9 on optimal actions"), text.stdout)
        let lines = text.stdout.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("method") && $0.contains("reached sharp") && $0.contains("samples to sharp") }, text.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("imitation") && $0.contains("3/3") }, text.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("value-iteration") && $0.contains("1/1") }, text.stdout)

        let json = try bellman(race + ["--format", "json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["goal"] as? String, "sharp")
        let imitation = try XCTUnwrap((object["methods"] as? [[String: Any]])?.first)
        XCTAssertEqual((imitation["samples_to_sharp"] as? [String: Any])?["reached"] as? Int, 3)
        let runs = try XCTUnwrap(imitation["runs"] as? [[String: Any]])
        XCTAssertTrue(runs.allSatisfy { (($0["to_sharp"] as? [String: Any])?["samples"] as? Int ?? 0) > 0 }, "\(runs)")

        let csv = try bellman(race + ["--format", "csv"])
        XCTAssertTrue(csv.stdout.hasPrefix("method,family,run,") && csv.stdout.split(separator: "\n")[0].contains("samples_to_sharp"), csv.stdout)
    }

    /// `scale` with the PG family (DESIGN §13: "scale takes these methods too"): the small
    /// gridworld at 16 and 64 states, samples to a sharp policy for a label (imitation) and
    /// a group's reward (GRPO), each fitted as c |S|^k. Measured: imitation 2,140 then 19,369,
    /// GRPO 2,977 then 33,765 (seeds 1 and 2): the label is cheaper at both sizes.
    func testScaleMeasuresThePolicyGradientFamilyToASharpPolicy() throws {
        let out = try bellman("scale", "small-gridworld", "--methods", "imitation,grpo", "--factors", "1,2", "--runs", "2",
                              "--goal", "sharp", "--format", "json")
        XCTAssertEqual(out.status, 0, out.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["goal"] as? String, "sharp")
        let rows = try XCTUnwrap(object["rows"] as? [[String: Any]])
        func samples(_ method: String, _ states: Int) throws -> Double {
            let row = try XCTUnwrap(rows.first { $0["method"] as? String == method && $0["states"] as? Int == states }, "\(method) at \(states)")
            XCTAssertEqual(row["reached"] as? Int, 2, "\(row)")
            return try XCTUnwrap(row["samples"] as? Double)
        }
        for states in [16, 64] {
            XCTAssertLessThan(try samples("imitation", states), try samples("grpo", states), "a label against a reward at \(states) states")
        }
        let fits = try XCTUnwrap(object["fits"] as? [[String: Any]])
        for method in ["imitation", "grpo"] {
            let fit = try XCTUnwrap(fits.first { $0["method"] as? String == method && $0["cost"] as? String == "samples" })
            XCTAssertGreaterThan(fit["k"] as? Double ?? 0, 1, "samples grow faster than |S| here: \(fit)")
        }
    }

    /// On the short corridor one policy serves three states whose optimal actions differ: the
    /// race says so instead of only "try a bigger budget".
    func testLookAlikeStatesAreNamedWhenNoRunGetsThere() throws {
        let out = try bellman("race", "short-corridor", "--methods", "reinforce-baseline", "--goal", "sharp", "--runs", "2", "--budget", "2000")
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertTrue(out.stdout.contains("reinforce-baseline: 0 of 2 runs reached sharp within the budget of 2,000 samples"), out.stdout)
        XCTAssertTrue(out.stdout.contains("its states look alike"), out.stdout)
    }

    func testASweepOfPriorsMeasuresSamplesToSharp() throws {
        let out = try bellman("sweep", "small-gridworld", "--methods", "reinforce", "--vary", "prior=0.9",
                              "--measure", "samples-to-sharp", "--runs", "2")
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertTrue(out.stdout.contains("samples to a sharp policy within 100,000 samples, the median of 2 runs"), out.stdout)
        let row = out.stdout.split(separator: "\n").first { $0.hasPrefix("reinforce") }?.split(separator: " ")
        XCTAssertEqual(row, ["reinforce", "0.9", "0", "2/2"], "a prior of 0.9 is sharp before any sample")

        let episodes = try bellman("sweep", "small-gridworld", "--methods", "reinforce", "--vary", "prior=0.9",
                                   "--measure", "samples-to-sharp", "--episodes", "5")
        XCTAssertEqual(episodes.status, 64)
        XCTAssertTrue(episodes.stderr.contains("--episodes and --window do not apply"), episodes.stderr)
        XCTAssertEqual(episodes.stdout, "")

        let prediction = try bellman("sweep", "small-gridworld", "--methods", "td0", "--vary", "alpha=0.1", "--measure", "samples-to-optimal")
        XCTAssertEqual(prediction.status, 1)
        XCTAssertTrue(prediction.stderr.contains("td0 is a prediction method: it learns no policy"), prediction.stderr)
    }
}
