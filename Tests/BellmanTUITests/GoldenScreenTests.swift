@testable import BellmanCore
@testable import BellmanTUI
import BellmanTestSupport
import XCTest

/// Whole screens on the cliff at the sizes terminals have (120x40, 80x24, 40x12), compared
/// with `Screens/*.txt` (see `assertGolden`): the start, DP converged, Q-learning after 50
/// episodes, compare mode, the help overlay and a lesson's first step.
final class GoldenScreenTests: XCTestCase {
    func cliff(_ width: Int, _ height: Int) throws -> AppState { try appState("cliff-walking", width: width, height: height) }

    func testTheStartAndDPConverged() throws {
        var state = try cliff(120, 40)
        state.snapshot = snapshot(of: state, after: [])
        assertGolden(Screen.render(state), "cliff-start-120x40")
        state.snapshot = snapshot(of: state, after: Array(repeating: .sweep, count: 20))
        assertGolden(Screen.render(state), "cliff-value-iteration-converged-120x40")
    }

    func testQLearningAtEachSize() throws {
        for (width, height) in [(120, 40), (80, 24), (40, 12)] {
            var state = try cliff(width, height)
            _ = update(&state, .input(.key(.character("3"))))
            state.snapshot = snapshot(of: state, after: Array(repeating: .episode, count: 50))
            assertGolden(Screen.render(state), "cliff-q-learning-50-episodes-\(width)x\(height)")
        }
    }

    /// Figure 3.5 on screen: v* in 11x4 cells (the level fits with room to spare) with every
    /// tied optimal action drawn side by side.
    func testFigure3_5OnScreen() throws {
        var state = try appState("gridworld-3-2")
        state.snapshot = snapshot(of: state, after: Array(repeating: .sweep, count: 60))
        XCTAssertTrue(state.snapshot.finished)
        assertGolden(Screen.render(state), "gridworld-3-2-value-iteration-converged-120x40")
    }

    /// Q-learning running at 2,000 ticks a second for two seconds of a hand-set clock: the
    /// screen a class sees mid-run, the same on every machine (the rate measured is the
    /// clock's, so the panel's "actual" speed is pinned too).
    func testQLearningRunningAt120x40And80x24() throws {
        for (width, height) in [(120, 40), (80, 24)] {
            var state = try cliff(width, height)
            let clock = ManualClock()
            var worker = EngineWorker(clock: clock)
            func send(_ effects: [Effect]) { for effect in effects { if let c = effect.engineCommand { worker.apply(c) } } }
            send(update(&state, .start))
            send(update(&state, .input(.key(.character("3")))))
            awaitTruth(&worker)
            for _ in 0..<5 { send(update(&state, .input(.key(.character("+"))))) }
            send(update(&state, .input(.key(.character(" ")))))
            // The solver thread's loop: a slice, then the wait the pacer asks for.
            var elapsed = 0.0
            repeatWhile({ elapsed < 2 }) {
                let wait = max(worker.advance() ?? 0, 0.001)
                clock.advance(seconds: wait)
                elapsed += wait
            }
            _ = update(&state, .snapshot(worker.snapshot()))
            XCTAssertTrue(state.running)
            XCTAssertEqual(Double(state.snapshot.counters.samples), 4_000, accuracy: 34, "2,000 a second for two seconds, in slices of 33")
            XCTAssertEqual(state.snapshot.ticksPerSecond, 2_000, accuracy: 1)
            assertGolden(Screen.render(state), "cliff-q-learning-running-\(width)x\(height)")
        }
    }

    /// The README's screenshot (120x40) and the playground manual's (80x24) are these golden
    /// screens, as they are (trailing blanks trimmed).
    func testTheDocsShowTheRunningScreens() throws {
        let here = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
        for (page, intro, size) in [("README.md", "What it looks like at 120x40 while Q-learning runs", "120x40"),
                                    ("docs/playground.md", "The [README](../README.md#what-it-looks-like) shows the playground", "80x24")] {
            let block = try XCTUnwrap(try RepositoryDocs.firstBlock(after: intro, in: page), "\(page) shows the \(size) screen")
            let golden = try String(contentsOf: here.appendingPathComponent("Screens/cliff-q-learning-running-\(size).txt"), encoding: .utf8)
            var lines = golden.components(separatedBy: "\n").map { String($0.reversed().drop { $0 == " " }.reversed()) }
            if lines.last == "" { lines.removeLast() }
            assertSameLines(block, lines, "\(page)'s \(size) screen (copy it from the golden file)")
        }
    }

    /// The playground manual shows the left part of the gambler's golden screen: each line the
    /// start of the golden line after the one before, except where `...` elides rows.
    func testTheDocsShowTheGamblerAsItIs() throws {
        let here = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
        let block = try XCTUnwrap(try RepositoryDocs.firstBlock(after: "What the gambler looks like", in: "docs/playground.md"))
        let golden = try String(contentsOf: here.appendingPathComponent("Screens/gambler-value-iteration-120x40.txt"), encoding: .utf8)
            .components(separatedBy: "\n")
        var next = 0, elided = false, checked = 0
        for shown in block {
            if shown.trimmingCharacters(in: .whitespaces) == "..." { elided = true; continue }
            let candidates = elided ? golden.indices.filter { $0 >= next } : (next < golden.count ? [next] : [])
            let found = candidates.first { golden[$0].hasPrefix(shown) }
            XCTAssertNotNil(found, "docs/playground.md's gambler line |\(shown)| is not where the golden screen has it")
            next = (found ?? next) + 1
            elided = false
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 10, "the gambler's lines in docs/playground.md")
    }

