import BellmanCore
import Foundation
import XCTest

/// Saved sessions reproduce the learned state exactly, and continue as if never stopped.
final class SessionTests: XCTestCase {
    func testSaveLoadAndContinueIsBitIdentical() throws {
        for (level, method) in [("cliff-walking", SarsaLambda.info), ("dyna-maze", DynaQ.info), ("windy-gridworld", MCControl.info),
                                ("small-gridworld", ValueIteration.info)] {
            let url = try XCTUnwrap(LevelCatalog.url(ofBundled: level))
            let source = try String(contentsOf: url, encoding: .utf8)
            let model = Model(try LevelCatalog.load(level))
            let initial = method.defaults(for: model.level)
            var solver = try method.make(model, initial)
            solver.run(ticks: 400)
            var changed = solver.parameters
            changed.epsilon = 0.05
            changed.alpha = changed.alpha.map { $0 / 2 }
            changed.theta = 1e-6
            solver.parameters = changed
            let changes = [ParameterChange(tick: solver.counters.ticks, parameters: changed)]
            solver.run(ticks: 300)

            let session = Session(levelID: level, file: "levels/\(level).toml", source: source, method: method,
                                  initial: initial, changes: changes, solver: solver)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: file) }
            try session.json().write(to: file)
            let read = try Session.read(file.path)
            XCTAssertEqual(read, session, "\(method.id): the file round-trips")
            var restored = try read.restore(file: file.path).solver
            XCTAssertEqual(restored.stateValues, solver.stateValues, method.id)
            XCTAssertEqual(restored.actionValues, solver.actionValues, method.id)
            XCTAssertEqual(restored.counters, solver.counters, method.id)
            XCTAssertEqual(restored.parameters, changed, method.id)
            solver.run(ticks: 250)
            restored.run(ticks: 250)
            XCTAssertEqual(restored.stateValues, solver.stateValues, "\(method.id): continues bit-identically")
            XCTAssertEqual(restored.actionValues, solver.actionValues, method.id)
        }
    }

    func testATamperedOrForeignFileIsRefusedWithAReason() throws {
        let level = try LevelCatalog.load("cliff-walking")
        let model = Model(level)
        var solver = QLearning(model: model, parameters: QLearning.info.defaults(for: level))
        solver.run(ticks: 100)
        var session = Session(levelID: "cliff-walking", file: "levels/cliff-walking.toml",
                              source: try String(contentsOf: LevelCatalog.url(ofBundled: "cliff-walking")!, encoding: .utf8),
                              method: QLearning.info, initial: QLearning.info.defaults(for: level), changes: [], solver: solver)
        session.q?[5] += 1
        XCTAssertThrowsError(try session.restore(file: "s.json")) { error in
            XCTAssertTrue("\(error)".contains("s.json: replaying the session does not give the saved tables"), "\(error)")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-session-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try "{\"name\": 1}".write(to: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Session.read(file.path)) { error in
            XCTAssertTrue("\(error)".contains("not a Bellman session file"), "\(error)")
        }
    }
}
