import BellmanCore
import BellmanTestSupport
@testable import BellmanTUI
import XCTest

/// A whole screen against `Screens/NAME.txt` beside these tests (see `BellmanTestSupport`).
func assertGolden(_ screen: Canvas, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    let screens = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().appendingPathComponent("Screens")
    BellmanTestSupport.assertGolden(screen, name, in: screens, file: file, line: line)
}

/// An app state on a bundled level at a terminal size.
func appState(_ level: String = "cliff-walking", width: Int = 120, height: Int = 40, colors: ColorMode = .palette256) throws -> AppState {
    AppState(level: try LevelCatalog.load(level), levelNames: LevelCatalog.names, width: width, height: height, colorMode: colors)
}

/// Drives the solver thread's worker synchronously: configure the state's method, then
/// take the steps, and return the snapshot the UI would receive.
func snapshot(of state: AppState, after steps: [StepSize]) -> Snapshot {
    var worker = EngineWorker()
    worker.apply(.configure(state.model, state.method, state.parameters))
    // The truth is solved on another thread; wait for it so the snapshot is complete.
    awaitTruth(&worker)
    for step in steps {
        worker.apply(.step(step))
        finishWork(&worker)
    }
    return worker.snapshot()
}

/// Advances the worker until the step asked for is done (or, running, until it stops),
/// failing after two minutes rather than spinning.
func finishWork(_ worker: inout EngineWorker, file: StaticString = #filePath, line: UInt = #line) {
    repeatWhile({ worker.hasWork }, "the step asked of the worker", file: file, line: line) { _ = worker.advance() }
}

/// Waits for the worker's background truths, failing after two minutes.
func awaitTruth(_ worker: inout EngineWorker, file: StaticString = #filePath, line: UInt = #line) {
    repeatWhile({ worker.isSolvingTruth }, "the background truth", file: file, line: line) {
        Thread.sleep(forTimeInterval: 0.001)
        worker.collectTruth()
    }
}

/// A worker in compare mode on `model`, stepping `rate` samples a second (a round is a
/// thirtieth of that).
func comparing(_ model: Model, _ entries: [CompareEntry], rate: Double?) -> EngineWorker {
    var worker = EngineWorker()
    worker.apply(.speed(rate))
    worker.apply(.compare(model, entries))
    return worker
}

/// The playground opened on `state` with the solver thread's worker beside it, the truth
/// solved and the first snapshot taken.
func opened(_ state: inout AppState) -> EngineWorker {
    var worker = EngineWorker()
    for case .engine(let command) in update(&state, .start) { worker.apply(command) }
    awaitTruth(&worker)
    _ = update(&state, .snapshot(worker.snapshot()))
    return worker
}

/// Presses keys through `update` and carries each engine command out on `worker`, as the
/// solver thread would (each step finished, the truth awaited); the snapshot comes back
/// after each key.
func play(_ keys: [Key], _ state: inout AppState, _ worker: inout EngineWorker, file: StaticString = #filePath, line: UInt = #line) {
    for key in keys {
        for case .engine(let command) in update(&state, .input(.key(key))) {
            worker.apply(command)
            finishWork(&worker, file: file, line: line)
        }
        awaitTruth(&worker, file: file, line: line)
        _ = update(&state, .snapshot(worker.snapshot()))
    }
}

/// Applies a key sequence through `update`, collecting the effects.
@discardableResult
func press(_ keys: [Key], _ state: inout AppState) -> [Effect] {
    keys.flatMap { update(&state, .input(.key($0))) }
}

func chars(_ text: String) -> [Key] { text.map { Key.character($0) } }

extension Canvas {
    /// Every (x, y) whose character is `c`.
    func positions(of c: Character) -> [(x: Int, y: Int)] {
        (0..<height).flatMap { y in (0..<width).compactMap { x in self[x, y].character == c ? (x, y) : nil } }
    }
}

extension Effect {
    var engineCommand: EngineCommand? {
        if case .engine(let command) = self { return command }
        return nil
    }
}

/// Polls the solver thread's snapshot until `condition` holds or `timeout` seconds pass.
func waitFor(_ engine: SolverEngine, timeout: Double = 10, _ condition: (Snapshot) -> Bool) -> Snapshot {
    let deadline = Date().addingTimeInterval(timeout)
    var snapshot = engine.snapshot
    while !condition(snapshot) && Date() < deadline {
        Thread.sleep(forTimeInterval: 0.002)
        snapshot = engine.snapshot
    }
    return snapshot
}
