import BellmanTestSupport
import XCTest
@testable import BellmanCore

/// DP on the bundled levels reproduces the book's published figures to their printed precision.
final class BookFigureTests: XCTestCase {
    /// S&B Figure 3.2 (right): v_pi of the equiprobable random policy, gamma 0.9.
    func testFigure3_2RandomPolicyValues() throws {
        let model = try bundledModel("gridworld-3-2")
        let v = try solve(PolicyEvaluation.info, model)
        assertMatchesFigure(v, model, [
            [3.3, 8.8, 4.4, 5.3, 1.5],
            [1.5, 3.0, 2.3, 1.9, 0.5],
            [0.1, 0.7, 0.7, 0.4, -0.4],
            [-1.0, -0.4, -0.4, -0.6, -1.2],
            [-1.9, -1.3, -1.2, -1.4, -2.0],
        ], decimals: 1)
    }

    /// S&B Figure 3.5 (middle): v* of the same gridworld.
    func testFigure3_5OptimalValues() throws {
        let model = try bundledModel("gridworld-3-2")
        let expected: [[Double?]] = [
            [22.0, 24.4, 22.0, 19.4, 17.5],
            [19.8, 22.0, 19.8, 17.8, 16.0],
            [17.8, 19.8, 17.8, 16.0, 14.4],
            [16.0, 17.8, 16.0, 14.4, 13.0],
            [14.4, 16.0, 14.4, 13.0, 11.7],
        ]
        assertMatchesFigure(try solve(ValueIteration.info, model), model, expected, decimals: 1)
        assertMatchesFigure(try solve(PolicyIteration.info, model), model, expected, decimals: 1)
        assertMatchesFigure(try solve(ValueIteration.info, model) { $0.synchronous = true }, model, expected, decimals: 1)
    }

    /// S&B Figure 3.5 (right): pi*, with every tied action drawn, as the figure draws several
    /// arrows in a cell (A and B: every action, all jumping alike).
    func testFigure3_5TiedOptimalActions() throws {
        let model = try bundledModel("gridworld-3-2")
        let values = try solve(ValueIteration.info, model)
        let ties = Runner.greedyTies(q: nil, values: values, gamma: 0.9, in: model)
        let names = ties.indices.map { s in Set(ties[s].map { model.actionName(s, $0) }) }
        let all: Set<String> = ["N", "E", "S", "W"]
        let figure: [[Set<String>]] = [
            [["E"], all, ["W"], all, ["W"]],
            [["N", "E"], ["N"], ["N", "W"], ["W"], ["W"]],
            [["N", "E"], ["N"], ["N", "W"], ["N", "W"], ["N", "W"]],
            [["N", "E"], ["N"], ["N", "W"], ["N", "W"], ["N", "W"]],
            [["N", "E"], ["N"], ["N", "W"], ["N", "W"], ["N", "W"]],
        ]
        for r in 0..<5 {
            for c in 0..<5 {
                XCTAssertEqual(names[Int(model.stateOfCell[r * 5 + c])], figure[r][c], "r\(r)c\(c)")
            }
        }
    }

    /// S&B Figure 4.1, k = infinity: the random policy on the 4x4 gridworld, undiscounted.
    func testFigure4_1RandomPolicyValues() throws {
        let model = try bundledModel("small-gridworld")
        let expected: [[Double?]] = [
            [nil, -14, -20, -22],
            [-14, -18, -20, -20],
            [-20, -20, -18, -14],
            [-22, -20, -14, nil],
        ]
        assertMatchesFigure(try solve(PolicyEvaluation.info, model), model, expected, decimals: 0)
        assertMatchesFigure(try solve(PolicyEvaluation.info, model) { $0.synchronous = true }, model, expected, decimals: 0)
    }

    /// S&B Example 6.2: the true values of A..E are 1/6 .. 5/6.
    func testExample6_2RandomWalkValues() throws {
        let model = try bundledModel("random-walk")
        let v = try solve(PolicyEvaluation.info, model)
        for k in 1...5 {
            XCTAssertEqual(v[Int(model.stateOfCell[k])], Double(k) / 6, accuracy: 1e-9)
        }
    }

    /// S&B Example 6.5 and Exercise 6.9: 15 steps from the start with the four moves, 7 with king's moves.
    func testWindyGridworldOptimalValueFromStart() throws {
        for (name, expected) in [("windy-gridworld", -15.0), ("windy-kings-moves", -7.0)] {
            let model = try bundledModel(name)
            let v = try solve(ValueIteration.info, model)
            XCTAssertEqual(v[Int(model.stateOfCell[3 * 10 + 0])], expected, accuracy: 1e-9, name)
        }
    }

