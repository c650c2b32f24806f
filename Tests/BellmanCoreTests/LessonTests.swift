import BellmanCore
import XCTest

/// Lessons are data: every bundled one loads, and a broken one says where and why.
final class LessonTests: XCTestCase {
    func testBundledLessonsLoadWithTheirLevelsAndMethods() throws {
        XCTAssertEqual(Set(LessonCatalog.names), ["dp-vs-sampling", "sarsa-vs-q-learning", "planning", "blackjack", "you-drive", "how-cost-grows", "bandits", "signal"])
        for name in LessonCatalog.names {
            let lesson = try LessonCatalog.load(name)
            XCTAssertFalse(lesson.about.isEmpty, name)
            XCTAssertNoThrow(try LevelCatalog.load(lesson.level), name)
            XCTAssertGreaterThanOrEqual(lesson.steps.count, 4, name)
            for (i, step) in lesson.steps.enumerated() {
                XCTAssertTrue(step.caption.hasPrefix("\(i + 1)/\(lesson.steps.count) "), "\(name) step \(i + 1) numbers itself")
            }
            XCTAssertNotNil(lesson.steps.last?.compare, "\(name) ends side by side")
        }
    }

    func testBrokenLessonsSayWhereAndWhy() {
        let source = """
            name = "broken"
            level = "cliff-walking"

            [[step]]
            caption = "one"
            method = "q-learnin"

            [[step]]
            caption = "two"
            keys = "w spacebar"
            colour = "red"
            """
        XCTAssertThrowsError(try LessonParser.parse(source: source, file: "broken.toml", id: "broken")) { error in
            let messages = (error as? FileProblems)?.problems.map(\.description) ?? []
            XCTAssertTrue(messages.contains { $0.hasPrefix("broken.toml:4:1: step 1: unknown method `q-learnin`") }, "\(messages)")
            XCTAssertTrue(messages.contains { $0.hasPrefix("broken.toml:8:1: step 2: unknown key `spacebar`") }, "\(messages)")
            XCTAssertTrue(messages.contains { $0.hasPrefix("broken.toml:8:1: step 2: unknown key `colour`") }, "\(messages)")
        }
        XCTAssertThrowsError(try LessonParser.parse(source: "name = \"x\"\nlevel = \"cliff-walking\"\n", file: "x.toml", id: "x")) { error in
            XCTAssertTrue("\(error)".contains("a lesson needs at least one [[step]] with a caption"), "\(error)")
        }
        XCTAssertThrowsError(try LessonCatalog.load("dp-vs-samplin")) { error in
            XCTAssertTrue("\(error)".contains("did you mean `dp-vs-sampling`"), "\(error)")
        }
    }
}

extension LessonTests {
    /// A lesson cannot save, export or quit for the student: those keys are refused where
    /// they are written.
    func testALessonMayNotPressKeysThatWriteFilesOrQuit() {
        let source = """
            name = "sneaky"
            level = "cliff-walking"

            [[step]]
            caption = "1/1 watch"
            keys = "w S X q"
            """
        XCTAssertThrowsError(try LessonParser.parse(source: source, file: "l.toml", id: "l")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("l.toml:4:1: step 1: a lesson may not press `S` (it saves the session to a file)"), text)
            XCTAssertTrue(text.contains("a lesson may not press `X` (it writes exports to files)"), text)
            XCTAssertTrue(text.contains("a lesson may not press `q` (it quits the playground)"), text)
        }
    }
}

extension LessonTests {
    /// Steps are the TOML parse's `[[step]]` tables, each placed at its header: a line of a
    /// caption that reads `[[step]]` is text, not a step, and moves no step's position.
    func testStepsArePlacedByTheParseNotByTheText() {
        let source = """
            name = "placed"
            level = "cliff-walking"

            [[step]]
            caption = \"\"\"
            [[step]] is how a step begins\"\"\"

            [[step]]
            caption = "two"
            speed = 0
            """
        XCTAssertThrowsError(try LessonParser.parse(source: source, file: "placed.toml", id: "placed")) { error in
            XCTAssertEqual("\(error)", "placed.toml:8:1: step 2: speed must be ticks per second from 1 to 1000000, or \"max\"")
        }
    }
}
