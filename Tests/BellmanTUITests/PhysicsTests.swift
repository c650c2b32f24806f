import BellmanCore
@testable import BellmanTUI
import XCTest

/// Live physics: slip and step reward change while learning goes on; the truth is solved
/// again and the error curve marks the moment.
final class PhysicsTests: XCTestCase {
    func run(_ worker: inout EngineWorker, _ size: StepSize, times: Int) {
        for _ in 0..<times {
            worker.apply(.step(size))
            finishWork(&worker)
        }
    }

    func settleTruth(_ worker: inout EngineWorker) {
        awaitTruth(&worker)
    }

    func testKeysChangeSlipAndStepRewardAndRecompileTheModel() throws {
        var state = try appState("cliff-walking")
        let before = state.model
        var effects = update(&state, .input(.key(.character("D"))))
        XCTAssertEqual(state.level.slip, 0.05)
        XCTAssertFalse(state.model === before)
        guard case .engine(.physics(let model, let change)) = effects.first else { return XCTFail("\(effects)") }
        XCTAssertTrue(model === state.model)
        XCTAssertEqual(change, WorldChange(slip: 0.05))
        XCTAssertEqual(state.model.outcomes(state: 13, action: 0).count, 3, "north from r1c1 slips east or west now")

        effects = update(&state, .input(.key(.character("o"))))
        XCTAssertEqual(state.level.stepReward, -2)
        let floor = state.level.palette.first { $0.kind == .floor }!
        XCTAssertEqual(floor.reward, -2, "cells that earned the step reward earn the new one")
        XCTAssertEqual(state.level.palette.first { $0.kind == .cliff }!.reward, -100, "the cliff keeps its own reward")
        XCTAssertTrue(Screen.render(state).text.contains("slip 0.05  step reward -2"))

        _ = update(&state, .input(.key(.character("C"))))
        effects = update(&state, .input(.key(.character("D"))))
        guard case .engine(.physics(_, let inCompare)) = effects.first else { return XCTFail("\(effects)") }
        XCTAssertEqual(inCompare, WorldChange(slip: 0.1), "compare mode changes the world of every method")
    }

    func testDPResumesFromItsValuesAndTheCurveMarksTheChange() throws {
        var state = try appState("cliff-walking")
        var worker = EngineWorker()
        worker.apply(.configure(state.model, ValueIteration.info, ValueIteration.info.defaults(for: state.level)))
        settleTruth(&worker)
        run(&worker, .sweep, times: 30)
        let converged = worker.snapshot()
        XCTAssertTrue(converged.finished)
        XCTAssertEqual(converged.rms ?? 1, 0, accuracy: 1e-9)

        let effects = update(&state, .input(.key(.character("D"))))
        guard case .engine(let command) = effects.first else { return XCTFail() }
        worker.apply(command)
        settleTruth(&worker)
        let changed = worker.snapshot()
        XCTAssertFalse(changed.finished, "sweeping resumes in the new world")
        XCTAssertEqual(changed.values, converged.values, "from the values it had")
        XCTAssertEqual(changed.physicsMarks, [converged.counters.sweeps])
        XCTAssertGreaterThan(changed.rms ?? 0, 0, "against the new world's truth the old values are off")
        run(&worker, .sweep, times: 200)
        XCTAssertTrue(worker.snapshot().finished)
        XCTAssertEqual(worker.snapshot().rms ?? 1, 0, accuracy: 1e-6, "and converge to the new V*")
        XCTAssertGreaterThan(worker.snapshot().counters.sweeps, converged.counters.sweeps, "the counters go on")

        _ = update(&state, .snapshot(worker.snapshot()))
        XCTAssertTrue(Screen.render(state).text.contains("┊"), "the error curve marks the change")
    }

