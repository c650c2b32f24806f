/// `bellman scale` (DESIGN §10): a level at growing `--scale` factors, and per factor and
/// method the median experience to reach a goal as `race` measures it; then each cost fitted
/// as c * |S|^k. The seed's claim, measured: how DP's model reads and MC/TD's samples grow
/// with the number of states.
public enum ScaleStudy {
    /// What the runs aim at.
    public enum Goal: String, Sendable, CaseIterable {
        /// A greedy policy within the tolerance of optimal in every cell.
        case optimal
        /// The RMS error against the truth at the race's target.
        case rms
        /// The greedy path from every start a shortest path to a goal (Example 8.4's measure;
        /// deterministic levels): it does not depend on the scale of the values.
        case path
        /// The learned policy puts at least 0.9 on optimal actions in every state an optimal
        /// policy visits from the start states (DESIGN §13; a value method: its greedy action).
        case sharp

        public var reached: KeyPath<RaceRun, Counters?> {
            switch self {
            case .optimal: \.toOptimalPolicy
            case .rms: \.toTarget
            case .path: \.toShortestPath
            case .sharp: \.toSharp
            }
        }
    }

    /// The costs a study fits, by their JSON names.
    public enum Cost: String, Sendable, CaseIterable {
        case samples, backups, modelReads = "model_reads"

        var counter: KeyPath<Counters, Int> {
            switch self {
            case .samples: \.samples
            case .backups: \.backups
            case .modelReads: \.modelReads
            }
        }
    }

    /// One factor and method: the medians over the runs that reached the goal.
    public struct Row: Sendable, Equatable {
        public var factor: Int
        public var states: Int
        public var method: String
        public var family: Family
        public var reached: Int
        public var runs: Int
        public var samples: Double?
        public var backups: Double?
        public var modelReads: Double?

        public func median(_ cost: Cost) -> Double? {
            switch cost {
            case .samples: samples
            case .backups: backups
            case .modelReads: modelReads
            }
        }
    }

    /// One method's cost against |S|.
    public struct Fit: Sendable, Equatable {
        public var method: String
        public var cost: Cost
        public var fit: PowerFit
    }

    /// The largest factor list a study takes.
    public static let maxFactors = 16

    /// Runs the study: for each factor, a race on the scaled level (each method with its
    /// defaults there). Throws when a method cannot run on a scaled level.
    /// Each method runs with `parameters(method, scaled level)` (by default its defaults there).
    public static func run(level: Level, methods: [MethodInfo], factors: [Int], goal: Goal, settings: RaceSettings,
                           parameters: (MethodInfo, Level) throws -> Parameters = { $0.defaults(for: $1) },
                           progress: (Int, Int) -> Void = { _, _ in }) throws -> (rows: [Row], fits: [Fit]) {
        var rows: [Row] = []
        var settings = settings
        settings.measurePaths = goal == .path
        settings.stopAt = goal
        for (i, factor) in factors.enumerated() {
            progress(i, factors.count)
            let scaled = level.scaled(by: factor)
            let model = Model(scaled)
            if goal == .path && !model.isDeterministic {
                throw SolverError("--goal path needs a deterministic level (no slip, no wind that varies): a path is then a sequence of actions")
            }
            let entries = try methods.map { ($0, try parameters($0, scaled)) }
            let race = try Race.run(model: model, methods: entries, settings: settings)
            for entry in race.entries {
                let reached = entry.runs.compactMap { $0[keyPath: goal.reached] }
                func median(_ cost: Cost) -> Double? { censoredMedian(reached.map { Double($0[keyPath: cost.counter]) }, runs: entry.runs.count) }
                rows.append(Row(factor: factor, states: model.stateCount, method: entry.method.id, family: entry.method.family,
                                reached: reached.count, runs: entry.runs.count,
                                samples: median(.samples), backups: median(.backups), modelReads: median(.modelReads)))
            }
        }
        progress(factors.count, factors.count)
        return (rows, fits(rows, methods: methods))
    }

    /// The median of `runs` runs of which these `reached` the goal, a run that did not
    /// counting as an infinite cost: defined when more than half reached it (the median of
    /// only the runs that got there would favour a method that mostly fails).
    static func censoredMedian(_ reached: [Double], runs: Int) -> Double? {
        let sorted = reached.sorted()
        func value(_ i: Int) -> Double? { i < sorted.count ? sorted[i] : nil }
        guard runs > 0 else { return nil }
        if runs % 2 == 1 { return value(runs / 2) }
        guard let low = value(runs / 2 - 1), let high = value(runs / 2) else { return nil }
        return (low + high) / 2
    }

    /// Each method's costs against |S|, over the factors where its median is defined (more
    /// than half of its runs reached the goal); a cost that is 0 (DP's samples, MC's and
    /// TD's model reads) is not fitted.
    static func fits(_ rows: [Row], methods: [MethodInfo]) -> [Fit] {
        methods.flatMap { method in
            Cost.allCases.compactMap { cost -> Fit? in
                let points = rows.filter { $0.method == method.id }
                    .compactMap { row in row.median(cost).map { (n: Double(row.states), cost: $0) } }
                return PowerFit(points).map { Fit(method: method.id, cost: cost, fit: $0) }
            }
        }
    }
}
