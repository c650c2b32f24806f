import BellmanCore
import Dispatch
import Foundation

/// How long the playground takes to draw a frame: the views rendering the whole screen into
/// a canvas, and the comparison with the previous frame that decides which cells the terminal
/// backend rewrites. This is the UI's whole cost per frame except the terminal's own I/O.
public enum FrameBenchmark {
    /// What a run of frames measured.
    public struct Result: Sendable {
        /// Milliseconds per frame, sorted.
        public var milliseconds: [Double]
        /// Cells that changed per frame, on average (what the backend would rewrite).
        public var changedCells: Double
        public var median: Double { milliseconds[milliseconds.count / 2] }
    }

    /// Renders `frames` frames of `level` at width x height with Q-learning under way (heatmap,
    /// greedy arrows, agent and trail, panel, return and error curves), alternating between
    /// two moments of learning so that every frame differs from the one before.
    public static func run(level: Level, width: Int = 120, height: Int = 40, frames: Int = 200) -> Result {
        var state = AppState(level: level, levelNames: [level.id], width: width, height: height, colorMode: .palette256)
        _ = update(&state, .input(.key(.character("3"))))  // the TD family: Q-learning
        var worker = EngineWorker()
        worker.apply(.configure(state.model, state.method, state.parameters))
        while worker.isSolvingTruth {
            Thread.sleep(forTimeInterval: 0.001)
            worker.collectTruth()
        }
        var moments: [Snapshot] = []
        for samples in [20_000, 40_000] {
            worker.apply(.step(.samples(samples)))
            while worker.hasWork { _ = worker.advance() }
            moments.append(worker.snapshot())
        }
        var previous = Canvas(width: width, height: height)
        var times: [Double] = [], changed = 0
        for frame in 0..<frames {
            _ = update(&state, .snapshot(moments[frame % 2]))
            let start = DispatchTime.now().uptimeNanoseconds
            let canvas = Screen.render(state)
            let differing = canvas.changes(since: previous).count
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            changed += differing
            previous = canvas
        }
        return Result(milliseconds: times.sorted(), changedCells: Double(changed) / Double(max(frames, 1)))
    }
}
