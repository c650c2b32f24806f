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
    public static func run(level: Level, methods: [MethodInfo], factors: [Int], goal: Goal, settings: RaceSettings,
                           gamma: Double? = nil, progress: (Int, Int) -> Void = { _, _ in }) throws -> (rows: [Row], fits: [Fit]) {
        var rows: [Row] = []
        for (i, factor) in factors.enumerated() {
            progress(i, factors.count)
            let scaled = level.scaled(by: factor)
            let model = Model(scaled)
            let entries = methods.map { method -> (MethodInfo, Parameters) in
                var p = method.defaults(for: scaled)
                if let gamma { p.gamma = gamma }
                return (method, p)
            }
            let race = try Race.run(model: model, methods: entries, settings: settings)
            for entry in race.entries {
                let reachedGoal: KeyPath<RaceRun, Counters?> = goal == .optimal ? \.toOptimalPolicy : \.toTarget
                func median(_ cost: Cost) -> Double? { RaceReport.summary(entry, reachedGoal, cost.counter).median }
                rows.append(Row(factor: factor, states: model.stateCount, method: entry.method.id, family: entry.method.family,
                                reached: entry.runs.filter { $0[keyPath: reachedGoal] != nil }.count, runs: entry.runs.count,
                                samples: median(.samples), backups: median(.backups), modelReads: median(.modelReads)))
            }
        }
        progress(factors.count, factors.count)
        return (rows, fits(rows, methods: methods))
    }

    /// Each method's costs against |S|, over the factors where every run reached the goal;
    /// a cost that is 0 (DP's samples, MC/TD's model reads) is not fitted.
    static func fits(_ rows: [Row], methods: [MethodInfo]) -> [Fit] {
        methods.flatMap { method in
            Cost.allCases.compactMap { cost -> Fit? in
                let points = rows.filter { $0.method == method.id && $0.reached == $0.runs }
                    .compactMap { row in row.median(cost).map { (n: Double(row.states), cost: $0) } }
                return PowerFit(points).map { Fit(method: method.id, cost: cost, fit: $0) }
            }
        }
    }
}
