@testable import BellmanCore
import XCTest

/// You drive (DESIGN §9): the method learns from the user's steps exactly as from its own.
final class DrivingTests: XCTestCase {
    private func cliff() throws -> Model { Model(try LevelCatalog.load("cliff-walking")) }

    private func solver(_ info: MethodInfo, _ model: Model, seed: UInt64 = 1) throws -> any Solver {
        var p = info.defaults(for: model.level)
        p.seed = seed
        return try info.make(model, p)
    }

    /// The cliff is deterministic (no slip, one start), so a driven step taking the action
    /// the method would have chosen is the same step: driving a solver with the actions
    /// another chose gives the same tables and counters at each episode's end. (Not double
    /// Q-learning: its coin for which table to update is drawn from the same generator.)
    func testDrivenStepsAreLearnedExactlyAsTheMethodsOwn() throws {
        let model = try cliff()
        for info in [QLearning.info, Sarsa.info, SarsaLambda.info, NStepSarsa.info, ExpectedSarsa.info, MCControl.info, TD0.info, NStepTD.info] {
            var own = try solver(info, model)
            var driven = try solver(info, model, seed: 99)
            var episodes = 0
            while episodes < 5 {
                let tick = own.tick()
                let action = try XCTUnwrap(tick.transition?.action, info.id)
                let drivenTick = try XCTUnwrap(driven.drive(action), info.id)
                XCTAssertEqual(drivenTick.transition, tick.transition, "\(info.id): the same step")
                if tick.episodeEnd != nil {
                    episodes += 1
                    XCTAssertEqual(drivenTick.episodeEnd, tick.episodeEnd, info.id)
                    XCTAssertEqual(driven.stateValues, own.stateValues, "\(info.id): V after episode \(episodes)")
                    XCTAssertEqual(driven.actionValues, own.actionValues, "\(info.id): Q after episode \(episodes)")
                    XCTAssertEqual(driven.counters, own.counters, "\(info.id): samples and backups after episode \(episodes)")
                }
            }
        }
    }

    /// Sarsa's update of a driven step waits for A', the next key: within an episode it is
    /// one update behind its own run, and made with the key as A'.
    func testSarsasUpdateWaitsForTheNextKey() throws {
        let model = try cliff()
        let north = model.level.actions.firstIndex(of: .n)!, east = model.level.actions.firstIndex(of: .e)!
        var sarsa = try solver(Sarsa.info, model)
        let first = try XCTUnwrap(sarsa.drive(north))
        XCTAssertNil(first.update, "the first step's update waits for A'")
        XCTAssertEqual(sarsa.counters.backups, 0)
        let second = try XCTUnwrap(sarsa.drive(east))
        let update = try XCTUnwrap(second.update)
        XCTAssertEqual(update.state, first.transition?.state, "the update is of the step before")
        XCTAssertEqual(update.action, north)
        XCTAssertEqual(update.nextAction, east, "with the key as A'")
        XCTAssertEqual(second.updatedStep, first.transition)
        // Handing back: the next tick of its own makes the waiting update with the policy's A'.
        let own = sarsa.tick()
        XCTAssertEqual(own.updates, 2, "the waiting update and the step's own")
        XCTAssertEqual(sarsa.counters.backups, 3)
        XCTAssertEqual(sarsa.counters.samples, 3)
    }

