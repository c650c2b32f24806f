import Dispatch

/// `bellman sweep` (DESIGN §10): a parameter study. For every method and combination of the
/// varied parameters' values, a measure (the return, or the RMS error against the truth)
/// after each episode, averaged over a window of episodes and then over runs (seeds S, S+1,
/// ...), with its standard error: the book's Figures 6.3 and 7.2 as one command each.
public enum ParameterSweep {
    /// A parameter and the values it takes.
    public struct Axis: Sendable, Equatable {
        public var name: ParameterName
        public var values: [Double]
        public init(name: ParameterName, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    public enum Measure: String, Sendable, CaseIterable {
        /// The episode's return G_0.
        case `return`
        /// The sum of its rewards, undiscounted (on a bandit, the step's reward: Figure 2.6).
        case reward
        /// The RMS error against the truth (V*, or the target policy's V) after the episode.
        case rms
        /// The samples to an optimal greedy policy, as `race` measures them (DESIGN §13).
        case samplesToOptimal = "samples-to-optimal"
        /// The samples to a sharp policy (`SharpGoal`).
        case samplesToSharp = "samples-to-sharp"

        /// The goal a run races to, for the measures that are samples to one; `nil` for the
        /// measures averaged over a window of episodes.
        public var goal: ScaleStudy.Goal? {
            switch self {
            case .samplesToOptimal: .optimal
            case .samplesToSharp: .sharp
            case .return, .reward, .rms: nil
            }
        }
    }

    /// The episodes a run's measure is averaged over.
    public enum Window: Sendable, Equatable, CustomStringConvertible {
        case first(Int), last(Int)

        public var description: String {
            switch self {
            case .first(let k): "first:\(k)"
            case .last(let k): "last:\(k)"
            }
        }
    }

    public struct Settings: Sendable {
        public var runs = 10
        /// Episodes per run; or, with `steps`, as many as fit in that many samples.
        public var episodes = 100
        public var steps: Int?
        public var measure = Measure.return
        public var window = Window.first(100)
        public var seed: UInt64 = 1
        /// Worker threads; results do not depend on it (each run owns its seed).
        public var threads = 2
        public init() {}

        /// The samples a run racing to a goal may use: `steps`, else a race's budget.
        public var budget: Int { steps ?? RaceSettings().budget }
    }

    /// One method at one combination of values: the mean over runs of each run's average
    /// over the window, and its standard error. For a measure that is samples to a goal, the
    /// median over runs (a run that did not reach it counting as infinite, as `scale`), no
    /// standard error, and `runs` the runs that reached it.
    public struct Row: Sendable, Equatable {
        public var method: String
        public var values: [Double]
        public var mean: Double?
        public var se: Double?
        /// Runs with at least one episode in the window and a measure that is a number.
        public var runs: Int
        /// Runs whose values grew without bound (a measure not finite, or beyond
        /// `divergedBeyond`): counted here, left out of the mean.
        public var diverged = 0
        /// In a study whose lines each vary their own parameter: the line's label and the
        /// parameter its one value is of.
        public var line: String?
        public var varied: ParameterName?
    }

    /// A line of a study whose lines each vary their own parameter on one x axis (Figure
    /// 2.6: epsilon-greedy's epsilon, the gradient bandit's alpha, UCB's c and the optimistic
    /// start's Q1): its label, method, parameters and the parameter it varies.
    public struct Line: Sendable {
        public var label: String
        public var method: MethodInfo
        public var parameters: Parameters
        public var axis: Axis
        public init(label: String, method: MethodInfo, parameters: Parameters, axis: Axis) {
            self.label = label
            self.method = method
            self.parameters = parameters
            self.axis = axis
        }
    }

    /// One method at one combination of values, and the truth its error is measured against.
    private struct Configuration {
        var method: MethodInfo
        var values: [Double]
        var parameters: Parameters
        var truth: [Double]?
        var line: String?
        var varied: ParameterName?
        /// Q* at the configuration's gamma, for a measure that races to a goal.
        var qStar: [Double]? = nil
    }

    /// A return beyond this size means the values diverged (a step size too large for the
    /// method); an RMS error diverged beyond 100 times (1 + the truth's largest value):
    /// TD(lambda) at high lambda and alpha, Figure 12.6's curves leaving the plot.
    public static let divergedBeyond = 1e12

    /// The parameters a study may vary: the numeric ones a sample-based method reads.
    public static let variable: [ParameterName] = [.alpha, .epsilon, .gamma, .lambda, .n, .planningSteps, .kappa, .priorityThreshold, .initialValue, .c,
                                                   .alphaW, .group, .prior, .priorNoise]

    /// The most runs a study takes in all (methods x combinations x runs).
    public static let maxJobs = 10_000_000

    /// Every combination of the axes' values, the first axis slowest.
    public static func combinations(_ axes: [Axis]) -> [[Double]] {
        axes.reduce([[]]) { partial, axis in partial.flatMap { prefix in axis.values.map { prefix + [$0] } } }
    }

    /// Runs the study; `progress` hears (runs done, runs in all) as they finish. Throws when a
    /// value is out of its range or a method cannot run here.
    /// Each method starts from `base(method)` (by default its defaults on the level), and
    /// each combination sets the varied parameters on it.
    public static func run(model: Model, methods: [MethodInfo], axes: [Axis], settings: Settings,
                           base: ((MethodInfo) throws -> Parameters)? = nil,
                           progress: @Sendable (Int, Int) -> Void = { _, _ in }) throws -> [Row] {
        var configurations: [Configuration] = []
        for method in methods {
            try refuseDP(method)
            let start = try base?(method) ?? method.defaults(for: model.level)
            let truth = try self.truth(for: method, start, model: model, settings: settings)
            for values in combinations(axes) {
                var p = start
                for (axis, value) in zip(axes, values) { p = try setting(axis.name, value, on: p, for: method) }
                configurations.append(Configuration(method: method, values: values, parameters: p, truth: truth,
                                                    qStar: try qStar(for: method, p, model: model, settings: settings)))
            }
        }
        return try measure(configurations, model: model, settings: settings, progress: progress)
    }

    /// Runs a study whose lines each vary their own parameter, every value on one x axis.
    public static func run(model: Model, lines: [Line], settings: Settings,
                           progress: @Sendable (Int, Int) -> Void = { _, _ in }) throws -> [Row] {
        var configurations: [Configuration] = []
        for line in lines {
            try refuseDP(line.method)
            let truth = try self.truth(for: line.method, line.parameters, model: model, settings: settings)
            for value in line.axis.values {
                let p = try setting(line.axis.name, value, on: line.parameters, for: line.method)
                configurations.append(Configuration(method: line.method, values: [value], parameters: p, truth: truth,
                                                    line: line.label, varied: line.axis.name,
                                                    qStar: try qStar(for: line.method, p, model: model, settings: settings)))
            }
        }
        return try measure(configurations, model: model, settings: settings, progress: progress)
    }

    private static func refuseDP(_ method: MethodInfo) throws {
        guard method.family != .dp else {
            throw SolverError("\(method.id) is DP: it has no episodes to measure (bellman scale measures DP's cost)")
        }
    }

    /// `parameters` with one varied value set, refused where the method cannot take it.
    private static func setting(_ name: ParameterName, _ value: Double, on parameters: Parameters, for method: MethodInfo) throws -> Parameters {
        guard method.parameters.contains(name) else {
            throw SolverError("\(method.id) has no \(name.rawValue) to vary; it reads \(method.parameters.map(\.rawValue).joined(separator: ", "))")
        }
        return try parameters.setting(name, value, for: method)
    }

    /// The values the RMS error is measured against; `nil` for the other measures.
    private static func truth(for method: MethodInfo, _ parameters: Parameters, model: Model, settings: Settings) throws -> [Double]? {
        guard settings.measure == .rms else { return nil }
        let truth = TruthCache.shared.truth(for: model, gamma: parameters.gamma, kind: Truth.kind(for: method, policy: parameters.policy)).values
        guard let truth else { throw SolverError("no truth to measure the error against here: \(model.level.file) at this gamma has none") }
        return truth
    }

    /// Q* through the model at the parameters' gamma, for a measure that races to a goal; `nil`
    /// for the others. A prediction method has no policy to race with.
    private static func qStar(for method: MethodInfo, _ parameters: Parameters, model: Model, settings: Settings) throws -> [Double]? {
        guard let goal = settings.measure.goal else { return nil }
        guard !method.isPrediction else {
            throw SolverError("\(method.id) is a prediction method: it learns no policy, so it has no samples to \(goal == .sharp ? "a sharp" : "an optimal") policy")
        }
        guard let values = TruthCache.shared.truth(for: model, gamma: parameters.gamma, kind: .optimal).values else {
            throw SolverError("no optimal values to measure a policy against here: \(model.level.file) at this gamma has none")
        }
        return model.actionValues(from: values, gamma: parameters.gamma)
    }

    /// Every configuration's runs, spread over the threads (run j has seed S + j mod R), and
    /// each configuration's mean and standard error over its runs.
    private static func measure(_ configurations: [Configuration], model: Model, settings: Settings,
                                progress: @Sendable (Int, Int) -> Void) throws -> [Row] {
        for c in configurations { _ = try c.method.make(model, c.parameters) }
        let runs = settings.runs, planned = configurations
        let jobs = planned.count * runs
        guard jobs <= maxJobs else { throw SolverError("\(jobs) runs is more than a study takes (\(maxJobs)); fewer values or --runs") }
        let results = Locked([Double?](repeating: nil, count: jobs))
        let done = Locked(0)
        let threads = max(1, settings.threads)
        Jobs.run(jobs, threads: threads) { j in
            let configuration = planned[j / runs]
            var p = configuration.parameters
            p.seed = settings.seed &+ UInt64(j % runs)
            let value = try? measure(model: model, method: configuration.method, parameters: p,
                                     truth: configuration.truth, qStar: configuration.qStar, settings: settings)
            results.withLock { $0[j] = value ?? nil }
            let count = done.withLock { $0 += 1; return $0 }
            progress(count, jobs)
        }
        let values = results.withLock { $0 }
        return configurations.indices.map { c in
            let configuration = configurations[c]
            let measured = (0..<runs).compactMap { values[c * runs + $0] }
            if settings.measure.goal != nil {
                return Row(method: configuration.method.id, values: configuration.values,
                           mean: ScaleStudy.censoredMedian(measured, runs: runs), se: nil, runs: measured.count,
                           line: configuration.line, varied: configuration.varied)
            }
            let bound = configuration.truth.map { 100 * (1 + ($0.map(abs).max() ?? 0)) } ?? divergedBeyond
            let samples = measured.filter { $0.isFinite && abs($0) <= bound }
            let mean = samples.isEmpty ? nil : samples.reduce(0, +) / Double(samples.count)
            var se: Double?
            if let mean, samples.count > 1 {
                let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count - 1)
                se = (variance / Double(samples.count)).squareRoot()
            }
            return Row(method: configuration.method.id, values: configuration.values, mean: mean, se: se, runs: samples.count,
                       diverged: measured.count - samples.count, line: configuration.line, varied: configuration.varied)
        }
    }

