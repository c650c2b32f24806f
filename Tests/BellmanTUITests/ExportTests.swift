import BellmanCore
@testable import BellmanTUI
import Foundation
import XCTest

/// Exports: the screen as ANSI and plain text, values and curves as CSV, asciicast recordings.
final class ExportTests: XCTestCase {
    func stripANSI(_ s: String) -> String {
        s.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }

    func testANSITextIsTheScreenWithItsColours() throws {
        var run = ExportRun(level: try LevelCatalog.load("cliff-walking"), method: QLearning.info,
                            parameters: QLearning.info.defaults(for: try LevelCatalog.load("cliff-walking")))
        run.step(.episode)
        let canvas = run.frame()
        let lines = canvas.ansiLines()
        XCTAssertEqual(lines.count, canvas.height)
        for y in 0..<canvas.height { XCTAssertEqual(stripANSI(lines[y]), canvas.line(y), "row \(y)") }
        XCTAssertTrue(lines.joined().contains("\u{1B}[0;38;5;") || lines.joined().contains("48;5;"), "the heatmap's 256 colours")
        XCTAssertTrue(lines.allSatisfy { $0.hasSuffix("\u{1B}[0m") }, "every line ends with a reset")
    }

    func testValuesAndCurvesCSV() throws {
        let level = try LevelCatalog.load("cliff-walking")
        var run = ExportRun(level: level, method: QLearning.info, parameters: QLearning.info.defaults(for: level))
        for _ in 0..<20 { run.step(.episode) }
        let model = run.state.model, snapshot = run.snapshot
        let rows = Exports.valuesCSV(model: model, snapshot: snapshot).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(rows[0], ["row", "col", "state", "kind", "V", "Q_N", "Q_E", "Q_S", "Q_W", "greedy"])
        XCTAssertEqual(rows.count, model.stateCount + 1)
        for s in 0..<model.stateCount {
            let row = rows[s + 1]
            XCTAssertEqual(Double(row[4]), snapshot.values[s])
            XCTAssertEqual(Double(row[5 + 1]), snapshot.q![s * 4 + 1], "Q_E of state \(s)")
            if model.isTerminal[s] { XCTAssertEqual(row[9], "") } else { XCTAssertTrue(["N", "E", "S", "W"].contains(row[9])) }
        }
        let start = Int(model.startStates[0])
        XCTAssertEqual(rows[start + 1][3], "start")

        let curves = Exports.curvesCSV(snapshot: snapshot, family: .td).split(separator: "\n")
        XCTAssertEqual(curves.first, "series,x,y")
        XCTAssertEqual(curves.filter { $0.hasPrefix("return,") }.count, 20)
        XCTAssertEqual(curves.filter { $0.hasPrefix("rms,") }.count, snapshot.errors.count)
        XCTAssertEqual(curves.last { $0.hasPrefix("return,") }, "return,20,\(snapshot.lastEpisode!.return_)")
    }

    func testAsciicastHeaderAndEventsAreJSON() throws {
        var cast = AsciicastRecorder(width: 100, height: 30, title: "t \"quoted\"", timestamp: 1_700_000_000)
        cast.add(Canvas(width: 100, height: 30), at: 0)
        var wide = Canvas(width: 120, height: 40)
        wide.put("héllo ▶ ⠿", x: 1, y: 1, style: Style(foreground: .indexed(214)))
        cast.add(wide, at: 0.5)
        cast.add(wide, at: 0.25)  // never back in time
        let lines = cast.text.split(separator: "\n").map(String.init)
        let header = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        XCTAssertEqual(header["version"] as? Int, 2)
        XCTAssertEqual(header["width"] as? Int, 100)
        XCTAssertEqual(header["height"] as? Int, 30)
        XCTAssertEqual(header["title"] as? String, "t \"quoted\"")
        let events = try lines.dropFirst().map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [Any]) }
        XCTAssertEqual(events.map { $0[1] as? String }, ["o", "r", "o", "o"])
        XCTAssertEqual(events[1][2] as? String, "120x40", "a resize event before the larger screen")
        let times = events.map { $0[0] as? Double ?? -1 }
        XCTAssertEqual(times, times.sorted())
        let frame = try XCTUnwrap(events[2][2] as? String)
        XCTAssertTrue(frame.hasPrefix("\u{1B}[H\u{1B}[2J"))
        XCTAssertTrue(stripANSI(frame).contains("héllo ▶ ⠿"))
    }
}

