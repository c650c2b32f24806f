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
