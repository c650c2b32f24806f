import Dispatch

/// `bellman curve` (DESIGN §11): learning curves averaged over runs, the way the book draws
/// half of its figures. Each series (a method with its parameters) runs `runs` times with
/// seeds S, S+1, ...; at each x (an episode, or a step) the measure's mean over the runs and
/// its standard error. The runs are summed in their order, so the numbers do not depend on
/// the threads.
public enum LearningCurves {
    public enum Measure: String, Sendable, CaseIterable {
        /// The sum of rewards during the episode (the book's measure).
        case reward
        /// The episode's discounted return G_0.
        case `return`
        /// The episode's steps (Fig 8.2).
        case steps
        /// The RMS error against the truth after the episode (or the step).
        case rms
        /// The rewards summed from the first step to x (x is the step: Figs 8.4, 8.5).
        case cumulativeReward = "cumulative-reward"
        /// The % of the episode's visits to `--state` that chose `--action` (Fig 6.5).
        case actionShare = "action-share"
        /// The squared error of `--state`'s estimate against the truth after the episode
        /// (Fig 5.3's mean square error, averaged over runs).
        case stateError = "state-error"

        /// The % of steps whose action is optimal under the truth (ties count): of the
        /// episode's steps, or (with `--steps`) the step at x.
        case optimalAction = "optimal-action"

        /// The episodes completed by step x (x is the step: Example 6.5's graph).
        case episodes

        /// Whether x is the step (else the episode).
        public var isPerStep: Bool { self == .cumulativeReward || self == .episodes }

        /// Whether the measure can be taken at x = step (`--steps`): `reward` is then the
        /// step's reward (a bandit's pull).
        public var isTakenAtSteps: Bool { [.reward, .cumulativeReward, .episodes, .rms, .optimalAction].contains(self) }

        /// Why the measure cannot be taken with the budget given (`steps`: x is the step),
        /// or `nil` when it can: the one rule of the command line and the recipes.
        public func refusal(steps: Bool) -> String? {
            if isPerStep && !steps { return "--measure \(rawValue) counts steps: give --steps N" }
            if steps && !isTakenAtSteps {
                let taken = Self.allCases.filter(\.isTakenAtSteps).map(\.rawValue).joined(separator: ", ")
                return "--measure \(rawValue) is per episode: give --episodes N (with --steps: \(taken))"
            }
            return nil
        }
    }

    /// One line of the figure: a method with its parameters, named as the user asked for it.
    public struct Series: Sendable {
        public var label: String
        public var method: MethodInfo
        public var parameters: Parameters
        public init(label: String, method: MethodInfo, parameters: Parameters) {
            self.label = label
            self.method = method
            self.parameters = parameters
        }
    }

    public struct Settings: Sendable {
        public var runs = 10
        /// Episodes per run (x is the episode), or with `steps` the samples (x is the step).
        public var episodes = 100
        public var steps: Int?
        public var measure = Measure.reward
        /// Per step, the x recorded: every `every`-th step.
        public var every = 1
        /// For `actionShare`: the state and the action counted there.
        public var state: Int?
        public var action: Int?
        public var seed: UInt64 = 1
        public var threads = 2
        public init() {}

        /// The x of the points: the episodes 1...N, or every `every`-th step.
        public var xs: [Int] {
            if let steps { return Array(stride(from: every, through: steps, by: every)) }
            return Array(1...episodes)
        }

        /// How many points (`xs.count`, without making them).
        var pointCount: Int { steps.map { $0 / every } ?? episodes }
    }

    /// The mean over the runs that have a value at x, and its standard error.
    public struct Point: Sendable, Equatable {
        public var x: Int
        public var mean: Double?
        public var se: Double?
        public var runs: Int
    }

    public struct Curve: Sendable {
        public var series: Series
        public var points: [Point]
    }

    /// The most values a study holds (series x runs x points).
    public static let maxValues = 50_000_000

    /// A run's point it does not have (after it finished): a NaN with a payload no
    /// arithmetic makes, so that a measure that is NaN still counts as one.
    private static let missing = Double(bitPattern: 0x7FF4_0000_0000_0001)
    private static func isMissing(_ v: Double) -> Bool { v.bitPattern == missing.bitPattern }