extension ExportTests {
    /// `X`, `T` and build mode's `w` into an export folder that cannot be one (a file, or a
    /// folder under a file) say what, where and what to do, never a raw system error.
    func testWritingIntoAFolderThatCannotBeSaysWhatAndWhere() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("plain").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        var state = AppState(level: try LevelCatalog.load("cliff-walking"), levelNames: [], width: 120, height: 40, colorMode: .none)
        state.snapshot = Snapshot()
        for (exportDirectory, what) in [(file, "it is a file, not a folder"), (file + "/inner", "\(file) is a file, not a folder")] {
            var files = PlaygroundFiles()
            files.exportDirectory = exportDirectory
            let expected = "\(exportDirectory): cannot write the export: \(what); give a new or empty folder"
            for (event, action) in [(files.export(state), "cannot export"), (files.savePolicy(state), "cannot save the policy"),
                                    (files.writeLevel(state), "cannot write the level")] {
                guard case .reported(let message) = event else { return XCTFail("\(action): \(event)") }
                XCTAssertEqual(message, "\(action): \(expected)")
            }
        }
    }
}

extension ExportTests {
    /// `X` in compare mode writes what is on the screen: the compare frame and each compared
    /// method's values, curves and policy (it wrote value iteration's, a method not shown).
    func testCompareModeExportsTheComparedMethods() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-export-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        var state = try appState(colors: .none)
        state.compareMethods = ["sarsa", "q-learning"]
        let entries = state.compareMethods!.map { CompareEntry(method: Methods.named($0)!, parameters: Methods.named($0)!.defaults(for: state.level)) }
        var worker = comparing(state.model, entries, rate: 3_000)
        for _ in 0..<30 {
            worker.apply(.step(.tick))
            finishWork(&worker)
        }
        state.snapshot = worker.snapshot()
        var files = PlaygroundFiles()
        files.exportDirectory = directory.path
        guard case .reported(let message) = files.export(state) else { return XCTFail() }
        let folder = directory.appendingPathComponent("cliff-walking-compare-3000")
        XCTAssertEqual(message, "exported to \(folder.path)/: frame.txt, frame.ans, sarsa-values.csv, sarsa-curves.csv, sarsa-policy.toml, q-learning-values.csv, q-learning-curves.csv, q-learning-policy.toml")
        for (i, id) in ["sarsa", "q-learning"].enumerated() {
            let compared = state.snapshot.compared[i]
            XCTAssertEqual(compared.counters.samples, 3_000)
            let values = try String(contentsOf: folder.appendingPathComponent("\(id)-values.csv"), encoding: .utf8)
            XCTAssertEqual(values, Exports.valuesCSV(model: state.model, snapshot: compared))
            let curves = try String(contentsOf: folder.appendingPathComponent("\(id)-curves.csv"), encoding: .utf8)
            XCTAssertEqual(curves.split(separator: "\n").filter { $0.hasPrefix("return,") }.count, compared.counters.episodes)
            XCTAssertGreaterThan(compared.counters.episodes, 0)
        }
        let frame = try String(contentsOf: folder.appendingPathComponent("frame.txt"), encoding: .utf8)
        XCTAssertEqual(frame, Screen.render(state).text + "\n")
    }
}

extension ExportTests {
    /// An export into a relative folder (the default, `bellman-exports`) names the whole
    /// path in its status line, so a student knows which folder it went to.
    func testAnExportIntoTheCurrentFolderSaysWhichFolder() throws {
        let relative = "bellman-exports-test-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: relative) }
        var state = try appState(colors: .none)
        state.snapshot = snapshot(of: state, after: [.sweep])
        var files = PlaygroundFiles()
        files.exportDirectory = relative
        guard case .reported(let message) = files.export(state) else { return XCTFail() }
        let whole = FileManager.default.currentDirectoryPath + "/" + relative
        XCTAssertTrue(message.hasPrefix("exported to \(whole)/cliff-walking-value-iteration-"), message)
        XCTAssertTrue(FileManager.default.fileExists(atPath: whole))
    }
}