    /// S&B Example 6.6: the optimal path along the cliff edge takes 13 steps.
    func testCliffWalkingOptimalValueFromStart() throws {
        let model = try bundledModel("cliff-walking")
        let v = try solve(ValueIteration.info, model)
        XCTAssertEqual(v[Int(model.stateOfCell[3 * 12])], -13, accuracy: 1e-9)
        // Along the top of the cliff, one step less per column towards the goal.
        for c in 0..<12 {
            XCTAssertEqual(v[Int(model.stateOfCell[2 * 12 + c])], Double(-12 + c), accuracy: 1e-9)
        }
    }

    /// AIMA Figure 17.3: utilities of the 4x3 world. AIMA's U(s) includes the reward R(s) = -0.04
    /// of the state itself; here rewards are paid on entering, so U(s) = V(s) - 0.04.
    func testAIMA4x3Utilities() throws {
        let model = try bundledModel("aima-4x3")
        let expected: [[Double?]] = [
            [0.812, 0.868, 0.918, nil],
            [0.762, nil, 0.660, nil],
            [0.705, 0.655, 0.611, 0.388],
        ]
        assertMatchesFigure(try solve(ValueIteration.info, model), model, expected, decimals: 3, offset: -0.04)
        assertMatchesFigure(try solve(PolicyIteration.info, model), model, expected, decimals: 3, offset: -0.04)
    }

    /// The Dyna maze's shortest path is 14 steps: V*(start) = 0.95^13 (the +1 is the 14th reward).
    func testDynaMazeShortestPath() throws {
        let model = try bundledModel("dyna-maze")
        let v = try solve(ValueIteration.info, model)
        XCTAssertEqual(v[Int(model.stateOfCell[2 * 9])], pow(0.95, 13), accuracy: 1e-9)
    }

    /// The greedy policy of value iteration on the cliff is the edge path (S&B Example 6.6's "optimal path").
    func testCliffGreedyPolicyIsTheEdgePath() throws {
        let model = try bundledModel("cliff-walking")
        let result = try Runner.run(model: model, method: ValueIteration.info, parameters: ValueIteration.info.defaults(for: model.level),
                                    budget: .standard, truth: nil)
        let start = Int(model.stateOfCell[36])
        XCTAssertEqual(model.direction(of: result.policy[start]), .n)
        for c in 0..<11 {
            XCTAssertEqual(model.direction(of: result.policy[Int(model.stateOfCell[24 + c])]), .e, "column \(c)")
        }
        XCTAssertEqual(model.direction(of: result.policy[Int(model.stateOfCell[35])]), .s)
    }
}

/// The truth of the random policy is solved exactly on small levels; it must agree with
/// iterative policy evaluation.
final class TruthTests: XCTestCase {
    func testExactRandomPolicyTruthAgreesWithIterativeEvaluation() throws {
        for name in ["gridworld-3-2", "small-gridworld", "aima-4x3", "random-walk-19", "frozenlake-4x4", "windy-gridworld"] {
            let model = try bundledModel(name)
            let exact = try XCTUnwrap(Truth.solve(model, gamma: model.level.gamma, kind: .randomPolicy).values, name)
            let iterative = try solve(PolicyEvaluation.info, model)
            for s in 0..<model.stateCount {
                XCTAssertEqual(exact[s], iterative[s], accuracy: 1e-6 * max(1, abs(iterative[s])), "\(name) \(model.name(of: s))")
            }
        }
    }

    func testCliffRandomPolicyTruthIsExactAndFast() throws {
        let model = try bundledModel("cliff-walking")
        let truth = Truth.solve(model, gamma: 1, kind: .randomPolicy)
        let v = try XCTUnwrap(truth.values)
        XCTAssertNil(truth.note)
        // Bellman equation holds at every non-terminal state.
        for s in 0..<model.stateCount where !model.isTerminal[s] {
            let backup = (0..<model.actionCount).reduce(0.0) { sum, a in
                sum + model.outcomes(state: s, action: a).reduce(0.0) { $0 + $1.probability * ($1.reward + ($1.ends ? 0 : v[$1.next])) } / 4
            }
            XCTAssertEqual(backup, v[s], accuracy: 1e-6 * abs(v[s]))
        }
    }
}
