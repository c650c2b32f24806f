@testable import BellmanCore
@testable import BellmanTUI
import XCTest

/// A lesson's captions set up the screen and advance with n.
final class LessonScreenTests: XCTestCase {
    func testCaptionsSetUpTheScreenAndAdvance() throws {
        let lesson = try LessonCatalog.load("sarsa-vs-q-learning")
        var state = try appState(lesson.level)
        state.lesson = lesson
        var effects = openLessonStep(&state)
        XCTAssertEqual(state.method.id, "sarsa")
        XCTAssertEqual(effects.filter { if case .engine(.step(.episode)) = $0 { true } else { false } }.count, 3, "keys e e e")
        var screen = Screen.render(state).text
        XCTAssertTrue(screen.contains("Lesson: Sarsa vs Q-learning on the cliff · 1/5  n: next"), screen)
        XCTAssertTrue(screen.contains("1/5 Sarsa learns the value"), screen)
        for step in 2...5 {
            effects = update(&state, .input(.key(.character("n"))))
            XCTAssertEqual(state.lessonStep, step - 1)
            if step == 4 {
                XCTAssertTrue(effects.isEmpty, "step 4 only talks")
            } else {
                XCTAssertFalse(effects.isEmpty, "step \(step) sets something up")
            }
        }
        XCTAssertEqual(state.compareMethods, ["sarsa", "q-learning"])
        screen = Screen.render(state).text
        XCTAssertTrue(screen.contains("5/5  (the end; q quits)"), screen)
        XCTAssertTrue(update(&state, .input(.key(.enter))).isEmpty)
        XCTAssertTrue(state.status?.contains("last step") ?? false)
        XCTAssertTrue(Screen.render(state).text.contains("(the end; q quits)  ·  that was the last step"),
                      "the status shows on the caption bar that covers the status line")
    }
}

extension LessonScreenTests {
    /// Even a lesson built in code (past the parser) never saves, exports or quits for the
    /// student: the playground skips those keys.
    func testALessonNeverPressesKeysThatWriteOrQuit() throws {
        var state = try appState()
        state.lesson = Lesson(id: "l", name: "l", about: "", level: "cliff-walking",
                              steps: [Lesson.Step(caption: "1/1", method: "q-learning", compare: nil, keys: ["S", "X", "q", "."])])
        let effects = openLessonStep(&state)
        XCTAssertFalse(state.quitRequested)
        for effect in effects {
            switch effect {
            case .export, .saveSession, .quit: XCTFail("a lesson caused \(effect)")
            default: break
            }
        }
        XCTAssertTrue(effects.contains { if case .step(.tick)? = $0.engineCommand { return true } else { return false } }, "other keys are pressed")
    }

    /// A step sets an absolute speed (presses of + used to add up across steps) and the step
    /// size of the methods it shows (so that a comparison compares methods).
    func testAStepSetsSpeedAndAlpha() throws {
        let source = """
        name = "t"
        level = "dyna-maze"
        [[step]]
        caption = "1/2"
        method = "q-learning"
        speed = 1000
        alpha = 0.1
        [[step]]
        caption = "2/2"
        compare = ["q-learning", "dyna-q"]
        speed = "max"
        alpha = 0.2
        """
        let lesson = try LessonParser.parse(source: source, file: "t.toml", id: "t")
        var state = try appState("dyna-maze")
        state.lesson = lesson
        var effects = openLessonStep(&state)
        XCTAssertEqual(state.speed, 1_000)
        guard case .speed(1_000)? = effects.first?.engineCommand else { return XCTFail("\(effects)") }
        guard case .configure(_, _, let p)? = effects.last?.engineCommand else { return XCTFail("\(effects)") }
        XCTAssertEqual(p.alpha, 0.1)
        effects = update(&state, .input(.key(.character("n"))))
        XCTAssertNil(state.speed, "max")
        XCTAssertEqual(state.compareEntries.map(\.parameters.alpha), [0.2, 0.2], "both compared methods at one step size")
        XCTAssertEqual(state.commandsSent, 4)

        let bad = source.replacingOccurrences(of: "speed = 1000", with: "speed = 0").replacingOccurrences(of: "alpha = 0.2", with: "alpha = 2")
        XCTAssertThrowsError(try LessonParser.parse(source: bad, file: "t.toml", id: "t")) { error in
            XCTAssertTrue("\(error)".contains("t.toml:3:1: step 1: speed must be ticks per second from 1 to 1000000, or \"max\""), "\(error)")
            XCTAssertTrue("\(error)".contains("t.toml:8:1: step 2: alpha must be a number, 0 < alpha <= 1"), "\(error)")
        }
    }
}

extension LessonScreenTests {
    /// how-cost-grows: a step's `scale` opens the level K times finer, and the model reads
    /// its captions name are the ones value iteration reads there.
    func testHowCostGrowsScalesTheLevelAndItsCaptionsAreTrue() throws {
        let lesson = try LessonCatalog.load("how-cost-grows")
        var state = try appState(lesson.level)
        state.lesson = lesson
        var worker = EngineWorker()
        func perform(_ effects: [Effect]) {
            for case .engine(let command) in effects {
                worker.apply(command)
                finishWork(&worker)
            }
            _ = update(&state, .snapshot(worker.snapshot()))
        }
        perform(openLessonStep(&state))
        var reads: [Int] = [], states: [Int] = []
        for step in 1...3 {
            // Run to convergence, as space does at the step's speed.
            worker.apply(.speed(nil))
            worker.apply(.run)
            finishWork(&worker)
            _ = update(&state, .snapshot(worker.snapshot()))
            XCTAssertTrue(state.snapshot.finished, "step \(step)")
            reads.append(state.snapshot.counters.modelReads)
            states.append(state.model.stateCount)
            XCTAssertEqual(state.snapshot.counters.samples, 0)
            if step < 3 { perform(update(&state, .input(.key(.character("n"))))) }
        }
        XCTAssertEqual(states, [16, 64, 144])
        XCTAssertEqual(reads, [224, 1_984, 6_816], "the captions' numbers")
        let captions = lesson.steps.prefix(3).map(\.caption).joined()
        for number in ["224", "1,984", "6,816"] { XCTAssertTrue(captions.contains(number), number) }
        XCTAssertEqual(state.level.scale, 3)
        XCTAssertTrue(Screen.render(state).text.contains("(x3)"), "the title says the level is scaled")
    }
}

extension LessonScreenTests {
    /// A step whose keys start the run never asks the class to press space (that would pause
    /// it): blackjack's third step did.
    func testNoCaptionAsksForTheSpaceItsStepAlreadyPressed() throws {
        for name in LessonCatalog.names {
            let lesson = try LessonCatalog.load(name)
            for (i, step) in lesson.steps.enumerated() where step.keys.contains("space") {
                XCTAssertNil(step.caption.range(of: "press space", options: .caseInsensitive),
                             "\(name) step \(i + 1) runs already: \(step.caption)")
            }
        }
    }
}
