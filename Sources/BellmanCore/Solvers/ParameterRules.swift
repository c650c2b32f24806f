/// The one place that knows the range of every parameter (DESIGN §3): the command line, saved
/// sessions, lessons and the playground all check through it, so a value is refused with the
/// same words wherever it comes from.
public enum ParameterRules {
    /// The largest n of n-step methods.
    public static let maxN = 1_000_000
    /// The most planning updates per real step (Dyna).
    public static let maxPlanningSteps = 100_000
    /// The largest magnitude of the initial values: far beyond any return a level allows
    /// (rewards within 1e6), so values stay finite.
    public static let maxInitialValue = 1e9

    /// What `name` means, as `--help` and the README say it.
    public static func meaning(_ name: ParameterName) -> String {
        switch name {
        case .gamma: "Discount rate gamma"
        case .alpha: "Step size alpha"
        case .epsilon: "Exploration rate epsilon"
        case .lambda: "Trace decay lambda"
        case .n: "Steps n of n-step methods"
        case .planningSteps: "Planning updates per real step (Dyna, prioritized sweeping)"
        case .kappa: "Dyna-Q+: exploration bonus kappa of the planning reward r + kappa sqrt(tau)"
        case .priorityThreshold: "Prioritized sweeping: a pair is queued when its priority exceeds this"
        case .theta: "DP stops when a sweep's largest change is below theta"
        case .initialValue: "Initial V and Q of non-terminal states"
        case .seed: "Seed of the random number generator"
        case .ties: "Greedy tie-breaking"
        case .everyVisit: "Monte Carlo: average every visit, not only the first"
        case .replacingTraces: "Replacing eligibility traces instead of accumulating ones"
        case .batch: "Batch updating (§6.3): after each episode, all episodes so far presented again until the values settle"
        case .synchronous: "DP: synchronous two-array sweeps instead of in-place ones"
        case .sampling: "Off-policy Monte Carlo: importance sampling, ordinary or weighted"
        case .c: "UCB: the degree of exploration c in A = argmax Q(a) + c sqrt(ln t / N(a))"
        case .noBaseline: "Gradient bandit: no baseline (the average reward is not subtracted)"
        case .alphaW: "Policy gradient: the step size of the value table (the baseline, the critic)"
        case .group: "GRPO and RLOO: the episodes of a group, G"
        case .noStd: "GRPO: do not divide the advantages by the group's standard deviation"
        case .prior: "Policy gradient: pi_0 puts P + (1-P)/|A| on the expert's action in every state"
        case .priorNoise: "With --prior: the fraction of states whose prior favours a wrong action"
        }
    }

    /// The largest c of UCB.
    public static let maxC = 1e6
    /// The largest group of GRPO and RLOO.
    public static let maxGroup = 100_000

    /// `meaning; valid: range`, for `--help`.
    public static func help(_ name: ParameterName) -> String { "\(meaning(name)); valid: \(valid(name))" }

    /// The largest step size `method` takes: 1, but for a method whose step multiplies a
    /// probability (the gradient bandit's alpha runs to 100). Without a method, 1.
    public static func maxAlpha(_ method: MethodInfo?) -> Double { method?.maxAlpha ?? 1 }

    /// What values `name` may take, as the messages say it; for `method` where its range is
    /// its own (alpha), else the general one with the exceptions named.
    public static func valid(_ name: ParameterName, for method: MethodInfo? = nil) -> String {
        switch name {
        case .gamma: "0 < gamma <= 1"
        case .alpha:
            if let method { "0 < alpha <= \(NumberText.plain(maxAlpha(method)))" } else {
                // The methods whose step multiplies a probability, grouped by their own bound.
                (["0 < alpha <= 1"] + Set(Methods.all.map(\.maxAlpha)).subtracting([1]).sorted().map { bound in
                    "up to \(NumberText.plain(bound)) for \(Methods.all.filter { $0.maxAlpha == bound }.map(\.id).joined(separator: ", "))"
                }).joined(separator: "; ")
            }
        case .epsilon: "0 <= epsilon <= 1"
        case .lambda: "0 <= lambda <= 1"
        case .n: "1 to \(maxN)"
        case .planningSteps: "0 to \(maxPlanningSteps)"
        case .kappa: "0 to 1"
        case .priorityThreshold: "priority-threshold >= 0"
        case .theta: "theta > 0 (for a fixed number of sweeps use --sweeps N)"
        case .initialValue: "-1e9 to 1e9"
        case .seed: "0 to \(UInt64.max)"
        case .ties: TieBreak.allCases.map(\.rawValue).joined(separator: ", ")
        case .everyVisit, .replacingTraces, .batch, .synchronous: "on or off"
        case .sampling: "ordinary, weighted"
        case .c: "0 <= c <= 1000000"
        case .noBaseline, .noStd: "on or off"
        case .alphaW: "0 < alpha-w <= 1"
        case .group: "2 to \(maxGroup)"
        case .prior: "0 <= prior < 1"
        case .priorNoise: "0 <= prior-noise <= 1"
        }
    }

