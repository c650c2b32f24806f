import XCTest
@testable import BellmanCore

/// `--start STATE` (DESIGN §11): every episode starts there (Fig 5.3's blackjack state), for
/// every sample-based method, in the fast loops too; a terminal or unknown state is refused.
final class StartStateTests: XCTestCase {
    func testEveryEpisodeStartsInTheGivenState() throws {
        let blackjack = Model(try LevelCatalog.load("blackjack"))
        let cliff = Model(try LevelCatalog.load("cliff-walking"))
        for (model, name, methods) in [(blackjack, "13,2,usable", [MCControl.info, MCOffPolicyPrediction.info, QLearning.info]),
                                       (cliff, "r0c5", [QLearning.info, Sarsa.info, MCControl.info])] {
            let start = try StartState(named: name, in: model)
            for method in methods {
                var p = method.defaults(for: model.level)
                p.start = start
                var solver = try method.make(model, p)
                var firstStates: Set<Int> = [], atStart = true
                while solver.counters.episodes < 30 {
                    let tick = solver.tick()
                    if atStart, let t = tick.transition { firstStates.insert(t.state) }
                    atStart = tick.episodeEnd != nil
                }
                XCTAssertEqual(firstStates, [start.state], "\(method.id) on \(model.level.id)")
            }
        }
        // The batch loop (a kernel) starts there too: its run equals the ticks above.
        var p = QLearning.info.defaults(for: cliff.level)
        p.start = try StartState(named: "r0c5", in: cliff)
        var fast = try QLearning.info.make(cliff, p), slow = try QLearning.info.make(cliff, p)
        fast.run(ticks: 5_000)
        for _ in 0..<5_000 { _ = slow.tick() }
        XCTAssertEqual(fast.actionValues, slow.actionValues)
    }

    func testTerminalUnknownAndCliffStatesAreRefused() throws {
        let cliff = Model(try LevelCatalog.load("cliff-walking"))
        XCTAssertThrowsError(try StartState(named: "r3c11", in: cliff)) { XCTAssertTrue("\($0)".contains("a terminal state"), "\($0)") }
        XCTAssertThrowsError(try StartState(named: "r3c5", in: cliff)) { XCTAssertTrue("\($0)".contains("cannot stand there"), "\($0)") }
        XCTAssertThrowsError(try StartState(named: "r9c9", in: cliff)) {
            XCTAssertTrue("\($0)".contains("not a state of cliff-walking (grid states are named r{row}c{col}"), "\($0)")
        }
    }
}
