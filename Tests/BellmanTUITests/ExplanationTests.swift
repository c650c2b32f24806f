import BellmanCore
@testable import BellmanTUI
import XCTest

/// The explain panel writes the last update as the book's equation with its numbers.
final class ExplanationTests: XCTestCase {
    func testQLearningUpdateWithNumbers() throws {
        var state = try appState()
        press(chars("3"), &state)
        state.snapshot = snapshot(of: state, after: [.tick])
        let tick = try XCTUnwrap(state.snapshot.lastTick)
        let t = try XCTUnwrap(tick.transition), u = try XCTUnwrap(tick.update)
        let lines = Explanation.lines(state)
        XCTAssertEqual(lines.count, 3, "\(lines)")
        XCTAssertTrue(lines[0].contains("max_a Q(\(state.model.name(of: t.next)),a)"), lines[0])
        // Q starts at 0: Q <- 0 + 0.5 x [-1 + 1 x 0 - 0] = -0.5
        XCTAssertEqual(u.new, -0.5)
        XCTAssertTrue(lines[1].hasSuffix("= -0.50"), lines[1])
        XCTAssertTrue(lines[1].contains("0.5 × [-1.00 + 1 × 0.00 − 0.00]"), lines[1])
        XCTAssertTrue(lines[2].contains("R = -1.00"), lines[2])
    }

    func testValueIterationBackupShowsTheSumOverOutcomes() throws {
        var state = try appState("aima-4x3")
        state.snapshot = snapshot(of: state, after: [.tick])
        let lines = Explanation.lines(state)
        XCTAssertTrue(lines[0].contains("max_a Σ p(s',r|s,a)"), lines[0])
        // The first state r0c0 with slip 0.2: its best action N bumps into the edge (0.8) or
        // slips west into it (0.1), both staying on r0c0, or slips east (0.1).
        XCTAssertTrue(lines[1].hasPrefix("best N: 0.9×[-0.04 + 1×0.00] + 0.1×[-0.04 + 1×0.00] = -0.04"), lines[1])
        XCTAssertTrue(lines[2].contains("0.00 → -0.04"), lines[2])
    }

    func testMonteCarloExplainsWaitingThenTheReturnPass() throws {
        var state = try appState("random-walk")
        press(chars("2mmm"), &state)
        XCTAssertEqual(state.method.id, "mc-prediction")
        state.snapshot = snapshot(of: state, after: [.tick])
        if state.snapshot.lastTick?.episodeEnd == nil {
            XCTAssertTrue(Explanation.lines(state).joined().contains("waits"), "\(Explanation.lines(state))")
        }
        state.snapshot = snapshot(of: state, after: [.episode])
        let lines = Explanation.lines(state).joined(separator: "\n")
        XCTAssertTrue(lines.contains("G ← R + γG"), lines)
        XCTAssertTrue(lines.contains("1/1"), "the first return of a state is its average: \(lines)")
    }

    func testRefusalIsExplained() throws {
        var state = try appState("gridworld-3-2")
        press(chars("2g"), &state)
        press(chars("G"), &state)
        press(chars("GGG"), &state)
        XCTAssertEqual(state.parameters.gamma, 1)
        state.snapshot = snapshot(of: state, after: [])
        state.snapshot.acknowledged = state.commandsSent
        XCTAssertTrue(Explanation.lines(state).joined(separator: " ").contains("no goal or hole"), "\(Explanation.lines(state))")
        XCTAssertTrue(Screen.render(state).text.contains("cannot run"))
    }
}

extension ExplanationTests {
    /// Policy iteration explains the backup it makes: the random policy's mean first, then,
    /// after an improvement, the one action pi(s).
    func testPolicyIterationExplainsItsOwnPolicy() throws {
        var state = try appState("small-gridworld")
        press(chars("mm"), &state)
        XCTAssertEqual(state.method.id, "policy-iteration")
        state.snapshot = snapshot(of: state, after: [.tick])
        XCTAssertTrue(Explanation.lines(state)[0].contains("π(a|s) = 1/4"), "\(Explanation.lines(state))")
        // The first evaluation takes 272 sweeps; a sweep step then runs the improvement pass
        // and the next evaluation sweep; a tick backs up one state under the new pi.
        state.snapshot = snapshot(of: state, after: Array(repeating: .sweep, count: 274) + [.tick])
        XCTAssertNotNil(state.snapshot.policyTable)
        let lines = Explanation.lines(state)
        XCTAssertTrue(lines[0].contains("Σ p(s',r|s,π(s))"), "\(lines)")
        XCTAssertTrue(lines[1].hasPrefix("π(r"), "\(lines)")
    }
}
