import BellmanCore
@testable import BellmanTUI
import XCTest

/// Key sequences through `update`: the state changes and the commands sent to the solver.
final class UpdateTests: XCTestCase {
    func testStartConfiguresTheDefaultMethod() throws {
        var state = try appState()
        let effects = update(&state, .start)
        // The speed the panel shows first (issue 14: it said 50/s while the engine ran 10/s).
        guard case .speed(let speed)? = effects.first?.engineCommand else { return XCTFail("\(effects)") }
        XCTAssertEqual(speed, state.speed)
        XCTAssertEqual(speed, 50)
        guard case .configure(_, let method, let parameters)? = effects.last?.engineCommand else { return XCTFail("\(effects)") }
        XCTAssertEqual(method.id, "value-iteration")
        XCTAssertEqual(parameters.gamma, 1, "the level's gamma")
        XCTAssertEqual(state.commandsSent, 2)
        XCTAssertTrue(state.needsPolling, "the UI polls until the engine acknowledges")
    }

    func testRunPauseAndStepping() throws {
        var state = try appState()
        XCTAssertEqual(press(chars(" "), &state).compactMap(\.engineCommand).count, 1)
        XCTAssertTrue(state.running)
        guard case .pause? = press(chars(" "), &state).first?.engineCommand else { return XCTFail() }
        XCTAssertFalse(state.running)
        guard case .step(.tick)? = press(chars("."), &state).first?.engineCommand else { return XCTFail() }
        guard case .step(.sweep)? = press(chars("w"), &state).first?.engineCommand else { return XCTFail() }
        XCTAssertTrue(press(chars("e"), &state).isEmpty, "DP has no episodes")
        XCTAssertTrue(state.status?.contains("w runs one sweep") ?? false, state.status ?? "")
        press(chars("3"), &state)
        guard case .step(.episode)? = press(chars("e"), &state).first?.engineCommand else { return XCTFail() }
        XCTAssertTrue(press(chars("w"), &state).isEmpty)
        XCTAssertTrue(state.status?.contains("e runs one episode") ?? false)
    }

    func testSpeedSteps() throws {
        var state = try appState()
        let start = state.speed
        guard case .speed(let faster)? = press(chars("+"), &state).first?.engineCommand else { return XCTFail() }
        XCTAssertGreaterThan(faster ?? .infinity, start ?? 0)
        press(Array(repeating: .character("+"), count: 30), &state)
        XCTAssertNil(state.speed, "the top speed is as fast as possible")
        press(Array(repeating: .character("-"), count: 30), &state)
        XCTAssertEqual(state.speed, 1, "the bottom speed is one tick per second")
    }

    func testFamiliesRememberTheirMethod() throws {
        var state = try appState()
        press(chars("3"), &state)
        XCTAssertEqual(state.method.id, "q-learning")
        let td = Methods.family(.td).map(\.id)
        let next = td[(td.firstIndex(of: "q-learning")! + 1) % td.count]
        let effects = press(chars("m"), &state)
        XCTAssertEqual(state.method.id, next, "m goes to the next TD method in catalogue order")
        guard case .configure(_, let method, _)? = effects.first?.engineCommand else { return XCTFail() }
        XCTAssertEqual(method.id, next, "switching method resets learning on the same level")
        press(chars("1"), &state)
        XCTAssertEqual(state.method.family, .dp)
        press(chars("mm"), &state)
        XCTAssertEqual(state.method.id, "policy-iteration")
        press(chars("3"), &state)
        XCTAssertEqual(state.method.id, next, "TD remembers its method")
        press(chars("2"), &state)
        XCTAssertEqual(state.method.id, "mc-control")
        press(Array(repeating: .character("m"), count: Methods.family(.mc).count), &state)
        XCTAssertEqual(state.method.id, "mc-control", "m cycles through the whole family")
    }

    func testViewsCycleAndSkipQForVOnlyMethods() throws {
        var state = try appState()
        press(chars("v"), &state)
        XCTAssertEqual(state.view, .visits, "value iteration learns V only: no Q view")
        press(chars("vv"), &state)
        XCTAssertEqual(state.view, .value)
        press(chars("3v"), &state)
        XCTAssertEqual(state.view, .actionValues)
        press(chars("1"), &state)
        XCTAssertEqual(state.view, .value, "leaving a Q method leaves the Q view")
    }