    /// One run: the measure after each episode, averaged over the window; `nil` when no
    /// episode fell in it. A measure that is samples to a goal: the samples a race's run
    /// took to reach it, `nil` when it did not within the budget.
    static func measure(model: Model, method: MethodInfo, parameters: Parameters, truth: [Double]?, qStar: [Double]? = nil,
                        settings: Settings) throws -> Double? {
        if let goal = settings.measure.goal {
            var race = RaceSettings()
            race.budget = settings.budget
            race.stopAt = goal
            let run = try Race.race(model: model, method: method, parameters: parameters, truth: nil, qStar: qStar, target: 0, settings: race)
            return run[keyPath: goal.reached].map { Double($0.samples) }
        }
        var solver = try method.make(model, parameters)
        var perEpisode: [Double] = []
        let steps = settings.steps ?? Runner.maxBudget
        if truth == nil {
            // The return needs only the episodes' ends: a kernel's run where the method has one.
            let ends = solver.runEpisodes(settings.steps == nil ? settings.episodes : Int.max, maxSamples: steps)
            perEpisode = settings.measure == .reward ? ends.map(\.rewards) : ends.map(\.return_)
        }
        while truth != nil && solver.counters.samples < steps && (settings.steps != nil || perEpisode.count < settings.episodes) && !solver.isFinished {
            // An episode at a time, through the method's kernel where it has one.
            guard let end = solver.runEpisodes(1, maxSamples: steps).first else { break }
            perEpisode.append(truth.map { model.rmsError(of: solver, against: $0) } ?? end.return_)
        }
        let window: ArraySlice<Double>
        switch settings.window {
        case .first(let k): window = perEpisode.prefix(k)
        case .last(let k): window = perEpisode.suffix(k)
        }
        return window.isEmpty ? nil : window.reduce(0, +) / Double(window.count)
    }
}
