import XCTest
@testable import BellmanCore
@testable import BellmanTUI

/// The Bandit family in the playground (DESIGN §12): key 5 on a bandit, a refusal elsewhere.
final class BanditScreenTests: XCTestCase {
    func testKeyFiveOpensTheBanditFamilyOnABanditOnly() throws {
        var state = try appState("ten-armed-testbed")
        var worker = opened(&state)
        XCTAssertTrue(Screen.render(state).text.contains("1 DP   2 MC   3 TD   4 PG   5 Bandit"))
        play(chars("5..."), &state, &worker)
        XCTAssertEqual(state.method.id, "epsilon-greedy")
        XCTAssertEqual(state.snapshot.counters.samples, 3)
        play(chars("m"), &state, &worker)
        XCTAssertEqual(state.method.id, "ucb")
        // Another level has no bandit family: its methods give way to TD's.
        _ = update(&state, .levelLoaded(try LevelCatalog.load("cliff-walking")))
        XCTAssertEqual(state.family, .td)

        var cliff = try appState("cliff-walking")
        var cliffWorker = opened(&cliff)
        XCTAssertFalse(Screen.render(cliff).text.contains("5 Bandit"))
        play(chars("5"), &cliff, &cliffWorker)
        XCTAssertEqual(cliff.family, .dp)
        XCTAssertEqual(cliff.status, "the Bandit methods run on a bandit (one state whose arms end the episode): L opens ten-armed-testbed")
    }

    /// The testbed as its arms: 200 pulls of each Bandit method at 120x40 and 80x24, and
    /// every number a row prints checked against the solver's own.
    func testTheArmsAtEachSize() throws {
        for (width, height) in [(120, 40), (80, 24)] {
            for (key, name) in [("", "epsilon-greedy"), ("m", "ucb"), ("mm", "gradient-bandit")] {
                var state = try appState("ten-armed-testbed", width: width, height: height)
                _ = update(&state, .input(.key(.character("5"))))
                for c in key { _ = update(&state, .input(.key(.character(c)))) }
                XCTAssertEqual(state.method.id, name)
                state.snapshot = snapshot(of: state, after: Array(repeating: .tick, count: 200))
                let screen = Screen.render(state)
                assertGolden(screen, "testbed-\(name)-200-pulls-\(width)x\(height)")
                XCTAssertEqual(state.snapshot.pulls.reduce(0, +), 200)
                // The arm rows say what the snapshot holds: the pulls, and Q or pi to two decimals.
                let rows = screen.text.split(separator: "\n").filter { $0.contains("q* ") }
                XCTAssertEqual(rows.count, height >= 40 ? 10 : min(10, rows.count))
                for row in rows {
                    let fields = row.split(separator: " ")
                    let arm = try XCTUnwrap(Int(fields.first { Int($0) != nil } ?? ""))
                    let n = try XCTUnwrap(fields.firstIndex(of: "N").map { fields[$0 + 1] })
                    XCTAssertEqual(String(n), String(state.snapshot.pulls[arm - 1]), String(row))
                }
            }
        }
    }

    /// The panel's average reward and % optimal action are the pulls' own, and so are the
    /// curves' points over the last 100 pulls.
    func testThePanelsAverageRewardAndOptimalShareAreThePulls() throws {
        var state = try appState("ten-armed-testbed")
        _ = update(&state, .input(.key(.character("5"))))
        var worker = EngineWorker()
        worker.apply(.configure(state.model, state.method, state.parameters))
        awaitTruth(&worker)
        var rewards = 0.0, optimal = 0
        var each: [(reward: Double, optimal: Bool)] = []
        let arms = state.model.armValues(), best = arms.indices.max { arms[$0] < arms[$1] }!
        for _ in 0..<300 {
            worker.apply(.step(.tick))
            finishWork(&worker)
            let t = try XCTUnwrap(worker.snapshot().lastTick?.transition)
            rewards += t.reward
            if t.action == best { optimal += 1 }
            each.append((t.reward, t.action == best))
        }
        let s = worker.snapshot()
        XCTAssertEqual(try XCTUnwrap(s.averageReward), rewards / 300, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(s.optimalShare), Double(optimal) / 300, accuracy: 1e-12)
        // The curves: a point per pull, each the mean over the last 100 pulls (fewer at first).
        XCTAssertEqual(s.recentReward.count, 300)
        XCTAssertEqual(s.recentOptimal.count, 300)
        for n in [1, 50, 100, 101, 300] {
            let window = each[max(0, n - 100)..<n]
            XCTAssertEqual(s.recentReward[n - 1], window.map(\.reward).reduce(0, +) / Double(window.count), accuracy: 1e-9, "pull \(n)")
            XCTAssertEqual(s.recentOptimal[n - 1], 100 * Double(window.filter(\.optimal).count) / Double(window.count), accuracy: 1e-9, "pull \(n)")
        }
        state.snapshot = s
        let expected = "average reward \(Format.value(rewards / 300, width: 6))"
        XCTAssertTrue(Screen.render(state).text.contains(expected), expected)
    }