    func testCursorStaysOnTheGridAndMouseSelects() throws {
        var state = try appState()
        XCTAssertEqual(state.cursor, GridPosition(row: 3, col: 0), "starts on the start cell")
        press([.down, .left], &state)
        XCTAssertEqual(state.cursor, GridPosition(row: 3, col: 0))
        press([.up, .right, .right], &state)
        XCTAssertEqual(state.cursor, GridPosition(row: 2, col: 2))
        let layout = Layout(state)
        let x = layout.gridOrigin.x + 5 * layout.cellWidth + 1, y = layout.gridOrigin.y + 1 * layout.cellHeight + 1
        _ = update(&state, .input(.mouse(x: x, y: y)))
        XCTAssertEqual(state.cursor, GridPosition(row: 1, col: 5))
        _ = update(&state, .input(.mouse(x: 119, y: 39)))
        XCTAssertEqual(state.cursor, GridPosition(row: 1, col: 5), "a click outside the grid selects nothing")
    }

    func testLevelPickerLoadsTheChosenLevel() throws {
        var state = try appState()
        press(chars("L"), &state)
        guard case .levels(let selected) = state.overlay else { return XCTFail() }
        XCTAssertEqual(state.levelNames[selected], "cliff-walking")
        let effects = press([.down, .enter], &state)
        guard case .loadLevel(let name)? = effects.first else { return XCTFail("\(effects)") }
        XCTAssertEqual(name, state.levelNames[selected + 1])
        let loaded = update(&state, .levelLoaded(try LevelCatalog.load(name)))
        XCTAssertEqual(state.level.id, name)
        guard case .configure(let model, _, _)? = loaded.first?.engineCommand else { return XCTFail() }
        XCTAssertEqual(model.level.id, name)
        press(chars("L"), &state)
        press([.escape], &state)
        XCTAssertEqual(state.overlay, .none)
    }

    func testLiveParameters() throws {
        var state = try appState()
        press(chars("3"), &state)
        XCTAssertEqual(state.selectedParameter, .alpha)
        guard case .parameters(let p)? = press(chars("]"), &state).first?.engineCommand else { return XCTFail() }
        XCTAssertEqual(p.alpha, 0.6, "alpha changes live, one step up its ladder")
        press([.tab], &state)
        XCTAssertEqual(state.selectedParameter, .epsilon)
        guard case .parameters(let q)? = press(chars("["), &state).first?.engineCommand else { return XCTFail() }
        XCTAssertEqual(q.epsilon, 0.05)
        XCTAssertEqual(q.alpha, 0.6, "earlier changes are kept")
        guard case .parameters(let r)? = press(chars("g"), &state).first?.engineCommand else { return XCTFail() }
        XCTAssertEqual(r.gamma, 0.99, "gamma changes live too")
        XCTAssertEqual(r.alpha, 0.6)
        press(chars("1"), &state)
        XCTAssertTrue(press(chars("a"), &state).isEmpty, "value iteration has no alpha")
        XCTAssertTrue(state.status?.contains("no alpha") ?? false)
    }

    func testMonteCarloAlphaStartsAsSampleAverages() throws {
        var state = try appState()
        press(chars("2"), &state)
        XCTAssertNil(state.parameters.alpha)
        guard case .parameters(let p)? = press(chars("A"), &state).first?.engineCommand else { return XCTFail() }
        XCTAssertEqual(p.alpha, 0.01, "raising from sample averages starts at the smallest constant step")
    }

    func testQuitAndResize() throws {
        var state = try appState()
        _ = update(&state, .input(.resize(width: 50, height: 20)))
        XCTAssertEqual(state.width, 50)
        let effects = press(chars("q"), &state)
        XCTAssertTrue(state.quitRequested)
        XCTAssertTrue(effects.contains { if case .quit = $0 { return true }; return false })
    }

    func testSnapshotRunningStateFollowsTheEngineOnceCaughtUp() throws {
        var state = try appState()
        press(chars(" "), &state)
        var stale = Snapshot()
        stale.acknowledged = 0
        stale.running = false
        _ = update(&state, .snapshot(stale))
        XCTAssertTrue(state.running, "an old snapshot does not undo the user's run")
        var finished = Snapshot()
        finished.acknowledged = state.commandsSent
        finished.running = false
        finished.finished = true
        _ = update(&state, .snapshot(finished))
        XCTAssertFalse(state.running, "a converged solver stops running")
    }
}
