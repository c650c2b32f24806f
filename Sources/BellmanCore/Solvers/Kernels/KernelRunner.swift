/// A method with a kernel of its own: every run, headless or an experiment's, goes through
/// its `run(ticks:recording:)`, which takes the kernel where the world in force allows it and
/// `step()` elsewhere.
protocol KernelRunner: SampleBasedSolver {
    /// `count` ticks told to `log` (fewer when `log` is satisfied at an episode's end).
    mutating func run<Log: StepRecorder>(ticks count: Int, recording log: inout Log)
}

extension KernelRunner {
    /// The kernel where the world in force has plain moves, `step()` elsewhere.
    public mutating func run(ticks count: Int) {
        var unlogged = Unlogged()
        run(ticks: count, recording: &unlogged)
    }

    /// See `Solver.runEpisodes`: the kernel's run, stopped at the end of the last episode.
    public mutating func runEpisodes(_ count: Int, maxSamples: Int = Runner.maxBudget) -> [EpisodeEnd] {
        var recorder = EpisodeEnds(wanted: count)
        // A tick takes at most one sample: the budget's samples left bound the ticks.
        while !recorder.isSatisfied && learner.counters.samples < maxSamples {
            run(ticks: maxSamples - learner.counters.samples, recording: &recorder)
        }
        return recorder.ends
    }
}
