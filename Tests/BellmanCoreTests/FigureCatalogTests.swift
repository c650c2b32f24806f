import XCTest
@testable import BellmanCore

/// The figure catalogue (DESIGN §11): every bundled recipe reads, covers the book's list, runs
/// and measures each of its reference points; the cheap ones agree with the book at the
/// book's runs; a recipe from someone else is refused at FILE:LINE:COL.
final class FigureCatalogTests: XCTestCase {
    /// Section 11's list.
    static let required = ["2.2", "2.2-optimal", "2.3", "2.4", "2.5", "2.6", "3.2", "3.5", "4.1", "4.2", "4.3", "5.1", "5.2", "5.3", "5.4", "ex6.2-left", "ex6.2-right", "6.2",
                           "ex6.5", "ex6.6", "6.3", "6.5", "7.2", "8.2", "8.4", "8.5", "ex8.4", "12.6",
                           "ex13.1", "13.1", "13.2"]

    func testEveryBundledRecipeReadsIsNamedByItsIdAndCitesItsSources() throws {
        let ids = FigureCatalog.ids
        for id in Self.required { XCTAssertTrue(ids.contains(id), "the catalogue has no figure \(id)") }
        for id in ids {
            let recipe = try FigureCatalog.load(id)
            XCTAssertEqual(recipe.id, id, "levels/figures/\(id).toml says id = \(recipe.id)")
            XCTAssertFalse(recipe.book.isEmpty, "\(id) has no reference points")
            for point in recipe.book { XCTAssertFalse(point.source.isEmpty, "\(id): a point without its source") }
        }
        XCTAssertEqual(FigureCatalog.ids.prefix(8), ["2.2", "2.2-optimal", "2.3", "2.4", "2.5", "2.6", "3.2", "3.5"], "the book's order")
        XCTAssertLessThan(ids.firstIndex(of: "6.2")!, ids.firstIndex(of: "ex6.2-left")!)
        XCTAssertLessThan(ids.firstIndex(of: "8.5")!, ids.firstIndex(of: "12.6")!)
    }

    /// Every recipe runs, with fewer runs (and, for the four that take minutes in a debug
    /// build, a shorter budget): each series is there and every reference point within the
    /// budget run is measured.
    func testEveryRecipeRunsAndMeasuresEachReferencePoint() throws {
        for id in FigureCatalog.ids {
            var recipe = try FigureCatalog.load(id)
            switch id {
            case "5.1": recipe.episodes = 20_000
            case "5.2": recipe.episodes = 20_000
            case "6.3-asymptotic": recipe.episodes = 2_000
            case "ex8.4": (recipe.factors, recipe.budget) = ([1, 2], 200_000)
            default: break
            }
            let run = try FigureRun.run(recipe, runs: min(recipe.runs, 2))
            XCTAssertEqual(run.checks.count, recipe.book.count, id)
            let horizon = Double(recipe.steps ?? recipe.episodes ?? .max)
            for check in run.checks {
                // A scale point may be "-" (half the runs short of the goal): its rows are checked below.
                if recipe.kind == .scale { continue }
                if recipe.kind == .curve, (check.point.x ?? 0) > horizon { continue }
                if check.point.action != nil {
                    XCTAssertFalse(check.actions.isEmpty, "\(id): no action at \(check.point.state ?? "?")")
                } else {
                    XCTAssertNotNil(check.measured, "\(id): nothing measured for [\(check.point.source)]")
                }
            }
            switch run.study {
            case .curve(let curves, _): XCTAssertEqual(curves.count, FigureReader.labels(of: recipe).count, id)
            case .sweep(let axes, let rows, _) where recipe.varyPerSeries:
                XCTAssertEqual(rows.map(\.line), zip(recipe.series, axes).flatMap { series, axis in axis.values.map { _ in series } }, id)
            case .sweep(let axes, let rows, _): XCTAssertEqual(rows.count, recipe.series.count * ParameterSweep.combinations(axes).count, id)
            case .scale(let rows, _, _, _): XCTAssertEqual(rows.count, recipe.series.count * recipe.factors.count, id)
            case .run(_, let snapshots): XCTAssertEqual(snapshots.map(\.after), recipe.after.sorted(), id)
            case .policyValue(let study): XCTAssertEqual(study.points.map(\.p), (1...99).map { Double($0) / 100 }, id)
            }
            XCTAssertTrue(FigureReport.text(run).contains("reference points agree with the book"), id)
        }
    }

