import BellmanCore
@testable import BellmanTUI
import XCTest

/// Build mode (`b`, DESIGN §9) through the update function, the engine, the files it writes
/// and whole screens.
final class BuildScreenTests: XCTestCase {
    /// Q-learning, 30 episodes on the cliff, then a wall built in the middle of the grid.
    private func walled(width: Int = 120, height: Int = 40) throws -> (AppState, EngineWorker) {
        var state = try appState(width: width, height: height)
        var worker = opened(&state)
        play(chars("3") + Array(repeating: .character("e"), count: 30), &state, &worker)
        play(chars("b") + [.up, .right, .right, .right, .right, .right] + chars("#"), &state, &worker)
        return (state, worker)
    }

    func testAWallIsBuiltWhileLearningGoesOnWithItsTables() throws {
        var state = try appState()
        var worker = opened(&state)
        play(chars("3") + Array(repeating: .character("e"), count: 30), &state, &worker)
        let before = state.snapshot, oldModel = state.model
        play(chars("b"), &state, &worker)
        XCTAssertTrue(state.building)
        play([.up, .right, .right, .right, .right, .right] + chars("#"), &state, &worker)
        XCTAssertTrue(state.status?.hasPrefix("r2c5: floor → wall") == true, state.status ?? "")
        let s = state.snapshot, model = state.model
        XCTAssertTrue(s.model === model, "the engine learns in the edited world")
        XCTAssertEqual(model.stateCount, oldModel.stateCount - 1)
        XCTAssertEqual(s.values.count, model.stateCount)
        XCTAssertEqual(s.counters.samples, before.counters.samples, "the counts go on")
        XCTAssertEqual(s.physicsMarks.count, before.physicsMarks.count + 1, "the error curve marks the edit")
        XCTAssertNotNil(s.rms, "the truth of the edited world was solved")
        // Every cell still a state kept what it learned and how often it was visited.
        let q = try XCTUnwrap(s.q), oldQ = try XCTUnwrap(before.q)
        for cell in [0, 13, 30, 47] {
            let new = try XCTUnwrap(model.state(atCell: cell)), old = try XCTUnwrap(oldModel.state(atCell: cell))
            XCTAssertEqual(Array(q[new * 4 ..< new * 4 + 4]), Array(oldQ[old * 4 ..< old * 4 + 4]))
            XCTAssertEqual(s.visits[new], before.visits[old])
        }
        // The reward of a cell, up and down its ladder; a wall has none.
        play(chars("+"), &state, &worker)
        XCTAssertTrue(state.status?.contains("a wall: it has no reward") == true, state.status ?? "")
        play([.left] + chars("++"), &state, &worker)
        XCTAssertEqual(state.level.cell(2, 4).reward, -0.1)
        XCTAssertEqual(state.snapshot.model?.level.cell(2, 4).reward, -0.1)
        play(chars("b"), &state, &worker)
        XCTAssertFalse(state.building)
        play(chars("e"), &state, &worker)
        XCTAssertEqual(state.snapshot.counters.episodes, before.counters.episodes + 1, "b leaves; e steps again")
    }

    func testEditsThatCannotBeAreRefusedWithAReason() throws {
        var state = try appState()
        var worker = opened(&state)
        play(chars("b"), &state, &worker)
        // The only start made floor: a level with a cliff needs one.
        play(chars("."), &state, &worker)
        XCTAssertTrue(state.status?.contains("r3c0 cannot be floor") == true && state.status?.contains("start") == true, state.status ?? "")
        XCTAssertEqual(state.edits, 0)
        // Value iteration at gamma = 1 refuses a wall that cuts the start off from the goal
        // (north of it: east is the cliff, which sends the agent back to the start).
        play([.up] + chars("#"), &state, &worker)
        XCTAssertEqual(state.edits, 0)
        XCTAssertTrue(state.status?.contains("r2c0 stays floor: value-iteration could not learn there") == true, state.status ?? "")
        play([.right] + chars("#"), &state, &worker)
        XCTAssertEqual(state.edits, 1, "a wall beside it leaves a way")
        var gambler = try appState("gambler")
        press(chars("b"), &gambler)
        XCTAssertFalse(gambler.building)
        XCTAssertTrue(gambler.status?.contains("build mode edits grid levels") == true)
        var maze = try appState("blocking-maze")
        press(chars("b"), &maze)
        XCTAssertTrue(maze.status?.contains("changes on schedule") == true)
    }

    /// `w` writes the edited level: `check` accepts it and it opens to the same world.
    func testTheEditedLevelIsWrittenAndReadsBackToTheSameWorld() throws {
        let (state, _) = try walled()
        var files = PlaygroundFiles()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-build-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        files.exportDirectory = directory.path
        guard case .levelWritten(let said, _) = files.writeLevel(state), case .levelWritten(let again, _) = files.writeLevel(state) else { return XCTFail() }
        XCTAssertTrue(said.contains("cliff-walking-edited.toml"), said)
        XCTAssertTrue(again.contains("cliff-walking-edited-2.toml"), "an earlier file is never replaced: \(again)")
        let read = Model(try LevelParser.parse(contentsOf: directory.appendingPathComponent("cliff-walking-edited.toml")))
        XCTAssertEqual(read.stateCount, state.model.stateCount)
        for s in 0..<read.stateCount {
            for a in 0..<4 { XCTAssertEqual(read.outcomes(state: s, action: a), state.model.outcomes(state: s, action: a)) }
        }
    }