    /// A seed is one task wherever it runs: `run`'s path (the task built up front), `curve`'s
    /// (each run's solver builds its task) and the playground's learning state pull the same
    /// arms and are paid the same rewards.
    func testASeedIsOneTaskInRunCurveAndThePlayground() throws {
        let level = try LevelCatalog.load("ten-armed-testbed")
        let model = Model(level)
        for method in [EpsilonGreedy.info, UCB.info, GradientBandit.info, QLearning.info] {
            var p = method.defaults(for: level)
            p.seed = 3
            let run = try Runner.run(model: model.task(seed: 3), method: method, parameters: p, budget: .episodes(60), truth: nil)
            var settings = LearningCurves.Settings()
            settings.episodes = 60
            let curve = try LearningCurves.measure(model: model, method: method, parameters: p, truth: nil, settings: settings)
            var playground = LearningState(model: model, method: method, parameters: p)
            _ = playground.run(budget: 60, until: nil, deadline: .max, clock: ManualClock())
            XCTAssertEqual(run.curve.map(\.return_), curve.map { $0 ?? .nan }, method.id)
            XCTAssertEqual(playground.progress, run.curve.map(\.return_), method.id)
            XCTAssertEqual(playground.solver?.armValues, model.task(seed: 3).armValues(), method.id)
        }
    }

    /// `h` pulls arms by hand: → moves the pick, Enter pulls, and the method learns from it.
    func testYouPullTheArmsByHand() throws {
        var state = try appState("ten-armed-testbed")
        var worker = opened(&state)
        play(chars("5h"), &state, &worker)
        XCTAssertTrue(state.driving)
        play([.right, .right, .enter, .right, .enter], &state, &worker)
        XCTAssertEqual(state.snapshot.pulls, [0, 1, 1, 0, 0, 0, 0, 0, 0, 0], "arm 3, then arm 2 (the pick starts at arm 1 again after a pull)")
        XCTAssertEqual(state.snapshot.counters.samples, 2)
        XCTAssertEqual(state.snapshot.lastTick?.transition?.action, 1)
        XCTAssertTrue(Screen.render(state).text.contains(">  1 "), "the pick is marked on its arm")
    }

    /// Compare mode on the testbed: each column lists the arms (DP its q*, the learners their
    /// Q and pulls), all on the same task and fed the same samples: MC control's averages are
    /// epsilon-greedy's, column for column.
    func testCompareModeListsEachMethodsArms() throws {
        var state = try appState("ten-armed-testbed")
        var worker = opened(&state)
        play(chars("5C") + Array(repeating: Key.character("."), count: 60), &state, &worker)
        let screen = Screen.render(state)
        assertGolden(screen, "testbed-compare-60-rounds-120x40")
        let rows = screen.text.split(separator: "\n").filter { $0.hasPrefix("  8 ") }
        XCTAssertEqual(rows.count, 1)
        let columns = rows[0].prefix { $0 != "│" }
        let fields = columns.replacingOccurrences(of: "*", with: " ").replacingOccurrences(of: "◀", with: " ").split(separator: " ").map(String.init)
        // arm q* N | arm Q N | arm Q N | arm Q N: mc-control's Q and N are epsilon-greedy's.
        XCTAssertEqual(fields.count, 12, String(columns))
        if fields.count == 12 { XCTAssertEqual(Array(fields[4...5]), Array(fields[10...11])) }
    }
}
