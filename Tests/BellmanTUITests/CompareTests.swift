import BellmanCore
@testable import BellmanTUI
import XCTest

/// Compare mode: methods side by side on one level, fed the same number of samples.
final class CompareTests: XCTestCase {
    func testCKeyComparesTheMethodOfEachFamily() throws {
        var state = try appState()
        press(chars("3m"), &state)
        let effects = press(chars("C"), &state)
        XCTAssertEqual(state.compareMethods, ["value-iteration", "mc-control", state.methodOfFamily[.td]!])
        guard case .compare(_, let entries)? = effects.first?.engineCommand else { return XCTFail("\(effects)") }
        XCTAssertEqual(entries.map(\.method.id), state.compareMethods)
        guard case .configure? = press(chars("C"), &state).first?.engineCommand else { return XCTFail() }
        XCTAssertNil(state.compareMethods, "C again leaves compare mode")
    }

    /// Every round ends with each sample-based method at the same number of samples.
    func testLockstepFeedsEveryMethodTheSameSamples() throws {
        let model = Model(try LevelCatalog.load("cliff-walking"))
        let entries = ["value-iteration", "sarsa", "q-learning", "mc-control"].map { id in
            CompareEntry(method: Methods.named(id)!, parameters: Methods.named(id)!.defaults(for: model.level))
        }
        var lockstep = comparing(model, entries, rate: 3_000)
        for _ in 0..<5 {
            lockstep.apply(.step(.tick))
            finishWork(&lockstep)
        }
        let snapshot = lockstep.snapshot()
        XCTAssertEqual(snapshot.compared.count, 4)
        XCTAssertEqual(snapshot.compared[0].counters.samples, 0, "DP uses no samples")
        XCTAssertEqual(snapshot.compared[0].counters.sweeps, 5, "one sweep per round")
        let samples = snapshot.compared.dropFirst().map(\.counters.samples)
        XCTAssertEqual(samples, [500, 500, 500], "5 rounds of 3,000/30 samples each")
    }

    func testCompareScreenShowsAColumnPerMethod() throws {
        var state = try appState()
        state.compareMethods = ["value-iteration", "q-learning"]
        let model = state.model
        var lockstep = comparing(model, state.compareEntries, rate: 3_000)
        awaitTruth(&lockstep)
        for _ in 0..<3 {
            lockstep.apply(.step(.tick))
            finishWork(&lockstep)
        }
        state.snapshot = lockstep.snapshot()
        let text = Screen.render(state).text
        XCTAssertTrue(text.contains("compare value-iteration vs q-learning"), text)
        XCTAssertTrue(text.contains("value-iteration (DP)"), text)
        XCTAssertTrue(text.contains("q-learning (TD)"), text)
        XCTAssertTrue(text.contains("0 samples, 3 sweeps"), text)
        XCTAssertTrue(text.contains("300 samples"), text)
        XCTAssertTrue(text.contains("RMS vs V*"), text)
        XCTAssertTrue(text.contains("3 sweeps"), "DP's error curve is against sweeps: \(text)")
    }

    /// Compare mode's keys do what its footer says: a parameter changes in every compared
    /// method that has it, solvers included; m says it needs one family; L's picker is drawn;
    /// every column shares one colour scale, with a legend.
    func testCompareKeysReachTheSolversAndTheScreenSaysSo() throws {
        var state = try appState()
        _ = update(&state, .input(.key(.character("C"))))
        XCTAssertEqual(state.compareMethods, ["value-iteration", "mc-control", "q-learning"])
        let effects = update(&state, .input(.key(.character("a"))))
        guard case .compareParameters(let list)? = effects.first?.engineCommand else { return XCTFail("\(effects)") }
        XCTAssertEqual(list.map(\.alpha), [nil, 1, 0.4], "mc-control leaves sample averages for a step; q-learning 0.5 -> 0.4")
        XCTAssertEqual(state.status, "alpha changed for mc-control, q-learning")

        var lockstep = comparing(state.model, state.compareEntries.map {
            CompareEntry(method: $0.method, parameters: $0.method.defaults(for: state.level))
        }, rate: 3_000)
        lockstep.apply(.compareParameters(list))
        lockstep.apply(.step(.tick))
        finishWork(&lockstep)
        XCTAssertEqual(lockstep.snapshot().compared.map { $0.parameters?.alpha ?? nil }, [nil, 1, 0.4], "the solvers learn with it")

        XCTAssertTrue(update(&state, .input(.key(.character("m")))).isEmpty)
        XCTAssertEqual(state.compareMethods?.count, 3, "m does not leave compare mode silently")
        XCTAssertEqual(state.status, "m picks the next method of one family: C leaves compare mode first")

        state.status = nil
        state.snapshot = lockstep.snapshot()
        var screen = Screen.render(state).text
        XCTAssertTrue(screen.contains("each map its own colours; curves share scales"), screen)
        XCTAssertTrue(screen.contains("C leave compare"), screen)
        XCTAssertFalse(screen.contains("m method"), "the footer lists only keys that work here")
        _ = update(&state, .input(.key(.character("L"))))
        screen = Screen.render(state).text
        XCTAssertTrue(screen.contains("Levels (↑↓ Enter, Esc)"), screen)
    }
}

extension CompareTests {
    /// Paused in the middle of a round at full speed, compare mode finishes the round: the
    /// methods stop fed the same samples (they stopped 15,000 apart).
    func testPauseMidRoundStillFeedsTheSameSamples() throws {
        let model = Model(try LevelCatalog.load("cliff-walking"))
        let entries = ["mc-control", "q-learning"].map { id in
            CompareEntry(method: Methods.named(id)!, parameters: Methods.named(id)!.defaults(for: model.level))
        }
        var worker = EngineWorker(clock: SteppingClock())
        worker.apply(.speed(nil))
        worker.apply(.compare(model, entries))
        worker.apply(.run)
        var tries = 0
        repeat {
            _ = worker.advance()
            tries += 1
        } while worker.lanes.map(\.learning.samples).allSatisfy({ $0 == worker.lanes[0].learning.samples }) && tries < 1_000
        let before = worker.lanes.map(\.learning.samples)
        XCTAssertNotEqual(before[0], before[1], "the test pauses in the middle of a round")
        worker.apply(.pause)
        finishWork(&worker)
        let after = worker.snapshot().compared.map(\.counters.samples)
        XCTAssertEqual(after[0], after[1])
        XCTAssertEqual(after[0], worker.rounds?.completed)
        XCTAssertFalse(worker.snapshot().running)
    }
}

/// A clock on which every reading is a millisecond after the last: slices run out by their
/// deadline after a few readings, whatever the machine's speed.
final class SteppingClock: EngineClock {
    private let time = Locked<UInt64>(1_000_000_000)
    func now() -> UInt64 { time.withLock { $0 += 1_000_000; return $0 } }
}