    /// The book's point, made by a driver: a human who walks at random (a fixed-seed walk
    /// here, 300,000 steps) teaches Q-learning Q* (the edge path: -13 from the start), and
    /// Sarsa the values of the walk itself, far below.
    func testQLearningLearnsOptimalValuesFromDetoursAndSarsaTheWalksOwn() throws {
        let model = try cliff()
        var human = Xoshiro256(seed: 7)
        var q = try solver(QLearning.info, model), sarsa = try solver(Sarsa.info, model)
        for _ in 0..<300_000 {
            _ = q.drive(human.below(4))
            _ = sarsa.drive(human.below(4))
        }
        let start = Int(model.startStates[0])
        XCTAssertEqual(q.stateValues[start], -13, accuracy: 1e-6, "Q-learning: max_a Q(start, a) = V*(start)")
        // The greedy path from the start is the edge path: 13 steps to the goal.
        var s = start, steps = 0, rng = Xoshiro256(seed: 1)
        let Q = try XCTUnwrap(q.actionValues)
        while !model.isTerminal[s] && steps < 100 {
            let a = (0..<4).max { Q[s * 4 + $0] < Q[s * 4 + $1] }!
            s = model.sample(state: s, action: a, using: &rng).next
            steps += 1
        }
        XCTAssertEqual(steps, 13)
        XCTAssertLessThan(sarsa.stateValues[start], -100, "Sarsa: the value of walking at random by the cliff")
    }

    /// The lesson's second half: a student drives Sarsa along the safe top row (3 up, 11
    /// right, 3 down: 17 steps) 200 times; Q(S, N) becomes that path's return, -17.
    func testSarsaLearnsTheValueOfTheDriversOwnPath() throws {
        let model = try cliff()
        let n = model.level.actions.firstIndex(of: .n)!, e = model.level.actions.firstIndex(of: .e)!
        let s = model.level.actions.firstIndex(of: .s)!
        var sarsa = try solver(Sarsa.info, model)
        let path = Array(repeating: n, count: 3) + Array(repeating: e, count: 11) + Array(repeating: s, count: 3)
        for _ in 0..<200 {
            for (i, action) in path.enumerated() {
                let tick = try XCTUnwrap(sarsa.drive(action))
                XCTAssertEqual(tick.episodeEnd != nil, i == path.count - 1)
            }
        }
        let start = Int(model.startStates[0])
        XCTAssertEqual(try XCTUnwrap(sarsa.actionValues)[start * 4 + n], -17, accuracy: 1e-3)
    }

    func testMethodsThatCannotLearnFromADriverSaySo() throws {
        let model = try cliff()
        for info in [MCOffPolicy.info, MCOffPolicyPrediction.info, MCExploringStarts.info] {
            guard case .refused(let reason) = info.driving else { return XCTFail("\(info.id) should refuse") }
            XCTAssertTrue(reason.contains("drive "), "\(info.id) names a method to drive instead: \(reason)")
            var s = try solver(info, model)
            XCTAssertNil(s.drive(0), info.id)
            XCTAssertEqual(s.counters.samples, 0)
        }
        XCTAssertEqual(ValueIteration.info.driving, .walks)
        var dp = try solver(ValueIteration.info, model)
        XCTAssertNil(dp.drive(0), "DP takes no steps: the playground walks its agent")
        XCTAssertEqual(QLearning.info.driving, .learns)
        XCTAssertEqual(NStepSarsa.info.driving, .learns)
    }

    /// A session with driven steps replays them and reaches the saved tables.
    func testSessionsReplayDrivenSteps() throws {
        let model = try cliff()
        var solver = try solver(Sarsa.info, model)
        solver.run(ticks: 40)
        var drives: [DrivenStep] = []
        var human = Xoshiro256(seed: 3)
        for _ in 0..<25 {
            let a = human.below(4)
            drives.append(DrivenStep(tick: solver.counters.ticks, action: a))
            _ = solver.drive(a)
        }
        solver.run(ticks: 30)
        let session = Session(levelID: "cliff-walking", file: model.level.file, source: model.level.source, method: Sarsa.info,
                              initial: Sarsa.info.defaults(for: model.level), changes: [], drives: drives, solver: solver)
        let read = try JSONDecoder().decode(Session.self, from: try session.json())
        XCTAssertEqual(read.drives, drives)
        var restored = try read.restore(file: "s.json").solver
        XCTAssertEqual(restored.actionValues, solver.actionValues)
        restored.run(ticks: 100)
        solver.run(ticks: 100)
        XCTAssertEqual(restored.actionValues, solver.actionValues, "and it goes on bit for bit")
    }
}
