@testable import BellmanCore
@testable import BellmanTUI
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
