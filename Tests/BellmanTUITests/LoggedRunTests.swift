import BellmanTestSupport
import BellmanCore
@testable import BellmanTUI
import XCTest

/// The kernel contract for the playground: running free, a method with a kernel for the world
/// takes the fast path (the kernel keeps the visits, TD errors and trail,
/// `Solver.run(ticks:logging:)`); everything the screen shows must be what the observed path,
/// one tick at a time, keeps. Every sample-based method is held to it (those without a kernel
/// take the observed path both ways).
final class LoggedRunTests: XCTestCase {
    func testRunningFreeKeepsWhatTheObservedRunKeeps() throws {
        // An open field whose first episodes are longer than the trail keeps (its older half goes).
        let rows = ["S" + String(repeating: ".", count: 39)] + Array(repeating: String(repeating: ".", count: 40), count: 38)
            + [String(repeating: ".", count: 39) + "G"]
        let field = "name = \"open\"\ngamma = 0.99\nstep_reward = -1\nmax_steps = 100000\nmap = \"\"\"\n" + rows.joined(separator: "\n") + "\n\"\"\"\n"
        let levels = [("two starts, capped", Model(try LevelParser.parse(source: TestLevels.cappedTwoStarts, file: "t.toml", id: "t"))),
                      ("open 40x40", Model(try LevelParser.parse(source: field, file: "f.toml", id: "f"))),
                      ("windy-gridworld", Model(try LevelCatalog.load("windy-gridworld"))),
                      ("windy-kings-moves (8 actions)", Model(try LevelCatalog.load("windy-kings-moves"))),
                      ("ten-armed-testbed", Model(try LevelCatalog.load("ten-armed-testbed")))]
        let clock = ManualClock()
        var episodes: [String: Int] = [:]
        for (level, model) in levels {
            for method in Methods.all where method.family != .dp {
                let name = "\(level), \(method.id)"
                var parameters = method.defaults(for: model.level)
                parameters.seed = 5
                if method.family == .mc { parameters.gamma = min(parameters.gamma, 0.9) }
                var free = LearningState(model: model, method: method, parameters: parameters)
                guard free.solver != nil else { continue }
                var observed = free
                // Not a multiple of the fast path's runs; then a second run that goes on. Q-learning
                // with the playground's runs; the methods after it, shorter (the suite runs under
                // the sanitizers too), with runs of 4,096 ticks, so that they too end runs often.
                let runs = free.ticksPerFreeRun
                if method.id != QLearning.info.id { free.ticksPerFreeRun = 4_096 }
                for budget in method.id == QLearning.info.id ? [2 * runs + 1, 5_000] : [9_001, 3_000] {
                    let a = free.run(budget: budget, until: nil, deadline: .max, clock: clock)
                    let target = (observed.solver?.counters.samples ?? 0) + budget
                    let b = observed.run(budget: budget, until: .samples(target), deadline: .max, clock: clock)
                    XCTAssertEqual(a.done, budget, name)
                    XCTAssertEqual(b.done, budget, name)
                    XCTAssertEqual(free.solver?.counters, observed.solver?.counters, name)
                    XCTAssertEqual(free.solver?.actionValues, observed.solver?.actionValues, name)
                    if free.solver is any LearnsPolicy {
                        // V^pi is a function of pi (an exact evaluation, too slow to make at every
                        // comparison): pi is compared.
                        XCTAssertEqual((free.solver as? any StochasticPolicy)?.actionProbabilities.map(\.bitPattern),
                                       (observed.solver as? any StochasticPolicy)?.actionProbabilities.map(\.bitPattern), name)
                    } else {
                        XCTAssertEqual(free.solver?.stateValues, observed.solver?.stateValues, name)
                    }
                    XCTAssertEqual(free.visits, observed.visits, name)
                    XCTAssertEqual(free.tdErrors.map(\.bitPattern), observed.tdErrors.map(\.bitPattern), name)
                    XCTAssertEqual(free.trail, observed.trail, name)
                    XCTAssertEqual(free.lastTick, observed.lastTick, name)
                    XCTAssertEqual(free.lastEpisode, observed.lastEpisode, name)
                    XCTAssertEqual(free.progress, observed.progress, name)
                    XCTAssertEqual(free.boundaries, observed.boundaries, name)
                }
                episodes[method.id, default: 0] += free.progress.count
                // A bandit's episodes are one pull: no trail to keep.
                if method.id == QLearning.info.id && !model.isBandit {
                    XCTAssertGreaterThan(free.progress.count, level.hasPrefix("open") ? 1 : 10, "\(name): episodes ended in the runs compared")
                    XCTAssertFalse(free.trail.isEmpty, name)
                }
            }
        }
        for method in Methods.all where method.family != .dp {
            XCTAssertGreaterThan(episodes[method.id] ?? 0, 2, "\(method.id): episodes ended in the runs compared")
        }
    }
}

extension LoggedRunTests {
    /// A clock on which every reading is `step` nanoseconds after the last: each free run
    /// seems to take that long, whatever the machine.
    final class SlowRunsClock: EngineClock {
        private let time = Locked<UInt64>(1_000_000_000)
        let step: UInt64
        init(step: UInt64) { self.step = step }
        func now() -> UInt64 { time.withLock { $0 += step; return $0 } }
    }

    /// Running free, the clock is read only between kernel runs: a run that takes longer than
    /// a quarter of the pacer's slice makes the next one half as long (down to the shortest),
    /// so the commands are seen within the frame however dear a tick; quick runs grow back.
    /// What is learned is the same however the runs are cut.
    func testFreeRunsShortenWhenATickIsDearAndGrowBack() throws {
        let model = Model(try LevelCatalog.load("windy-gridworld"))
        var parameters = Sarsa.info.defaults(for: model.level)
        parameters.seed = 3
        var free = LearningState(model: model, method: Sarsa.info, parameters: parameters)
        var observed = free
        let slow = SlowRunsClock(step: Pacer.sliceNanoseconds / 2)
        let a = free.run(budget: 40_000, until: nil, deadline: .max, clock: slow)
        XCTAssertEqual(a.done, 40_000)
        XCTAssertEqual(free.freeRunLength, LearningState.shortestFreeRun, "halved after every slow run")
        let b = observed.run(budget: 40_000, until: .samples(40_000), deadline: .max, clock: slow)
        XCTAssertEqual(b.done, 40_000)
        XCTAssertEqual(free.solver?.actionValues, observed.solver?.actionValues)
        XCTAssertEqual(free.visits, observed.visits)
        XCTAssertEqual(free.progress, observed.progress)
        XCTAssertEqual(free.lastTick, observed.lastTick)
        // A deadline a slow run passes: the slice ends after one run.
        let start = slow.now()
        let short = free.run(budget: 1_000_000, until: nil, deadline: start + 1, clock: slow)
        XCTAssertEqual(short.done, LearningState.shortestFreeRun)
        // Quick runs again: back to the longest.
        let quick = SlowRunsClock(step: 1_000)
        _ = free.run(budget: 100_000, until: nil, deadline: .max, clock: quick)
        XCTAssertEqual(free.freeRunLength, free.ticksPerFreeRun)
    }
}
