import BellmanCore
@testable import BellmanTUI
import XCTest

/// The one key map and `update` agree: every key it lists does something, every key that
/// does something is listed, and the footer shows only keys that work where it is shown.
final class KeyMapTests: XCTestCase {
    /// What a key press changed, in words (effects, status, overlay, view, cursor, ...).
    func reaction(to key: Character, on state: AppState) -> Bool {
        var after = state
        let effects = update(&after, .input(.key(.character(key))))
        func look(_ s: AppState) -> String {
            "\(s.status ?? "") \(s.overlay) \(s.view) \(s.zoom ?? -1) \(s.cursor) \(s.selectedParameter) \(s.ticksPerSecond) " +
            "\(s.family) \(s.compareMethods ?? []) \(s.lessonStep) \(s.methodOfFamily) \(s.targetPolicy != nil)"
        }
        return !effects.isEmpty || look(after) != look(state)
    }

    func contexts() throws -> [AppState] {
        var td = try appState()
        _ = update(&td, .input(.key(.character("3"))))
        var lesson = try appState()
        lesson.lesson = try LessonCatalog.load("dp-vs-sampling")
        var prediction = try appState()
        prediction.methodOfFamily[.dp] = "policy-evaluation"
        return [try appState(), td, lesson, prediction]
    }

    func testEveryListedKeyWorksAndEveryWorkingKeyIsListed() throws {
        // The keys `update` dispatches are the table's own: the test presses every printable
        // key and sees only the table's do something.
        let listed = Set(KeyMap.bindings.flatMap(\.commands).compactMap { entry -> Character? in
            if case .character(let c) = entry.key { return c }
            return nil
        })
        let states = try contexts()
        for key in (32...126).map({ Character(UnicodeScalar($0)!) }) {
            let works = states.contains { reaction(to: key, on: $0) }
            if listed.contains(key) {
                XCTAssertTrue(works, "`\(key)` is in the key map but does nothing")
            } else {
                XCTAssertFalse(works, "`\(key)` does something but the key map (help, footer) does not list it")
            }
        }
    }

    /// The help shows every key a binding dispatches (but the aliases + and - share).
    func testTheHelpNamesEachKeyItDispatches() {
        for binding in KeyMap.bindings {
            for entry in binding.commands {
                guard case .character(let c) = entry.key, c != "=", c != "_" else { continue }
                let shown = c == " " ? "space" : String(c)
                XCTAssertTrue(binding.keys.split(separator: " ").contains { $0 == shown }, "`\(shown)` is not in the help's \(binding.keys)")
            }
        }
        XCTAssertEqual(KeyMap.command(for: .character("E")), .back(.episode))
        XCTAssertEqual(KeyMap.command(for: .function(1)), .help)
        XCTAssertNil(KeyMap.command(for: .character("j")))
    }

    func testTheFooterListsOnlyKeysThatWorkThere() {
        let compare = KeyMap.footer(compare: true, width: 200)
        for word in ["m method", "e episode", "w sweep", "v view"] { XCTAssertFalse(compare.contains(word), compare) }
        XCTAssertTrue(compare.contains("C leave compare"))
        let single = KeyMap.footer(compare: false, width: 200)
        XCTAssertTrue(single.contains("C compare") && single.contains("m method"), single)
        let narrow = KeyMap.footer(compare: false, width: 40)
        XCTAssertLessThanOrEqual(narrow.count, 40)
        XCTAssertTrue(narrow.hasSuffix("? help  q quit"), narrow)
    }
}