    /// Runs every series; `progress` hears (runs done, runs in all).
    public static func run(model: Model, series: [Series], settings: Settings,
                           progress: @Sendable (Int, Int) -> Void = { _, _ in }) throws -> [Curve] {
        for line in series {
            guard line.method.family != .dp else {
                throw SolverError("\(line.method.id) is DP: it has no episodes or steps to average (bellman scale measures DP's cost)")
            }
            _ = try line.method.make(model, line.parameters)
        }
        if settings.measure == .actionShare, settings.state == nil || settings.action == nil {
            throw SolverError("action-share needs --state ID and --action NAME")
        }
        if settings.measure == .stateError, settings.state == nil { throw SolverError("state-error needs --state ID") }
        let truths = try series.map { line -> [Double]? in
            guard [.rms, .stateError, .optimalAction].contains(settings.measure) else { return nil }
            let kind = settings.measure == .optimalAction ? .optimal : Truth.kind(for: line.method, policy: line.parameters.policy)
            guard let truth = TruthCache.shared.truth(for: model, gamma: line.parameters.gamma, kind: kind).values else {
                throw SolverError("no truth to measure the error against here: \(model.level.file) at this gamma has none")
            }
            return truth
        }
        // Per (state, action): optimal under the truth, within 1e-9 of the best (ties count).
        let optimal = zip(series, truths).map { line, truth -> [Bool]? in
            guard settings.measure == .optimalAction, let truth else { return nil }
            let q = model.actionValues(from: truth, gamma: line.parameters.gamma), A = model.actionCount
            return (0..<model.stateCount * A).map { i in
                let s = i / A, actions = model.actionCount(of: s)
                guard i % A < actions else { return false }
                let best = (0..<actions).map { q[s * A + $0] }.max() ?? 0
                return q[i] >= best - 1e-9 * max(1, abs(best))
            }
        }
        let xs = settings.xs, runs = settings.runs, jobs = series.count * runs
        guard jobs * xs.count <= maxValues else {
            throw SolverError("\(jobs) runs of \(xs.count) points is more than a study holds (\(maxValues) values); fewer runs, or --every")
        }
        // Each run's values kept as plain numbers, a missing one as `missing`: half the memory
        // of optionals (Figure 2.2 keeps 6,000 runs of 1,000 points), and so half the pages
        // the two threads fault in.
        let results = Locked([[Double]](repeating: [], count: jobs))
        let done = Locked(0)
        let threads = max(1, min(settings.threads, jobs))
        Jobs.run(jobs, threads: threads) { j in
            let line = series[j / runs]
            var p = line.parameters
            p.seed = settings.seed &+ UInt64(j % runs)
            let values = (try? measure(model: model, method: line.method, parameters: p, truth: truths[j / runs],
                                       optimal: optimal[j / runs], settings: settings))?.map { $0 ?? missing }
                ?? Array(repeating: missing, count: xs.count)
            results.withLock { $0[j] = values }
            let count = done.withLock { $0 += 1; return $0 }
            progress(count, jobs)
        }
        let values = results.withLock { $0 }
        // The points too are spread over the threads, a slice of the x axis each.
        let slices = threads, lines = Locked([[Point]](repeating: [], count: series.count * slices))
        DispatchQueue.concurrentPerform(iterations: series.count * slices) { job in
            let i = job / slices, slice = job % slices
            let ks = xs.count * slice / slices..<xs.count * (slice + 1) / slices
            let points = Self.points(xs: xs, ks, of: values[(i * runs)..<((i + 1) * runs)])
            lines.withLock { $0[job] = points }
        }
        let points = lines.withLock { $0 }
        return series.indices.map { i in Curve(series: series[i], points: (0..<slices).flatMap { points[i * slices + $0] }) }
    }

    /// The mean and standard error at each x of `ks` over `runs`, in run order (the sums do
    /// not depend on which thread ran which run). Run by run, each run's row read once, in two
    /// passes: the means, then the squares about them.
    private static func points(xs: [Int], _ ks: Range<Int>, of runs: ArraySlice<[Double]>) -> [Point] {
        var sums = [Double](repeating: 0, count: ks.count), counts = [Int](repeating: 0, count: ks.count)
        for row in runs {
            for k in ks where !isMissing(row[k]) { sums[k - ks.lowerBound] += row[k]; counts[k - ks.lowerBound] += 1 }
        }
        let means = sums.indices.map { counts[$0] == 0 ? nil : sums[$0] / Double(counts[$0]) }
        var squares = [Double](repeating: 0, count: ks.count)
        for row in runs {
            for k in ks where !isMissing(row[k]) {
                if let mean = means[k - ks.lowerBound] { squares[k - ks.lowerBound] += (row[k] - mean) * (row[k] - mean) }
            }
        }
        return ks.map { k in
            let j = k - ks.lowerBound, n = counts[j]
            let se = means[j] != nil && n > 1 ? (squares[j] / Double(n - 1) / Double(n)).squareRoot() : nil
            return Point(x: xs[k], mean: means[j], se: se, runs: n)
        }
    }

    /// Per arm of a bandit's one state (at `actionCount` per state, the bandit's row first):
    /// whether it is best by `values`, within 1e-9 (ties count).
    static func bestArms(_ values: [Double], actionCount: Int) -> [Bool] {
        let best = values.max() ?? 0
        return values.map { $0 >= best - 1e-9 * max(1, abs(best)) } + Array(repeating: false, count: max(0, actionCount - values.count))
    }

