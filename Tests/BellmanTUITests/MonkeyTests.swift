import BellmanCore
@testable import BellmanTUI
import XCTest

/// A seeded monkey at the keyboard: every key the playground knows, mouse clicks and resizes,
/// in random order, through `update` and a synchronous solver worker, with a frame drawn after
/// each event, exactly as the runtime loop does. Nothing may trap; the screen always fits.
final class MonkeyTests: XCTestCase {
    static let keys: [Key] = [" ", ".", "e", "w", "+", "-", "1", "2", "3", "5", "m", "v", "r", "z", "Z", "[", "]", "a", "A",
                              "p", "P", "g", "G", "C", "L", "?", "x", "0", "t", "T", "h", "b", "#", "S", "H"].map { Key.character(Character($0)) }
        + [.up, .down, .left, .right, .enter, .escape, .tab, .backTab, .backspace, .pageUp, .pageDown, .home, .end]

    func testRandomKeysMouseAndResizesNeverTrap() throws {
        for seed in 1...6 { try monkey(seed: UInt64(seed), events: 1_500) }
    }

    /// A bandit: one state, its arms, the Bandit family's key among the rest.
    func testTheMonkeyOnTheTestbed() throws {
        for seed in 1...4 { try monkey(seed: UInt64(seed), events: 1_500, level: "ten-armed-testbed") }
    }

    func monkey(seed: UInt64, events: Int, level: String = "cliff-walking") throws {
        var rng = Xoshiro256(seed: seed)
        var state = try appState(level)
        var worker = EngineWorker()
        var log: [String] = []

        func perform(_ effects: [Effect]) {
            for effect in effects {
                switch effect {
                case .engine(let command): worker.apply(command)
                case .loadLevel(let name):
                    if let level = try? LevelCatalog.load(name) { perform(update(&state, .levelLoaded(level))) }
                case .quit, .export, .saveSession, .savePolicy, .writeLevel: break
                }
            }
        }
        perform(update(&state, .start))
        for _ in 0..<events {
            let event: InputEvent
            switch rng.below(20) {
            case 0: event = .resize(width: 1 + rng.below(200), height: 1 + rng.below(70))
            case 1: event = .mouse(x: rng.below(state.width + 2) - 1, y: rng.below(state.height + 2) - 1)
            default: event = .key(Self.keys[rng.below(Self.keys.count)])
            }
            log.append("\(event)")
            if case .key(.character("L")) = event, rng.below(3) > 0 { continue }  // a level switch now and then
            perform(update(&state, .input(event)))
            // The solver thread's share: a little work, then the snapshot the UI would get.
            for _ in 0..<3 where worker.hasWork { _ = worker.advance() }
            _ = update(&state, .snapshot(worker.snapshot()))
            let canvas = Screen.render(state)
            XCTAssertEqual(canvas.width, state.width, "seed \(seed) after \(log.suffix(20))")
            XCTAssertEqual(canvas.height, state.height)
            if state.quitRequested { state.quitRequested = false }
        }
    }

    /// Found by the soak (`.ci/soak`): after a level switch, a snapshot of the old level could
    /// still arrive, and the views indexed the new level with its arrays (its last tick's
    /// states, its Q table): a trap. Snapshots of another model are now dropped.
    func testASnapshotOfTheOldLevelAfterASwitchIsIgnored() throws {
        for (old, new) in [("maze-31", "random-walk"), ("cliff-walking", "frozenlake-4x4"), ("random-walk", "maze-31")] {
            var state = try appState(old)
            _ = update(&state, .input(.key(.character("3"))))
            var stale: [Snapshot] = []
            var single = EngineWorker()
            single.apply(.configure(state.model, QLearning.info, QLearning.info.defaults(for: state.level)))
            single.apply(.step(.samples(777)))
            finishWork(&single)
            stale.append(single.snapshot())
            var compared = EngineWorker()
            let entries = [QLearning.info, Sarsa.info].map { CompareEntry(method: $0, parameters: $0.defaults(for: state.level)) }
            compared.apply(.compare(state.model, entries))
            compared.apply(.step(.samples(777)))
            finishWork(&compared)
            stale.append(compared.snapshot())

            _ = update(&state, .levelLoaded(try LevelCatalog.load(new)))
            for snapshot in stale {
                _ = update(&state, .snapshot(snapshot))
                XCTAssertNil(state.snapshot.model, "\(old) → \(new): the old level's snapshot is dropped")
                for _ in 0..<4 {
                    _ = Screen.render(state)
                    _ = update(&state, .input(.key(.character("v"))))
                }
            }
        }
    }
}
