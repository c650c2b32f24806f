import BellmanTestSupport
import XCTest
@testable import BellmanCore

/// A grid whose moves are plain (no slip, no cliff, one reward) is sampled from one lookup
/// table, and the methods with a loop of their own for such a world (`run(ticks:)`) must take
/// exactly the ticks `tick()` takes: the same tables, counters, agent and random numbers.
final class PlainMovesTests: XCTestCase {
    func plainLevels() throws -> [(String, Model)] {
        [("windy-gridworld", try bundledModel("windy-gridworld")),
         ("windy-kings-moves (8 actions)", try bundledModel("windy-kings-moves")),
         ("small-maze", try bundledModel("small-maze")),
         ("two starts, capped", try model(TestLevels.cappedTwoStarts))]
    }

    func testPlainMovesAreTheModelsOwnStepsWhereTheLevelHasThem() throws {
        for (name, model) in try plainLevels() {
            let moves = try XCTUnwrap(model.plainMoves, name)
            var a = Xoshiro256(seed: 3), b = Xoshiro256(seed: 3)
            for s in 0..<model.stateCount where !model.isTerminal[s] {
                for action in 0..<model.actionCount {
                    XCTAssertEqual(moves.sample(state: s, action: action, using: &a), model.sample(state: s, action: action, using: &b), "\(name) s\(s) a\(action)")
                }
            }
            XCTAssertEqual(a, b, "\(name): neither draws a random number")
        }
        for name in ["cliff-walking", "dyna-maze", "frozenlake-4x4", "open-field-100", "jacks-car-rental"] {
            XCTAssertNil(try bundledModel(name).plainMoves, "\(name): a cliff, a reward of its own, slip or not a grid")
        }
    }

    func testRunningStepsIsTickingThem() throws {
        for (name, model) in try plainLevels() {
            for method in [QLearning.info, MCControl.info] {
                for ties in [TieBreak.first, .random] {
                    var parameters = method.defaults(for: model.level)
                    parameters.ties = ties
                    parameters.seed = 11
                    if method.id == "mc-control" { parameters.gamma = 0.9 }
                    var running = try method.make(model, parameters), ticking = try method.make(model, parameters)
                    for chunk in [1, 999, 20_000] {
                        running.run(ticks: chunk)
                        for _ in 0..<chunk { _ = ticking.tick() }
                        let label = "\(name), \(method.id), ties \(ties), after a run of \(chunk)"
                        XCTAssertEqual(running.counters, ticking.counters, label)
                        XCTAssertEqual(running.actionValues, ticking.actionValues, label)
                        XCTAssertEqual(running.agentState, ticking.agentState, label)
                    }
                    // The random numbers are where they were: the next ticks agree too.
                    for _ in 0..<50 { XCTAssertEqual(running.tick().transition, ticking.tick().transition, "\(name), \(method.id)") }
                    XCTAssertGreaterThan(running.counters.episodes, 1, "\(name): episodes end in the runs compared")
                    if name.hasSuffix("capped") { XCTAssertGreaterThan(running.counters.episodesCut, 10, "and are cut") }
                }
            }
        }
    }
}