    func testTDKeepsItsQAndAMismatchedModelIsIgnored() throws {
        var state = try appState("cliff-walking")
        var worker = EngineWorker()
        worker.apply(.configure(state.model, QLearning.info, QLearning.info.defaults(for: state.level)))
        run(&worker, .episode, times: 20)
        let before = worker.snapshot()
        worker.apply(.physics(Model(try LevelCatalog.load("maze-31")), WorldChange(slip: 0.1)))
        XCTAssertTrue(worker.snapshot().physicsMarks.isEmpty, "another level's model is not physics")
        let effects = update(&state, .input(.key(.character("o"))))
        guard case .engine(let command) = effects.first else { return XCTFail() }
        worker.apply(command)
        let after = worker.snapshot()
        XCTAssertEqual(after.q, before.q, "Q is kept")
        XCTAssertEqual(after.physicsMarks, [before.counters.samples])
        run(&worker, .episode, times: 5)
        XCTAssertEqual(worker.snapshot().counters.episodes, 25)
    }

    /// A session saved after live physics changes holds them: `run --load`'s restore and the
    /// playground's replay both reach the saved tables, in the changed world.
    func testASessionWithPhysicsChangesLoadsBackExactly() throws {
        var state = try appState("cliff-walking")
        var worker = EngineWorker()
        worker.apply(.configure(state.model, QLearning.info, QLearning.info.defaults(for: state.level)))
        run(&worker, .episode, times: 10)
        for key in ["D", "D", "o"] {
            for effect in update(&state, .input(.key(.character(Character(key))))) { if let c = effect.engineCommand { worker.apply(c) } }
            run(&worker, .episode, times: 4)
        }
        _ = update(&state, .snapshot(worker.snapshot()))
        XCTAssertEqual(update(&state, .input(.key(.character("S")))).count, 1, "S saves")
        let shown = worker.snapshot()
        XCTAssertEqual(shown.worldChanges.map(\.slip), [0.05, 0.1, nil])
        XCTAssertEqual(shown.worldChanges.map(\.stepReward), [nil, nil, -2])
        let session = Session(levelID: state.level.id, file: state.level.file, source: state.level.source, method: "q-learning",
                              initial: try XCTUnwrap(shown.initialParameters), changes: shown.parameterChanges,
                              physics: shown.worldChanges, counters: shown.counters, values: shown.values, q: shown.q)
        let read = try JSONDecoder().decode(Session.self, from: try session.json())
        XCTAssertEqual(read, session, "the file holds the changes")
        let restored = try read.restore(file: "s.json")
        XCTAssertEqual(restored.solver.actionValues, shown.q)
        XCTAssertEqual(restored.model.level.slip, 0.1)

        var loading = try appState("cliff-walking")
        loading.family = .td
        loading.methodOfFamily[.td] = "q-learning"
        var loaded = EngineWorker()
        for effect in update(&loading, .startSession(read)) { if let c = effect.engineCommand { loaded.apply(c) } }
        XCTAssertEqual(loaded.snapshot().q, shown.q, "replayed in the playground")
        XCTAssertTrue(loaded.snapshot().model === loading.model, "in the model the screen draws")
        XCTAssertEqual(loading.level.stepReward, -2)
    }
}

extension PhysicsTests {
    /// gamma changes live too: DP and policy iteration resume from their values toward the new
    /// discount's, the truth follows, the curve marks it; a session replays it exactly.
    func testGammaChangesLiveAndIsMarked() throws {
        for method in [ValueIteration.info, PolicyIteration.info] {
            var state = try appState("gridworld-3-2")
            state.family = .dp
            state.methodOfFamily[.dp] = method.id
            var worker = EngineWorker()
            worker.apply(.configure(state.model, method, state.parameters))
            settleTruth(&worker)
            run(&worker, .sweep, times: 2_000)
            XCTAssertTrue(worker.snapshot().finished, method.id)
            let effects = update(&state, .input(.key(.character("g"))))
            guard case .engine(let command) = effects.first, case .parameters(let p) = command else { return XCTFail("\(effects)") }
            XCTAssertEqual(p.gamma, 0.8)
            worker.apply(command)
            settleTruth(&worker)
            XCTAssertFalse(worker.snapshot().finished, "\(method.id) sweeps again")
            XCTAssertEqual(worker.snapshot().physicsMarks.count, 1)
            run(&worker, .sweep, times: 2_000)
            XCTAssertTrue(worker.snapshot().finished)
            XCTAssertEqual(worker.snapshot().rms ?? 1, 0, accuracy: 1e-4, "\(method.id) reaches the new truth")
        }
    }
}
