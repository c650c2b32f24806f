import XCTest
@testable import BellmanCore

/// Figure 4.2: policy iteration on Jack's car rental from the book's pi_0, "never move a
/// car" (the bundled `jacks-no-moves` policy): pi_0 .. pi_4, the last optimal.
final class PolicyIterationStartTests: XCTestCase {
    func testJacksFromNoMovesTakesTheBooksFourImprovements() throws {
        let model = Model(try LevelCatalog.load("jacks-car-rental"))
        var p = PolicyIteration.info.defaults(for: model.level)
        p.policy = try PolicyCatalog.load("jacks-no-moves", for: model)
        let result = try Runner.run(model: model, method: PolicyIteration.info, parameters: p, budget: .standard, truth: nil)
        XCTAssertEqual(result.iterations.count, 5, "pi_0 .. pi_4, as Figure 4.2 draws them")
        let first = result.iterations[0].policy
        XCTAssertTrue((0..<model.stateCount).allSatisfy { first[$0] >= 0 && model.actionName($0, first[$0]) == "0" }, "pi_0 moves no car")
        XCTAssertEqual(result.iterations[0].sweeps, 0)
        XCTAssertEqual(result.iterations.map(\.sweeps), result.iterations.map(\.sweeps).sorted(), "sweeps grow")
        // The policy it ends on is optimal: greedy with respect to its own values, and the
        // same values as from the random start.
        let fromRandom = try Runner.run(model: model, method: PolicyIteration.info, parameters: PolicyIteration.info.defaults(for: model.level),
                                        budget: .standard, truth: nil)
        for s in 0..<model.stateCount { XCTAssertEqual(result.stateValues[s], fromRandom.stateValues[s], accuracy: 1e-6) }
        XCTAssertTrue(PolicyIteration.info.startsFromPolicy && !ValueIteration.info.startsFromPolicy)
    }
}
