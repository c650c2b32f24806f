@testable import BellmanCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// `--svg`: standalone SVG plots that parse as XML, with their axes, legend and error bars.
final class SVGChartTests: XCTestCase {
    /// The elements of an SVG document, by name, with their text; fails if it is not XML.
    private func elements(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> [(name: String, text: String)] {
        final class Collector: NSObject, XMLParserDelegate {
            var found: [(name: String, text: String)] = []
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                found.append((name, ""))
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                if !found.isEmpty { found[found.count - 1].text += string }
            }
        }
        let parser = XMLParser(data: Data(svg.utf8)), collector = Collector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")", file: file, line: line)
        return collector.found.map { ($0.name, $0.text.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// A text element as drawn: where it is anchored, its size and its characters.
    private struct Text {
        var x: Double, y: Double, anchor: String, size: Double, text: String
        /// Its left and right ends, at the generous 0.6 em a character the chart lays out with.
        var span: (Double, Double) {
            let width = Double(text.count) * size * 0.6
            switch anchor {
            case "middle": return (x - width / 2, x + width / 2)
            case "end": return (x - width, x)
            default: return (x, x + width)
            }
        }
    }

    /// The picture's size (its viewBox), its frame, its texts (not the rotated axis label) and
    /// its circles, read back from the SVG as XML.
    private func layout(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws
        -> (width: Double, height: Double, frame: (x: Double, y: Double, width: Double, height: Double), texts: [Text], circles: [[String: String]]) {
        final class Collector: NSObject, XMLParserDelegate {
            var elements: [(name: String, attributes: [String: String], text: String)] = []
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                elements.append((name, attributes, ""))
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                if !elements.isEmpty { elements[elements.count - 1].text += string }
            }
        }
        let parser = XMLParser(data: Data(svg.utf8)), collector = Collector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "not well-formed XML", file: file, line: line)
        let box = try XCTUnwrap(collector.elements.first?.attributes["viewBox"]).split(separator: " ").compactMap { Double($0) }
        XCTAssertEqual(box.count, 4, file: file, line: line)
        let rect = try XCTUnwrap(collector.elements.first { $0.name == "rect" && $0.attributes["stroke"] != nil }).attributes
        func number(_ key: String, _ a: [String: String]) -> Double { Double(a[key] ?? "") ?? .nan }
        let texts = collector.elements.filter { $0.name == "text" && $0.attributes["transform"] == nil }.map { e in
            Text(x: number("x", e.attributes), y: number("y", e.attributes), anchor: e.attributes["text-anchor"] ?? "start",
                 size: Double(e.attributes["font-size"] ?? "12") ?? 12, text: e.text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return (box[2], box[3], (number("x", rect), number("y", rect), number("width", rect), number("height", rect)),
                texts, collector.elements.filter { $0.name == "circle" }.map(\.attributes))
    }

    /// Every text lies inside the picture, whole.
    private func assertTextsInside(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let drawn = try layout(svg, file: file, line: line)
        for text in drawn.texts {
            let (low, high) = text.span
            XCTAssertTrue(low >= 0 && high <= drawn.width && text.y > 0 && text.y <= drawn.height,
                          "'\(text.text)' spans x \(low)-\(high), y \(text.y): outside the \(drawn.width) x \(drawn.height) picture", file: file, line: line)
        }
    }

    /// `bellman race cliff-walking --methods value-iteration,q-learning,mc-control --svg FILE`,
    /// as its table reads: value iteration 0 samples, 518 backups, 2,072 model reads; Q-learning
    /// an optimal policy in 9 of 10 runs, with no model reads; MC control in none of 10.
    func testARaceChartKeepsEveryLabelInsideAndSaysWhatItCannotDraw() throws {
        func counters(samples: Int, backups: Int, reads: Int) -> Counters {
            var c = Counters()
            c.samples = samples
            c.backups = backups
            c.modelReads = reads
            return c
        }
        func run(_ reached: Counters?) -> RaceRun { RaceRun(toTarget: reached, toOptimalPolicy: reached, finalRMS: 1, total: reached ?? Counters()) }
        let dp = counters(samples: 0, backups: 518, reads: 2_072)
        let q = (0..<9).map { counters(samples: 10_000 + 2_000 * $0, backups: 10_000 + 2_000 * $0, reads: 0) }
        let entries = [
            RaceEntry(method: try XCTUnwrap(Methods.named("value-iteration")), parameters: Parameters(gamma: 1), runs: [run(dp)]),
            RaceEntry(method: QLearning.info, parameters: Parameters(gamma: 1), runs: q.map(run) + [run(nil)]),
            RaceEntry(method: try XCTUnwrap(Methods.named("mc-control")), parameters: Parameters(gamma: 1), runs: Array(repeating: run(nil), count: 10)),
        ]
        let svg = RaceReport.svg(entries, model: try bundledModel("cliff-walking"))
        try assertTextsInside(svg)
        let drawn = try layout(svg)
        let frame = drawn.frame
        // Each method's name under its own place on the axis, inside the frame: mc-control too,
        // though no run of it reached the goal.
        for method in ["value-iteration", "q-learning", "mc-control"] {
            let label = try XCTUnwrap(drawn.texts.first { $0.text == method }, method)
            XCTAssertTrue(label.x > frame.x && label.x < frame.x + frame.width, "\(method) at x \(label.x), the frame spans \(frame.x)-\(frame.x + frame.width)")
        }
        let words = drawn.texts.map(\.text).joined(separator: " ")
        XCTAssertTrue(words.contains("did not reach the goal in 10 of 10 runs"), words)
        XCTAssertTrue(words.contains("did not reach the goal in 1 of 10 runs"), words)
        XCTAssertFalse(words.contains("in 0 of 1 run"), "value iteration reached it: \(words)")
        // DP's 0 samples and Q-learning's 0 model reads: hollow, on the log axis's bottom edge,
        // and said why.
        let bottom = frame.y + frame.height
        let hollow = drawn.circles.filter { $0["fill"] == "white" && Double($0["cy"] ?? "") == bottom }
        XCTAssertEqual(hollow.count, 2, "\(drawn.circles)")
        XCTAssertTrue(words.contains("value-iteration: 0 samples (a model, no experience)"), words)
        XCTAssertTrue(words.contains("q-learning: 0 model reads (experience, no model)"), words)
        XCTAssertTrue(words.contains("0: a log axis has none; drawn hollow on its bottom edge"), words)
    }

    /// A legend label longer than the legend's column widens the picture instead of running
    /// off its edge; a title wider than the picture widens it too.
    func testLongLabelsAndTitlesWidenThePicture() throws {
        let points = [SVGChart.Point(x: 0.1, y: -20), SVGChart.Point(x: 0.5, y: -15)]
        let chart = SVGChart(title: String(repeating: "a very long title ", count: 6), xLabel: "alpha", yLabel: "return",
                             series: [SVGChart.Series(label: "expected-sarsa planning-steps=10 epsilon=0.05", points: points),
                                      SVGChart.Series(label: "q-learning", points: points)])
        try assertTextsInside(chart.svg())
        XCTAssertGreaterThan(try layout(chart.svg()).width, 760)
    }

    func testASweepPlotHasItsAxesLegendAndErrorBars() throws {
        let level = try LevelCatalog.load("cliff-walking")
        var settings = ParameterSweep.Settings()
        settings.runs = 3
        settings.episodes = 10
        settings.window = .first(10)
        let axes = [ParameterSweep.Axis(name: .alpha, values: [0.2, 0.5, 1])]
        let rows = try ParameterSweep.run(model: Model(level), methods: [Sarsa.info, QLearning.info], axes: axes, settings: settings)
        let svg = SweepReport.svg(level: level, axes: axes, rows: rows, settings: settings)
        let found = elements(svg)
        XCTAssertEqual(found.first?.name, "svg")
        let texts = found.filter { $0.name == "text" }.map(\.text)
        XCTAssertTrue(texts.contains("sarsa") && texts.contains("q-learning"), "the legend: \(texts)")
        XCTAssertTrue(texts.contains("alpha") && texts.contains("return per episode"), "the axis labels: \(texts)")
        XCTAssertEqual(found.filter { $0.name == "polyline" }.count, 2, "a line per method")
        XCTAssertEqual(found.filter { $0.name == "circle" }.count, 6)
        XCTAssertEqual(found.filter { $0.name == "path" }.count, 6, "an error bar per point (mean ± se of 3 runs)")
    }

    func testLogAxesTickByDecadesAndNamesAreEscaped() {
        var chart = SVGChart(title: "a <b> & \"c\"", xLabel: "states", yLabel: "cost",
                             series: [SVGChart.Series(label: "<script>", points: [SVGChart.Point(x: 10, y: 100), SVGChart.Point(x: 1_000, y: 1e6)])],
                             logX: true, logY: true)
        let found = elements(chart.svg())
        let texts = found.filter { $0.name == "text" }.map(\.text)
        XCTAssertTrue(texts.contains("a <b> & \"c\"") && texts.contains("<script>"), "text is escaped and reads back: \(texts)")
        XCTAssertFalse(found.contains { $0.name == "script" })
        XCTAssertTrue(["10", "100", "1000", "10000", "100000", "1000000"].allSatisfy(texts.contains), "decade ticks: \(texts)")
        chart.series = []
        XCTAssertTrue(elements(chart.svg()).contains { $0.text.contains("no points to plot") })
    }
}
