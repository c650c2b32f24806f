import XCTest
@testable import BellmanCore

/// TD(lambda), Sarsa(lambda), Monte Carlo ES and off-policy Monte Carlo.
final class TraceAndMCMethodTests: XCTestCase {
    func run(_ method: MethodInfo, on level: String, _ budget: Budget, configure: (inout Parameters) -> Void = { _ in }) throws -> RunResult {
        let model = try bundledModel(level)
        var parameters = method.defaults(for: model.level)
        configure(&parameters)
        let truth = Truth.solve(model, gamma: parameters.gamma, kind: Truth.kind(for: method))
        return try Runner.run(model: model, method: method, parameters: parameters, budget: budget, truth: truth)
    }

    /// With lambda = 0 the traces vanish after each step: TD(lambda) is TD(0), bit for bit,
    /// and Sarsa(lambda) is Sarsa.
    func testLambdaZeroIsTheOneStepMethod() throws {
        let td = try run(TD0.info, on: "random-walk-19", .episodes(50)) { $0.alpha = 0.1 }
        let tdLambda = try run(TDLambda.info, on: "random-walk-19", .episodes(50)) { $0.alpha = 0.1; $0.lambda = 0 }
        XCTAssertEqual(td.stateValues, tdLambda.stateValues)
        XCTAssertEqual(td.counters.samples, tdLambda.counters.samples)
        let sarsa = try run(Sarsa.info, on: "cliff-walking", .episodes(50)) { $0.alpha = 0.1 }
        let sarsaLambda = try run(SarsaLambda.info, on: "cliff-walking", .episodes(50)) { $0.lambda = 0 }
        XCTAssertEqual(sarsa.actionValues, sarsaLambda.actionValues)
    }

    /// TD(lambda) converges on the 19-state walk; traces spread each TD error back along the
    /// episode, so lambda 0.8 updates many states per step.
    func testTDLambdaConvergesAndUpdatesAlongTheEpisode() throws {
        var errors: [Double] = []
        for seed in 1...3 as ClosedRange<UInt64> {
            let result = try run(TDLambda.info, on: "random-walk-19", .episodes(600)) { $0.alpha = 0.02; $0.lambda = 0.8; $0.seed = seed }
            errors.append(try XCTUnwrap(result.rms))
            XCTAssertGreaterThan(result.counters.backups, result.counters.samples * 3, "traces update several states per step")
        }
        XCTAssertLessThan(errors.reduce(0, +) / 3, 0.1, "\(errors)")
        let replacing = try run(TDLambda.info, on: "random-walk-19", .episodes(50)) { $0.lambda = 0.9; $0.replacingTraces = true }
        let accumulating = try run(TDLambda.info, on: "random-walk-19", .episodes(50)) { $0.lambda = 0.9 }
        XCTAssertNotEqual(replacing.stateValues, accumulating.stateValues, "revisits add up only with accumulating traces")
    }

    func testSarsaLambdaLearnsTheCliff() throws {
        let result = try run(SarsaLambda.info, on: "cliff-walking", .episodes(300)) { $0.lambda = 0.8; $0.seed = 2 }
        let recent = result.curve.suffix(50).map(\.return_)
        XCTAssertGreaterThan(recent.reduce(0, +) / 50, -40, "near Sarsa's -25 once learned: \(recent)")
        XCTAssertLessThan(try XCTUnwrap(result.rms), 5)
    }

    /// Monte Carlo ES and off-policy MC find shortest paths on the small gridworld. Off-policy
    /// MC starts pessimistic (init -30, below every true value): with Q = 0 the greedy target
    /// policy prefers untried actions, every episode's tail disagrees with it after one step,
    /// and learning stalls at the last step (S&B §5.7 warns that it learns only from tails).
    func testMonteCarloControlVariantsFindShortestPaths() throws {
        for (method, episodes) in [(MCExploringStarts.info, 2000), (MCOffPolicy.info, 4000)] {
            let result = try run(method, on: "small-gridworld", .episodes(episodes)) {
                $0.seed = 3
                $0.epsilon = 0.3
                if method.id == "mc-off-policy" { $0.initialValue = -30 }
            }
            let model = result.model
            let vStar = try solve(ValueIteration.info, model)
            var optimal = 0
            for s in 0..<model.stateCount where !model.isTerminal[s] {
                let next = model.outcomes(state: s, action: result.policy[s])[0].next
                if abs(vStar[next] - 1 - vStar[s]) < 1e-9 { optimal += 1 }
            }
            XCTAssertEqual(optimal, 14, "\(method.id): greedy moves that lose exactly one step of V*")
        }
    }

    /// Off-policy MC learns only from the tail of each episode where the behaviour agreed
    /// with the greedy policy: fewer backups than steps.
    func testOffPolicyMonteCarloUsesOnlyAgreeingTails() throws {
        let result = try run(MCOffPolicy.info, on: "small-gridworld", .episodes(200)) { $0.epsilon = 0.5; $0.initialValue = -30 }
        XCTAssertLessThan(result.counters.backups, result.counters.samples)
        XCTAssertGreaterThan(result.counters.backups, 200, "at least the last step of every episode")
    }
}
