import BellmanCore
@testable import BellmanTUI
import XCTest

/// The explain panel writes the last update as the book's equation with its numbers: each
/// box is checked whole, and its arithmetic adds up from the numbers it shows.
final class ExplanationTests: XCTestCase {
    func testQLearningUpdateWithNumbers() throws {
        var state = try appState()
        press(chars("3"), &state)
        state.snapshot = snapshot(of: state, after: [.tick])
        let u = try XCTUnwrap(state.snapshot.lastTick?.update)
        // Q starts at 0: Q <- 0 + 0.5 x [-1 + 1 x 0 - 0] = -0.5
        XCTAssertEqual(u.new, -0.5)
        XCTAssertEqual(Explanation.lines(state), [
            "Q(r3c0,N) ← Q(S,A) + α [R + γ max_a Q(r2c0,a) − Q(S,A)]",
            "Q(r3c0,N) ← 0.00 + 0.5 × [-1.00 + 1 × 0.00 − 0.00] = -0.50",
            "step: r3c0 --N--> r2c0, R = -1.00",
        ])
    }

    func testValueIterationBackupShowsTheSumOverOutcomes() throws {
        var state = try appState("aima-4x3")
        state.snapshot = snapshot(of: state, after: [.tick])
        // The first state r0c0 with slip 0.2: its best action N bumps into the edge (0.8) or
        // slips west into it (0.1), both staying on r0c0, or slips east (0.1).
        XCTAssertEqual(Explanation.lines(state), [
            "V(r0c0) ← max_a Σ p(s',r|s,a) [r + γ V(s')]",
            "best N: 0.9×[-0.04 + 1×0.00] + 0.1×[-0.04 + 1×0.00] = -0.04",
            "V(r0c0): 0.00 → -0.04, change 0.04",
        ])
    }

    func testMonteCarloExplainsWaitingThenTheReturnPass() throws {
        var state = try appState("random-walk")
        press(chars("2mmm"), &state)
        XCTAssertEqual(state.method.id, "mc-prediction")
        state.snapshot = snapshot(of: state, after: [.tick])
        XCTAssertNil(state.snapshot.lastTick?.episodeEnd)
        XCTAssertEqual(Explanation.lines(state), [
            "step: r0c3 --E--> r0c4, R = 0.00",
            "Monte Carlo waits: values change only when the episode ends and its returns are known",
        ])
        state.snapshot = snapshot(of: state, after: [.episode])
        // The first return of a state is its average.
        XCTAssertEqual(Explanation.lines(state), [
            "episode over: G is each step's return, G ← R + γG backwards; 3 updates (every visit)",  // the level's, as the book's constant-alpha MC
            "last: V(r0c3) ← 0.50 + 1/1 × [G − 0.50] with G = 1.00 → 1.00",  // the level starts V at 0.5 (Example 6.2)
            "1/N: the average of the 1 returns seen from here",
        ])
    }

    func testRefusalIsExplained() throws {
        var state = try appState("gridworld-3-2")
        press(chars("2g"), &state)
        press(chars("G"), &state)
        press(chars("GGG"), &state)
        XCTAssertEqual(state.parameters.gamma, 1)
        state.snapshot = snapshot(of: state, after: [])
        state.snapshot.acknowledged = state.commandsSent
        XCTAssertEqual(Explanation.lines(state), [
            "Monte Carlo control needs finite returns, but with gamma = 1 the level has no goal or hole, so its return never ends; use --gamma below 1 or a TD method",
        ])
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
        XCTAssertEqual(Explanation.lines(state), [
            "V(r0c1) ← Σ_a π(a|s) Σ p(s',r|s,a) [r + γ V(s')],  π(a|s) = 1/4",
            "per action: N -1.00, E -1.00, S -1.00, W -1.00",
            "V(r0c1) ← mean = -1.00   (was 0.00)",
        ])
        // The first evaluation takes 272 sweeps; a sweep step then runs the improvement pass
        // and the next evaluation sweep; a tick backs up one state under the new pi.
        state.snapshot = snapshot(of: state, after: Array(repeating: .sweep, count: 274) + [.tick])
        XCTAssertNotNil(state.snapshot.policyTable)
        XCTAssertEqual(Explanation.lines(state), [
            "V(r0c1) ← Σ p(s',r|s,π(s)) [r + γ V(s')]",
            "π(r0c1) = W: 1×[-1.00 + 1×0] = -1.00",
            "V(r0c1): -1.00 → -1.00, change 0.00",
        ])
    }
}
