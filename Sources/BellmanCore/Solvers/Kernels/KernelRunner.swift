/// A method with a kernel of its own on plain moves: every run, headless, an experiment's or
/// the playground's, takes the kernel where the world in force allows it and `step()`
/// elsewhere.
protocol KernelRunner: SampleBasedSolver {
    /// Whether the next tick may be the kernel's; `false` while something of the method's own
    /// waits for a `tick()` first (a driven step handed back), or while the method runs as
    /// `step()` does (batch updating, which may finish it at any episode's end).
    var kernelReady: Bool { get }
    /// Up to `steps` ticks of the kernel (fewer when `log` is satisfied at an episode's end;
    /// returns the ticks taken).
    @discardableResult
    mutating func runKernel<Log: StepRecorder>(_ steps: Int, in world: PlainMoves, log: inout Log) -> Int
}

extension KernelRunner {
    /// `count` ticks told to `log`: the kernel where the world in force has plain moves, each
    /// `step()` told to it elsewhere.
    mutating func run<Log: StepRecorder>(ticks count: Int, recording log: inout Log) {
        var left = count
        while left > 0 && !kernelReady {
            log.record(tick(), counters: learner.counters)
            left -= 1
        }
        runSteps(left, log: &log, kernel: true) { solver, steps, world, log in solver.runKernel(steps, in: world, log: &log) }
    }

    /// The playground's run (see `Solver.run(ticks:logging:)`): `count - 1` ticks of the kernel,
    /// told to `log`, then one `tick()` whose report is returned.
    public mutating func run(ticks count: Int, logging log: inout StepLog) -> Tick? {
        guard count > 1, kernelReady, !learner.agent.scheduled, let world = learner.agent.model.plainMoves else { return nil }
        log.withWriter(room: count - 1, firstTick: learner.counters.ticks) { writer in
            var writer = writer
            let ticks = runKernel(writer.room, in: world, log: &writer)
            return (writer, ticks)
        }
        return tick()
    }

    /// The kernel where the world in force has plain moves, `step()` elsewhere.
    public mutating func run(ticks count: Int) {
        var unlogged = Unlogged()
        run(ticks: count, recording: &unlogged)
    }

    /// See `Solver.runEpisodes`: the kernel's run, stopped at the end of the last episode.
    /// While the kernel is not ready (a driven step; batch updating, which may finish the
    /// method), one `tick()` at a time, finishing asked after each as `Solver.runEpisodes` asks.
    public mutating func runEpisodes(into ends: inout EpisodeEnds, maxSamples: Int) {
        while !ends.isSatisfied && !isFinished && learner.counters.samples < maxSamples {
            if kernelReady {
                // A tick takes at most one sample: the budget's samples left bound the ticks.
                ends.withWriter { writer in
                    var writer = writer
                    run(ticks: maxSamples - learner.counters.samples, recording: &writer)
                    return writer
                }
            } else {
                ends.record(tick(), counters: learner.counters)
            }
        }
    }
}
