import Foundation
import XCTest
import BellmanTestSupport

/// `bellman figure` as a user runs it: the catalogue, one figure against the book, --check's
/// exit status, the SVG, and a broken recipe refused at its FILE:LINE:COL.
final class FigureCLITests: XCTestCase {
    func bellman(_ arguments: String...) throws -> CommandOutput { try BellmanExecutable.run(arguments) }

    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-figure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testTheCatalogueListsEveryFigureInTheBooksOrder() throws {
        let out = try bellman("figure")
        XCTAssertEqual(out.status, 0, out.stderr)
        let ids = out.stdout.split(separator: "\n").compactMap { line -> String? in
            line.first == " " ? nil : line.split(separator: " ").first.map(String.init)
        }
        XCTAssertEqual(Array(ids.prefix(8)), ["2.2", "2.2-optimal", "2.3", "2.4", "2.5", "2.6", "3.2", "3.5"])
        XCTAssertTrue(ids.contains("12.6") && ids.contains("ex8.4") && ids.contains("6.3-asymptotic"), out.stdout)
        for line in out.stdout.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, "wrapped to 80 columns in a pipe: \(line)") }
    }

    func testAFigureSetsBellmanBesideTheBookAndCheckPasses() throws {
        let out = try bellman("figure", "4.1", "--check")
        XCTAssertEqual(out.status, 0, out.stderr + out.stdout)
        XCTAssertTrue(out.stdout.contains("Figure 4.1: iterative policy evaluation"), out.stdout)
        XCTAssertTrue(out.stdout.contains("V(s) after sweeps:"), out.stdout)
        XCTAssertTrue(out.stdout.contains("10 of 10 reference points agree with the book"), out.stdout)
        let json = try bellman("figure", "4.1", "--format", "json")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["agrees"] as? Bool, true)
        XCTAssertEqual((object["book"] as? [Any])?.count, 10)
        XCTAssertNotNil((object["study"] as? [String: Any])?["values"])
    }

    func testCheckFailsWhenAPointIsOutsideItsTolerance() throws {
        let dir = try folder()
        let recipe = dir.appendingPathComponent("wrong.toml")
        try """
            id = "wrong"
            title = "Figure 3.2 with a misprint"
            caption = "The book says 8.8 at A; this recipe says 9.8."
            kind = "values"
            level = "gridworld-3-2"
            series = ["policy-evaluation"]

            [[book]]
            state = "r0c1"
            value = 9.8
            tolerance = 0.05
            source = "a misprint"
            """.write(to: recipe, atomically: true, encoding: .utf8)
        let checked = try bellman("figure", recipe.path, "--check")
        XCTAssertEqual(checked.status, 1)
        XCTAssertNotNil(checked.stdout.range(of: "\\[1\\] +9\\.8 ± 0\\.05 +8\\.7893 +NO +policy-evaluation at r0c1", options: .regularExpression), checked.stdout)
        XCTAssertTrue(checked.stdout.contains("0 of 1 reference points agree"), checked.stdout)
        XCTAssertEqual(try bellman("figure", recipe.path).status, 0, "without --check the figure is shown and the run succeeds")
    }

    func testTheSVGDrawsTheBooksPointsAndValuesFiguresAreTables() throws {
        let dir = try folder()
        let svg = dir.appendingPathComponent("ex6.6.svg")
        let out = try bellman("figure", "ex6.6", "--runs", "3", "--svg", svg.path)
        XCTAssertEqual(out.status, 0, out.stderr)
        let text = try String(contentsOf: svg, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("<svg"))
        XCTAssertTrue(text.contains(">Example 6.6: Sarsa against Q-learning on the cliff<"), text)
        XCTAssertTrue(text.contains(">the book<"), "the legend names the crosses")
        XCTAssertTrue(text.contains(">(bellman figure ex6.6)<"), "the note under the legend says how to make it")
        let refused = try bellman("figure", "3.2", "--svg", dir.appendingPathComponent("x.svg").path)
        XCTAssertEqual(refused.status, 64)
        XCTAssertTrue(refused.stderr.contains("figure 3.2 is a table of values, not a chart"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.svg").path))
    }

    func testABrokenRecipeIsRefusedAtItsPlaceAndNothingRuns() throws {
        let dir = try folder()
        let recipe = dir.appendingPathComponent("broken.toml")
        try """
            id = "broken"
            title = "t"
            caption = "c"
            kind = "curve"
            level = "cliff-walking"
            series = ["sarsa", "q-lerning"]
            runs = 0
            """.write(to: recipe, atomically: true, encoding: .utf8)
        let out = try bellman("figure", recipe.path)
        XCTAssertEqual(out.status, 1)
        XCTAssertTrue(out.stderr.contains("\(recipe.path):6:20: unknown method `q-lerning`"), out.stderr)
        XCTAssertTrue(out.stderr.contains("\(recipe.path):7:8: runs = 0 is out of range; valid: 1 to 100000"), out.stderr)
        XCTAssertTrue(out.stdout.isEmpty)
        let missing = try bellman("figure", "9.9")
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("no figure named `9.9`"), missing.stderr)
    }
}
