import BellmanCore
import Dispatch
import Foundation

/// A method run on a level exactly as the playground runs it (the same solver worker and
/// bookkeeping, stepped synchronously) and drawn by the same views: what `bellman export`
/// turns into frames, CSV files and recordings without a terminal.
public struct ExportRun {
    public private(set) var state: AppState
    private var worker = EngineWorker()

    public init(level: Level, method: MethodInfo, parameters: Parameters, width: Int = 120, height: Int = 40,
                colorMode: ColorMode = .palette256) {
        state = AppState(level: level, levelNames: [level.id], width: width, height: height, colorMode: colorMode)
        state.family = method.family
        state.methodOfFamily[method.family] = method.id
        state.parametersOfMethod[method.id] = parameters
        state.targetPolicy = parameters.policy
        worker.apply(.configure(state.model, method, parameters))
        // The error curve needs the DP truth, solved on another thread: wait for it.
        while worker.isSolvingTruth {
            Thread.sleep(forTimeInterval: 0.001)
            worker.collectTruth()
        }
        refresh()
    }

    /// One step of the given size (a tick, an episode, a sweep, or up to a number of samples).
    public mutating func step(_ size: StepSize) {
        worker.apply(.step(size))
        while worker.hasWork { _ = worker.advance() }
        refresh()
    }

    public var snapshot: Snapshot { state.snapshot }
    public var isFinished: Bool { state.snapshot.finished }

    /// The screen as the playground would draw it now.
    public func frame() -> Canvas { Screen.render(state) }

    private mutating func refresh() { _ = update(&state, .snapshot(worker.snapshot())) }
}