    /// With the book's runs, the figures that take a second or less in a debug build agree
    /// with every point the book prints or plots (the rest: `bellman figure ID --check`,
    /// timed in docs/figures.md).
    func testTheQuickFiguresAgreeWithTheBookAtTheBooksRuns() throws {
        for id in ["3.2", "3.5", "4.1", "4.3", "ex6.2-left", "ex6.2-right", "6.2", "ex6.5", "ex6.6", "8.2", "8.4", "8.5", "ex13.1"] {
            let run = try FigureRun.run(try FigureCatalog.load(id))
            for check in run.checks where !check.agrees {
                XCTFail("\(id): \(check.point.source): the book \(check.point.expected), Bellman \(check.shown)")
            }
        }
    }

    func testTheSameRunsGiveTheSameFigureWhateverTheThreads() throws {
        let recipe = try FigureCatalog.load("ex6.6")
        let one = try FigureRun.run(recipe, runs: 4, threads: 1), two = try FigureRun.run(recipe, runs: 4, threads: 2)
        XCTAssertEqual(FigureReport.csv(one), FigureReport.csv(two))
    }

    // MARK: A recipe from someone else

    private func problems(_ source: String) -> String {
        do {
            _ = try FigureReader.parse(source: source, file: "mine.toml")
            return ""
        } catch { return "\(error)" }
    }

    private let valid = """
        id = "mine"
        title = "A figure"
        caption = "What it shows."
        kind = "curve"
        level = "cliff-walking"
        series = ["sarsa", "q-learning"]
        episodes = 50

        [[book]]
        series = "sarsa"
        x = 50
        value = -25
        tolerance = 5
        source = "Example 6.6"

        """

    /// Figure 2.6's form: each series varies its own parameter.
    private let perSeries = """
        id = "mine"
        title = "A figure"
        caption = "What it shows."
        kind = "sweep"
        level = "ten-armed-testbed"
        series = ["epsilon-greedy alpha=0.1", "ucb"]
        vary = ["epsilon=0.1,0.2", "c=0.5,1"]
        vary_per_series = true

        [[book]]
        series = "epsilon-greedy alpha=0.1"
        x = 0.1
        at_least = 1
        source = "somewhere"

        """

    func testARecipeWhoseSeriesVaryTheirOwnParameterReadsAndRuns() throws {
        let recipe = try FigureReader.parse(source: perSeries, file: "mine.toml")
        XCTAssertTrue(recipe.varyPerSeries)
        let run = try FigureRun.run(recipe, runs: 3)
        guard case .sweep(_, let rows, _) = run.study else { return XCTFail("not a sweep") }
        XCTAssertEqual(rows.map(\.line), ["epsilon-greedy alpha=0.1", "epsilon-greedy alpha=0.1", "ucb", "ucb"])
        XCTAssertEqual(rows.map(\.values), [[0.1], [0.2], [0.5], [1]])
        XCTAssertEqual(run.checks.first?.measured, rows[0].mean)
    }

    func testAValidRecipeReads() throws {
        let recipe = try FigureReader.parse(source: valid, file: "mine.toml")
        XCTAssertEqual(recipe.series, ["sarsa", "q-learning"])
        XCTAssertEqual(recipe.book.first?.value, -25)
    }