    func testCompareHelpAndALesson() throws {
        var state = try cliff(120, 40)
        _ = update(&state, .input(.key(.character("C"))))
        var lockstep = comparing(state.model, state.compareEntries, rate: 3_000)
        awaitTruth(&lockstep)
        for _ in 0..<10 {
            lockstep.apply(.step(.tick))
            finishWork(&lockstep)
        }
        state.snapshot = lockstep.snapshot()
        assertGolden(Screen.render(state), "cliff-compare-120x40")

        var help = try cliff(120, 40)
        help.snapshot = snapshot(of: help, after: [])
        _ = update(&help, .input(.key(.character("?"))))
        assertGolden(Screen.render(help), "cliff-help-120x40")

        let lesson = try LessonCatalog.load("dp-vs-sampling")
        var taught = try cliff(120, 40)
        taught.lesson = lesson
        _ = openLessonStep(&taught)
        taught.snapshot = snapshot(of: taught, after: [.sweep])
        assertGolden(Screen.render(taught), "lesson-dp-vs-sampling-step-1-120x40")
    }
}

extension GoldenScreenTests {
    /// Compare mode with two and four methods at 120x40 and 80x24: every map whole with its
    /// arrows and its own colour scale, the curves of a kind on one labelled scale, the
    /// counters whole (the panel gives way where the columns need its width).
    func testCompareTwoAndFourMethodsAtEachSize() throws {
        for methods in [["sarsa", "q-learning"], ["sarsa", "q-learning", "dyna-q", "value-iteration"]] {
            for (width, height) in [(120, 40), (80, 24)] {
                var state = try cliff(width, height)
                state.compareMethods = methods
                var worker = comparing(state.model, state.compareEntries, rate: 3_000)
                awaitTruth(&worker)
                for _ in 0..<200 {
                    worker.apply(.step(.tick))
                    finishWork(&worker)
                }
                state.snapshot = worker.snapshot()
                let screen = Screen.render(state)
                assertGolden(screen, "cliff-compare-\(methods.count)-methods-\(width)x\(height)")
                let cliffRows = screen.text.components(separatedBy: "\n").map { line in
                    line.ranges(of: /C *C *G/).count
                }
                XCTAssertEqual(cliffRows.reduce(0, +), methods.count, "every column's map keeps its goal column (\(width)x\(height))")
            }
        }
    }
}

extension GoldenScreenTests {
    /// The help at 80x24 takes pages: each but the last says there is more, space turns to
    /// the next (every key and the signs' legend on one page or another), and on the last
    /// closes it.
    func testHelpAt80x24SaysThereIsMoreAndTurnsItsPage() throws {
        var help = try cliff(80, 24)
        help.snapshot = snapshot(of: help, after: [])
        _ = update(&help, .input(.key(.character("?"))))
        var pages: [String] = []
        while case .help(let page) = help.overlay, page == pages.count, pages.count < 10 {
            let screen = Screen.render(help)
            assertGolden(screen, "cliff-help-80x24-page-\(page + 1)")
            pages.append(screen.text)
            _ = update(&help, .input(.key(.character(" "))))
        }
        XCTAssertGreaterThan(pages.count, 1, "80x24 is too short for the help on one page")
        for (i, page) in pages.dropLast().enumerated() {
            XCTAssertTrue(page.contains("more: space shows page \(i + 2) of \(pages.count)"), page)
        }
        for binding in KeyMap.bindings {
            XCTAssertTrue(pages.contains { $0.contains(binding.keys) }, "\(binding.keys) is on a page")
        }
        XCTAssertTrue(pages.last?.contains("model reads") == true, "the legend is on the last page")
        XCTAssertEqual(help.overlay, .none, "space on the last page closes")
        XCTAssertFalse(help.running, "closing the help does not start a run")
    }
}

extension GoldenScreenTests {
    /// The explain box of each family whole where the screen has the rows (DP's sweep line
    /// at 120x40), its numbers first where it does not (80x24: the rule gives way and the
    /// title says so), and the cell inspector whole at both sizes.
    func testTheExplainBoxOfEachFamilyAtBothSizes() throws {
        for (family, name, steps) in [("1", "value-iteration-mid-sweep", [StepSize.sweep, .sweep, .tick, .tick]),
                                      ("2", "mc-control-3-episodes", [.episode, .episode, .episode])] {
            for (width, height) in [(120, 40), (80, 24)] {
                var state = try cliff(width, height)
                _ = update(&state, .input(.key(.character(Character(family)))))
                state.snapshot = snapshot(of: state, after: steps)
                let screen = Screen.render(state)
                assertGolden(screen, "cliff-\(name)-\(width)x\(height)")
                let box = screen.text.components(separatedBy: "\n").filter { $0.hasPrefix("│ ") }
                XCTAssertFalse(box.contains { $0.contains("…") && $0.contains("← ") }, "the update's numbers are whole: \(box)")
            }
        }
    }
}
