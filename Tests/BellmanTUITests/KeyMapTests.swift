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
            "\(s.status ?? "") \(s.overlay) \(s.view) \(s.zoom ?? -1) \(s.cursor) \(s.selectedParameter) \(s.speedIndex) " +
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
        let listed = Set(KeyMap.bindings.flatMap { binding in
            binding.keys == "space" ? [" "] : binding.keys.split(separator: " ").filter { $0.count == 1 && $0 != "/" }.map { Character(String($0)) }
        } + ["=", "_"])  // + and - also answer on the keys they share
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