    func testEachProblemIsNamedWhereItIsWithWhatWouldBeValid() {
        let cases: [(String, String, String)] = [
            (valid.replacingOccurrences(of: "episodes = 50", with: "episods = 50"), "mine.toml:7:1", "unknown key `episods` (did you mean `episodes`?)"),
            (valid.replacingOccurrences(of: "kind = \"curve\"", with: "kind = \"pie\""), "mine.toml:4:8", "`kind` must be one of curve, sweep, scale, values, policy"),
            (valid.replacingOccurrences(of: "episodes = 50", with: "runs = 0"), "mine.toml:7:8", "runs = 0 is out of range; valid: 1 to 100000"),
            (valid.replacingOccurrences(of: "\"q-learning\"]", with: "\"q-lerning\"]"), "mine.toml:6:20", "unknown method `q-lerning`"),
            (valid.replacingOccurrences(of: "\"q-learning\"]", with: "\"q-learning alpha=2\"]"), "mine.toml:6:20", "series \"q-learning alpha=2\": --alpha 2 is out of range; valid: 0 < alpha <= 1"),
            (valid.replacingOccurrences(of: "level = \"cliff-walking\"", with: "level = \"cliff-walkin\""), "mine.toml:5:9", "no level named `cliff-walkin` (did you mean `cliff-walking`?)"),
            (valid.replacingOccurrences(of: "series = \"sarsa\"", with: "series = \"sarsa alpha=0.5\""), "mine.toml:10:10", "series = \"sarsa alpha=0.5\" is none of the recipe's series; valid: \"sarsa\", \"q-learning\""),
            (valid.replacingOccurrences(of: "tolerance = 5\n", with: ""), "mine.toml:12:9", "a value needs its tolerance"),
            (valid.replacingOccurrences(of: "source = \"Example 6.6\"\n", with: ""), "mine.toml:9:1", "needs source = \"...\""),
            (valid.replacingOccurrences(of: "x = 50", with: "x = \"end\""), "mine.toml:11:5", "`x` must be a number"),
            (valid.replacingOccurrences(of: "episodes = 50", with: "measure = \"speed\""), "mine.toml:7:11", "measure = \"speed\" is not a curve's; valid: reward"),
            (valid.replacingOccurrences(of: "episodes = 50", with: "vary_per_series = true"), "mine.toml:7:1", "vary_per_series is a sweep's (kind = \"sweep\")"),
            (perSeries.replacingOccurrences(of: ", \"c=0.5,1\"", with: ""), "mine.toml:7:1", "vary names one parameter per series (2 series, 1 in vary)"),
            (perSeries.replacingOccurrences(of: "\"c=0.5,1\"", with: "\"epsilon=0.1\""), "mine.toml:7:28", "ucb has no epsilon to vary; it reads"),
            (perSeries.replacingOccurrences(of: "\"epsilon-greedy alpha=0.1\"", with: "\"epsilon-greedy epsilon=0\""), "mine.toml:7:9", "series \"epsilon-greedy epsilon=0\" sets epsilon and vary varies it"),
            (perSeries.replacingOccurrences(of: "vary_per_series = true", with: "vary_per_series = 1"), "mine.toml:8:19", "`vary_per_series` must be true or false"),
            (perSeries.replacingOccurrences(of: "vary_per_series = true\n", with: ""), "mine.toml:6:11", "a sweep figure's series are method ids"),
        ]
        for (source, place, message) in cases {
            let text = problems(source)
            XCTAssertTrue(text.contains(place) && text.contains(message), "expected \(place) \(message), got: \(text)")
        }
    }

    func testAStateTheLevelDoesNotHaveIsRefusedBeforeAnyWork() throws {
        var recipe = try FigureReader.parse(source: valid, file: "mine.toml")
        recipe.kind = .values
        recipe.series = ["value-iteration"]
        recipe.book = [FigureRecipe.BookPoint(state: "r9c9", value: 1, tolerance: 0, source: "nowhere", line: 9)]
        XCTAssertThrowsError(try FigureRun.run(recipe)) { XCTAssertTrue("\($0)".contains("mine.toml:9: state = \"r9c9\": not a state of cliff-walking"), "\($0)") }
    }
}