    /// Whether `value` is in the range of `name` (for `method`, where its range is its own; NaN
    /// never is).
    public static func accepts(_ name: ParameterName, _ value: Double, for method: MethodInfo? = nil) -> Bool {
        switch name {
        case .gamma: value > 0 && value <= 1
        case .alpha: value > 0 && value <= maxAlpha(method)
        case .c: value >= 0 && value <= maxC
        case .epsilon, .lambda: value >= 0 && value <= 1
        case .n: value >= 1 && value <= Double(maxN) && value == value.rounded()
        case .planningSteps: value >= 0 && value <= Double(maxPlanningSteps) && value == value.rounded()
        case .theta: value > 0 && value.isFinite
        case .kappa: value >= 0 && value <= 1
        case .priorityThreshold: value >= 0 && value.isFinite
        case .initialValue: abs(value) <= maxInitialValue
        case .alphaW: value > 0 && value <= 1
        case .group: value >= 2 && value <= Double(maxGroup) && value == value.rounded()
        case .prior: value >= 0 && value < 1
        case .priorNoise: value >= 0 && value <= 1
        case .seed, .ties, .everyVisit, .replacingTraces, .batch, .synchronous, .sampling, .noBaseline, .noStd: true
        }
    }

    /// Refuses a value out of range with the command line's words:
    /// `--alpha 100 is out of range; valid: 0 < alpha <= 1`.
    public static func check(_ name: ParameterName, _ value: Double, for method: MethodInfo? = nil) throws {
        guard accepts(name, value, for: method) else { throw SolverError(outOfRange(name, NumberText.plain(value), for: method)) }
    }

    /// The same for a whole-number parameter (n, planning steps), written as given.
    public static func check(_ name: ParameterName, _ value: Int) throws {
        guard accepts(name, Double(value)) else { throw SolverError(outOfRange(name, String(value))) }
    }

    /// The message for a value of `name`, written as `text`, that is out of range.
    public static func outOfRange(_ name: ParameterName, _ text: String, for method: MethodInfo? = nil) -> String {
        "--\(name.rawValue) \(text) is out of range; valid: \(valid(name, for: method))"
    }

    /// The tie-breaking rule named `text`, or the command line's refusal.
    public static func tieBreak(_ text: String) throws -> TieBreak {
        guard let rule = TieBreak(rawValue: text) else {
            throw SolverError("--ties \(text.terminalSafe) is not valid; valid: \(valid(.ties))")
        }
        return rule
    }

    /// Checks every numeric parameter of `p`; the first one out of range is refused.
    /// `maxSweeps`, when set, must be at least 1.
    public static func check(_ p: Parameters, for method: MethodInfo? = nil) throws {
        try check(.gamma, p.gamma)
        if let alpha = p.alpha { try check(.alpha, alpha, for: method) }
        try check(.c, p.c)
        try check(.epsilon, p.epsilon)
        try check(.lambda, p.lambda)
        try check(.n, p.n)
        try check(.planningSteps, p.planningSteps)
        try check(.theta, p.theta)
        try check(.kappa, p.kappa)
        try check(.priorityThreshold, p.priorityThreshold)
        try check(.initialValue, p.initialValue)
        try check(.alphaW, p.alphaW)
        try check(.group, p.group)
        if let prior = p.prior { try check(.prior, prior) }
        try check(.priorNoise, p.priorNoise)
        if let sweeps = p.maxSweeps, sweeps < 1 {
            throw SolverError("--sweeps \(sweeps) is out of range; valid: 1 to \(Runner.maxBudget)")
        }
        if let threads = p.threads, !(1...64).contains(threads) {
            throw SolverError("--threads \(threads) is out of range; valid: 1 to 64")
        }
    }
}