    /// One run: the measure at each x (`nil` where the run has none, as after it finished).
    static func measure(model: Model, method: MethodInfo, parameters: Parameters, truth: [Double]?,
                        optimal: [Bool]? = nil, settings: Settings) throws -> [Double?] {
        let A = model.actionCount
        var solver = try method.make(model, parameters)
        // The testbed: each run is its own task, and on the nonstationary one the best arm is
        // the best as the values stand at the pull.
        let testbed = model.level.mdp?.testbed, walking = (testbed?.walkSD ?? 0) > 0
        let taskOptimal = testbed == nil ? optimal : Self.bestArms(solver.armValues ?? [], actionCount: A)
        func isOptimal(_ t: Transition) -> Bool {
            if walking, let arms = solver.armValues { return Self.bestArms(arms, actionCount: A)[t.action] }
            return taskOptimal?[t.state * A + t.action] ?? false
        }
        var out: [Double?] = []
        if let steps = settings.steps { out.reserveCapacity(steps / settings.every) }
        if let steps = settings.steps, testbed != nil, !walking, [.reward, .optimalAction].contains(settings.measure) {
            // A stationary testbed's pull is an episode: its end says the arm and the reward,
            // and a method with a bandit kernel runs the pulls through it.
            let ends = solver.runEpisodes(steps, maxSamples: steps)
            for (t, end) in ends.enumerated() where (t + 1) % settings.every == 0 {
                out.append(settings.measure == .reward ? end.rewards : (taskOptimal?[end.firstAction] ?? false) ? 100 : 0)
            }
        } else if let steps = settings.steps, [.rms, .episodes].contains(settings.measure) {
            // Measures of the table or the counters at every `every`-th sample: the ticks
            // between two points run through the method's kernel (a tick is one sample).
            while solver.counters.samples < steps && !solver.isFinished {
                let before = solver.counters.samples
                solver.run(ticks: Swift.min(steps, (before / settings.every + 1) * settings.every) - before)
                guard solver.counters.samples > before, solver.counters.samples % settings.every == 0 else { continue }
                out.append(settings.measure == .rms ? truth.map { model.rmsError(of: solver, against: $0) } : Double(solver.counters.episodes))
            }
        } else if let steps = settings.steps {
            var rewards = 0.0
            while solver.counters.samples < steps && !solver.isFinished {
                let before = solver.counters.samples
                let tick = solver.tick()
                rewards += tick.transition?.reward ?? 0
                guard solver.counters.samples > before, solver.counters.samples % settings.every == 0 else { continue }
                switch settings.measure {
                case .rms: out.append(truth.map { model.rmsError(of: solver, against: $0) })
                case .optimalAction: out.append(tick.transition.map { isOptimal($0) ? 100 : 0 })
                case .episodes: out.append(Double(solver.counters.episodes))
                // At x = step, the reward of the step (a bandit's pull: Figure 2.2).
                case .reward: out.append(tick.transition?.reward ?? 0)
                default: out.append(rewards)
                }
            }
        } else if [.reward, .return, .steps].contains(settings.measure) {
            // Measures of the episodes' ends alone: a kernel's run where the method has one.
            out = solver.runEpisodes(settings.episodes, maxSamples: Runner.maxBudget).map { end in
                switch settings.measure {
                case .return: end.return_
                case .steps: Double(end.steps)
                default: end.rewards
                }
            }
        } else {
            out.reserveCapacity(settings.episodes)
            var visits = 0, chosen = 0, steps = 0, optimalSteps = 0
            while out.count < settings.episodes && !solver.isFinished && solver.counters.samples < Runner.maxBudget {
                let tick = solver.tick()
                if let t = tick.transition {
                    steps += 1
                    if isOptimal(t) { optimalSteps += 1 }
                    if t.state == settings.state {
                        visits += 1
                        if t.action == settings.action { chosen += 1 }
                    }
                }
                guard let end = tick.episodeEnd else { continue }
                switch settings.measure {
                case .reward, .cumulativeReward, .episodes: out.append(end.rewards)
                case .return: out.append(end.return_)
                case .steps: out.append(Double(end.steps))
                case .rms: out.append(truth.map { model.rmsError(of: solver, against: $0) })
                case .actionShare: out.append(visits > 0 ? 100 * Double(chosen) / Double(visits) : nil)
                case .stateError:
                    let s = settings.state ?? 0
                    let values = solver.stateValues
                    out.append(truth.map { (values[s] - $0[s]) * (values[s] - $0[s]) })
                case .optimalAction: out.append(steps > 0 ? 100 * Double(optimalSteps) / Double(steps) : nil)
                }
                (visits, chosen, steps, optimalSteps) = (0, 0, 0, 0)
            }
        }
        out.append(contentsOf: repeatElement(nil, count: max(0, settings.pointCount - out.count)))
        return out
    }
}
