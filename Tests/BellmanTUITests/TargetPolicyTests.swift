import BellmanCore
@testable import BellmanTUI
import XCTest

/// The target policy in the playground (DESIGN §7): t sets the policy of the cell under the
/// cursor, prediction methods evaluate it at once, the truth follows, T saves it.
final class TargetPolicyTests: XCTestCase {
    func blackjackOnPolicyEvaluation(at id: String) throws -> (AppState, Int) {
        var state = try appState("blackjack")
        state.family = .dp
        state.methodOfFamily[.dp] = "policy-evaluation"
        let s = (0..<state.model.stateCount).first { state.model.name(of: $0) == id }!
        let (row, col) = state.model.position(of: s)
        state.cursor = GridPosition(row: row, col: col)
        return (state, s)
    }

    func testControlMethodsLearnTheirOwnPolicy() throws {
        var state = try appState("blackjack")
        XCTAssertTrue(press(chars("t"), &state).isEmpty)
        XCTAssertEqual(state.status, "t sets the target policy of prediction methods (policy-evaluation, mc-prediction, mc-off-policy-prediction, td0, n-step-td, td-lambda); value-iteration learns its own")
        XCTAssertTrue(press(chars("T"), &state).isEmpty)
        XCTAssertNil(state.targetPolicy)
    }

    func testTCyclesTheCellsActionAndTheEngineGetsIt() throws {
        var (state, s) = try blackjackOnPolicyEvaluation(at: "13,2,usable")
        let effects = press(chars("t"), &state)
        guard case .parameters(let p)? = effects.first?.engineCommand else { return XCTFail("expected live parameters, got \(effects)") }
        XCTAssertEqual(p.policy?.p(s, 0), 1, "hit first")
        XCTAssertEqual(state.status, "target policy at 13,2,usable: hit; the truth is now its V (T saves the policy)")
        press(chars("t"), &state)
        XCTAssertEqual(state.targetPolicy?.p(s, 1), 1, "then stick")
        press(chars("t"), &state)
        XCTAssertNil(state.targetPolicy, "then random again: no policy left to evaluate")
        press(chars("t"), &state)
        // Every prediction method evaluates the same policy; sessions cannot hold it yet.
        state.family = .td
        state.methodOfFamily[.td] = "td0"
        XCTAssertEqual(state.parameters.policy?.p(s, 0), 1)
        XCTAssertTrue(press(chars("S"), &state).isEmpty)
        XCTAssertEqual(state.status, "a session cannot hold a target policy yet: T saves the policy as a file, for --policy")
        guard case .savePolicy? = press(chars("T"), &state).first else { return XCTFail("T saves the policy") }
    }

    /// After a change of the policy, policy evaluation sweeps again from its values and
    /// converges to the exact V of the new policy, which the error is measured against.
    func testTheTruthAndTheSweepsFollowTheNewPolicy() throws {
        let blackjack = Model(try LevelCatalog.load("blackjack"))
        var p = PolicyEvaluation.info.defaults(for: blackjack.level)
        p.policy = try PolicyCatalog.load("blackjack-stick-20", for: blackjack)
        var worker = EngineWorker()
        worker.apply(.configure(blackjack, PolicyEvaluation.info, p))
        func settle() {
            awaitTruth(&worker)
            for _ in 0..<40 { worker.apply(.step(.sweep)); finishWork(&worker) }
        }
        settle()
        XCTAssertEqual(worker.snapshot().rms ?? 1, 0, accuracy: 1e-9)
        let s = (0..<blackjack.stateCount).first { blackjack.name(of: $0) == "19,10,none" }!
        p.policy!.setRow(s, model: blackjack) { $0 == 1 ? 1 : 0 }  // stick on 19 against a 10
        worker.apply(.parameters(p))
        settle()
        let snapshot = worker.snapshot()
        let exact = try XCTUnwrap(Truth.solve(blackjack, gamma: 1, kind: .policy(p.policy!)).values)
        XCTAssertEqual(snapshot.rms ?? 1, 0, accuracy: 1e-9, "measured against the new policy's V")
        XCTAssertEqual(snapshot.values[s], exact[s], accuracy: 1e-9)
        XCTAssertGreaterThan(snapshot.values[s], -0.3, "sticking on 19 is far better than hitting (below -0.5)")
        XCTAssertEqual(snapshot.physicsMarks.count, 1, "the curve marks the moment")
    }

    func testTheScreenShowsTheTargetPolicy() throws {
        var (state, _) = try blackjackOnPolicyEvaluation(at: "12,2,none")
        state.targetPolicy = try PolicyCatalog.load("blackjack-stick-20", for: state.model)
        press(chars("t"), &state)
        state.snapshot = snapshot(of: state, after: Array(repeating: .sweep, count: 12))
        let screen = Screen.render(state)
        let lines = (0..<screen.height).map(screen.line)
        XCTAssertTrue(screen.text.contains("policy           blackjack-stick-20"), screen.text)
        XCTAssertTrue(screen.text.contains("  200 states set, others random  t T"), screen.text)
        XCTAssertTrue(screen.text.contains("target stick"), "the inspector: the cursor's state now sticks\n\(screen.text)")
        XCTAssertTrue(screen.text.contains("RMS vs V(π)"), screen.text)
        // The cells mark the policy evaluated: stick-20 hits on 12 except where t made it stick.
        let rows = lines.map { $0.split(separator: " ").prefix(11).map(String.init) }
        XCTAssertTrue(rows.contains(["12", "H", "S"] + Array(repeating: "H", count: 8)), screen.text)
    }
}
