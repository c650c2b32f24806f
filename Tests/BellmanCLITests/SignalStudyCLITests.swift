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
