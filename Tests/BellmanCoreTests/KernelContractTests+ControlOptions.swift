import BellmanTestSupport
import XCTest
@testable import BellmanCore

/// The kernel contract (`KernelContractTests.swift`) under the control methods' options.
extension KernelContractTests {
    /// Two solvers of `method` on `model` made alike (seed 13, gamma at most 0.9, then `set`):
    /// one to run through the kernel, one to tick; and the label of their comparisons.
    func twins(_ method: MethodInfo, on model: Model, _ name: String, _ options: String, _ set: (inout Parameters) -> Void) throws
        -> (running: any Solver, ticking: any Solver, parameters: Parameters, label: String) {
        var parameters = method.defaults(for: model.level)
        parameters.seed = 13
        parameters.gamma = min(parameters.gamma, 0.9)
        set(&parameters)
        return (try method.make(model, parameters), try method.make(model, parameters), parameters, "\(name), \(method.id), \(options)")
    }

    /// The control methods' kernels under the options `testRunningTicksIsTickingThemForEveryMethod`
    /// leaves at their defaults:
    /// n-step Sarsa's n from 1 to past the cap, driven steps handed back (the update that
    /// waited for A_t is ticked before the kernel runs) and an n changed live (the kernel waits
    /// for the episode's end, where `step()` makes the stores anew); off-policy MC exploring
    /// more, from optimistic values; MC ES every visit and with a constant alpha; prioritized
    /// sweeping with no planning, with every priority queued, and with few; imitation driven,
    /// from a prior and with a large step.
    func testControlKernelsUnderTheirOptions() throws {
        let worlds = [("cliff-walking", try bundledModel("cliff-walking")), ("two starts, capped", try model(TestLevels.cappedTwoStarts)),
                      ("windy-kings-moves (8 actions)", try bundledModel("windy-kings-moves"))]
        let variants: [(MethodInfo, String, (inout Parameters) -> Void)] = [
            (NStepSarsa.info, "n 1", { $0.n = 1 }), (NStepSarsa.info, "n 4, ties random", { $0.n = 4; $0.ties = .random }),
            (NStepSarsa.info, "n 40", { $0.n = 40 }),
            (MCOffPolicy.info, "epsilon 0.5", { $0.epsilon = 0.5 }), (MCOffPolicy.info, "optimistic, ties random", { $0.initialValue = 1; $0.ties = .random }),
            (MCExploringStarts.info, "every visit, alpha", { $0.everyVisit = true; $0.alpha = 0.1 }),
            (MCExploringStarts.info, "ties random", { $0.ties = .random }),
            (PrioritizedSweeping.info, "n 0", { $0.planningSteps = 0 }),
            (PrioritizedSweeping.info, "n 30, theta 0, ties random", { $0.planningSteps = 30; $0.priorityThreshold = 0; $0.ties = .random }),
            (PrioritizedSweeping.info, "n 2, theta 0.5", { $0.planningSteps = 2; $0.priorityThreshold = 0.5 }),
            (Imitation.info, "prior", { $0.prior = 0.7; $0.priorNoise = 0.3 }), (Imitation.info, "alpha 2", { $0.alpha = 2 })]
        for (name, model) in worlds {
            for (method, options, set) in variants {
                var (running, ticking, _, label) = try twins(method, on: model, name, options, set)
                // Driven steps first, where the method takes them (n-step Sarsa's update of the
                // last waits for A_t): ticked before the kernel runs.
                func driveBoth(_ keys: [Int]) throws {
                    guard method.driveRefusal == nil else { return }
                    for key in keys {
                        _ = try XCTUnwrap(running.drive(key % model.actionCount), label)
                        _ = try XCTUnwrap(ticking.drive(key % model.actionCount), label)
                    }
                }
                try driveBoth([1, 2, 1, 0, 3, 1])
                for chunk in [1, 999, 20_000] {
                    running.run(ticks: chunk)
                    for _ in 0..<chunk { _ = ticking.tick() }
                    XCTAssertEqual(running.counters, ticking.counters, label)
                    XCTAssertEqual(running.actionValues?.map(\.bitPattern), ticking.actionValues?.map(\.bitPattern), label)
                    XCTAssertEqual(running.actionProbabilities?.map(\.bitPattern), ticking.actionProbabilities?.map(\.bitPattern), label)
                    XCTAssertEqual(running.agentState, ticking.agentState, label)
                    // Mid-episode: driven again, and n-step Sarsa's n changed live.
                    try driveBoth([2, 3])
                    if method.id == NStepSarsa.info.id {
                        running.parameters.n += 3
                        ticking.parameters.n += 3
                    }
                }
                let budget = running.counters.samples + 20_000
                let ends = running.runEpisodes(5, maxSamples: budget)
                var seen: [EpisodeEnd] = []
                while seen.count < ends.count { if let end = ticking.tick().episodeEnd { seen.append(end) } }
                while ends.count < 5 && ticking.counters.samples < budget { _ = ticking.tick() }
                XCTAssertEqual(ends, seen, label)
                XCTAssertEqual(running.counters, ticking.counters, label)
                XCTAssertEqual(running.actionValues?.map(\.bitPattern), ticking.actionValues?.map(\.bitPattern), label)
                XCTAssertEqual(running.actionProbabilities?.map(\.bitPattern), ticking.actionProbabilities?.map(\.bitPattern), label)
                for _ in 0..<50 { XCTAssertEqual(running.tick().transition, ticking.tick().transition, label) }
            }
        }
    }
}