    /// A session saved after edits loads and continues bit for bit.
    func testASessionWithEditsRestores() throws {
        var (state, worker) = try walled()
        play(chars("e"), &state, &worker)
        var files = PlaygroundFiles()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        files.savePath = directory.appendingPathComponent("s.json").path
        guard case .reported(let said) = files.saveSession(state) else { return XCTFail() }
        XCTAssertTrue(said.hasPrefix("saved the session"), said)
        let session = try Session.read(files.savePath)
        XCTAssertEqual(session.physics?.compactMap(\.cell).count, 1)
        var restored = try session.restore(file: files.savePath)
        XCTAssertEqual(restored.solver.actionValues, state.snapshot.q)
        XCTAssertEqual(restored.model.stateCount, state.model.stateCount)
        restored.solver.run(ticks: 500)
        worker.apply(.step(.samples(state.snapshot.counters.samples + 500)))
        finishWork(&worker)
        XCTAssertEqual(restored.solver.actionValues, worker.snapshot().q, "and goes on as the playground does")
    }

    /// In compare mode every compared method learns on in the edited world.
    func testCompareModeEditsEveryLane() throws {
        var state = try appState()
        var worker = opened(&state)
        play(chars("C"), &state, &worker)
        for _ in 0..<5 { play(chars("."), &state, &worker) }
        play(chars("b") + [.up, .right, .right, .right] + chars("#"), &state, &worker)
        XCTAssertEqual(state.edits, 1, state.status ?? "")
        let lanes = state.snapshot.compared
        XCTAssertEqual(lanes.count, 3)
        for lane in lanes {
            XCTAssertTrue(lane.model === state.model, lane.methodID)
            XCTAssertEqual(lane.values.count, state.model.stateCount, lane.methodID)
        }
        // A round after the edit: every lane steps on in it.
        let before = lanes.map(\.counters.ticks)
        play(chars("b."), &state, &worker)
        XCTAssertTrue(zip(state.snapshot.compared, before).allSatisfy { $0.counters.ticks > $1 || $0.finished })
        XCTAssertTrue(state.snapshot.compared.allSatisfy { $0.values.allSatisfy(\.isFinite) })
    }

    func testBuildModeScreens() throws {
        for (width, height) in [(120, 40), (80, 24)] {
            var (state, _) = try walled(width: width, height: height)
            state.status = nil
            assertGolden(Screen.render(state), "cliff-build-wall-\(width)x\(height)")
        }
    }
}

extension BuildScreenTests {
    /// `L` over unsaved edits asks first (a second `L` drops them); once the level is
    /// written, `L` opens the picker at once. The picker says what the highlighted level is.
    func testPickingALevelOverUnsavedEditsAsksFirst() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-pick-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        var state = try appState(width: 80, height: 24)
        var worker = opened(&state)
        play(chars("b") + [.up, .right, .right] + chars("#"), &state, &worker)
        XCTAssertEqual(state.unsavedEdits, 1)
        play(chars("L"), &state, &worker)
        XCTAssertEqual(state.overlay, .none, "the first L does not drop the edit")
        XCTAssertEqual(state.status, "1 unsaved cell edit: w in build mode (b) writes the level; L again drops it and picks a level")
        play(chars("L"), &state, &worker)
        XCTAssertEqual(state.overlay, .levels(selected: state.levelNames.firstIndex(of: "cliff-walking")!))
        let screen = Screen.render(state).text
        XCTAssertTrue(screen.contains("Sutton & Barto (2018), Example 6.6"), "the highlighted level's description: \(screen)")
        play([.escape], &state, &worker)

        var files = PlaygroundFiles()
        files.exportDirectory = directory.path
        _ = update(&state, files.writeLevel(state))
        XCTAssertEqual(state.unsavedEdits, 0)
        play(chars("L"), &state, &worker)
        XCTAssertNotEqual(state.overlay, .none, "a written level opens the picker at once")
    }
}

extension BuildScreenTests {
    /// What build mode makes is drawn as its kind (H for a hole, nothing on a floor), never
    /// as the spare character the written file's legend needs; a first hole on the cliff
    /// takes the level's worst reward, so that it is no cheaper way out than the goal.
    func testBuiltCellsShowTheirKindAndAHoleIsNoShortcut() throws {
        var state = try appState()
        var worker = opened(&state)
        play(chars("3b") + [.up, .right, .right] + chars("H"), &state, &worker)
        XCTAssertEqual(state.status?.hasPrefix("r2c2: floor → hole, reward -100 (+ - change it)"), true, state.status ?? "")
        play([.right] + chars("+"), &state, &worker)
        XCTAssertEqual(state.status?.hasPrefix("r2c3's reward -1 → "), true, state.status ?? "")
        play([.right], &state, &worker)
        let layout = Layout(state), canvas = Screen.render(state)
        func shown(_ col: Int) -> String {
            let x = layout.gridOrigin.x + col * layout.cellWidth, y = layout.gridOrigin.y + 2 * layout.cellHeight
            return String((0..<layout.cellWidth).flatMap { dx in (0..<layout.cellHeight).map { canvas[x + dx, y + $0].character } })
        }
        XCTAssertTrue(shown(2).contains("H"), "the hole: |\(shown(2))|")
        XCTAssertFalse(shown(2).contains { $0.isLowercase }, "no spare letter on the hole: |\(shown(2))|")
        XCTAssertFalse(shown(3).contains { $0.isLowercase }, "no spare letter on the re-rewarded floor: |\(shown(3))|")
        let hole = try XCTUnwrap(state.model.state(atCell: 2 * 12 + 2))
        XCTAssertTrue(state.model.isTerminal[hole])
        XCTAssertEqual(state.model.outcomes(state: try XCTUnwrap(state.model.state(atCell: 2 * 12 + 1)), action: 1).first?.reward, -100,
                       "stepping east into the hole pays the level's worst reward")
    }
}
