/// One figure of the book as data (DESIGN §11): the study that makes it, and the numbers the
/// book's text prints to hold it to. Recipes are TOML files (`levels/figures/*.toml`, read by
/// `FigureReader`), so a teacher can add one:
///
///     id = "ex6.2-right"
///     title = "Example 6.2 (right): TD(0) against constant-alpha MC"
///     caption = "RMS error over the five states, averaged over 100 runs."
///     kind = "curve"                  # curve, sweep, scale, values, policy or policy-value
///     level = "random-walk"
///     series = ["td0 alpha=0.05", "mc-prediction alpha=0.01"]
///     measure = "rms"
///     episodes = 100
///     runs = 100
///
///     [[book]]
///     series = "td0 alpha=0.05"
///     x = 100
///     value = 0.05
///     tolerance = 0.03
///     source = "Example 6.2, right graph: read from the plot"
public struct FigureRecipe: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Learning curves averaged over runs (`bellman curve`).
        case curve
        /// A parameter study (`bellman sweep`): x is the first varied parameter.
        case sweep
        /// Cost against the world's size (`bellman scale`): x is the factor.
        case scale
        /// The values one run of a method leaves (after its budget, or at snapshots).
        case values
        /// The policy one run of a method leaves.
        case policy
        /// The exact value of `state` under the policy taking `action` with probability p in
        /// every state, against p (Example 13.1); `[[book]]` points name the series "value"
        /// (at x = p), "best p" or "best value".
        case policyValue = "policy-value"
    }

    /// A number the book prints, and how close Bellman must come.
    public struct BookPoint: Sendable {
        /// The series it belongs to (its label); `nil` for a recipe with one series.
        public var series: String?
        /// Curves: the episode or step (with `xTo`, the mean over x ... xTo); sweeps: the first
        /// varied parameter's value; scale: the factor.
        public var x: Double?
        public var xTo: Double?
        /// Values and policies: the state (its id).
        public var state: String?
        /// Values: the snapshot (episodes, or sweeps for DP) it is read at; `nil`: the end.
        public var after: Int?
        /// The book's number and the tolerance around it; or a bound the book states.
        public var value: Double?
        public var tolerance: Double?
        public var atMost: Double?
        public var atLeast: Double?
        /// Policies: the action the book shows there (its name).
        public var action: String?
        /// The measure as a ratio to another series' at the same x (scale: "5 to 10 times
        /// fewer updates").
        public var over: String?
        /// Where in the book the number is (and whether it is printed or read from a plot).
        public var source: String
        /// The line of the recipe it came from, for messages.
        public var line: Int

        /// What the book says, as a user reads it: `0.4 ± 0.05`, `≤ 91`, `stick`.
        public var expected: String {
            if let action { return action }
            if let value { return NumberText.plain(value) + (tolerance.map { " ± " + NumberText.plain($0) } ?? "") }
            if let atMost, let atLeast { return "\(NumberText.plain(atLeast)) to \(NumberText.plain(atMost))" }
            if let atMost { return "≤ " + NumberText.plain(atMost) }
            if let atLeast { return "≥ " + NumberText.plain(atLeast) }
            return "?"
        }

        /// Whether a measured number agrees with the book.
        public func accepts(_ measured: Double) -> Bool {
            // A diverged study (+infinity) meets only a lower bound.
            guard measured.isFinite || (measured == .infinity && value == nil && atMost == nil && atLeast != nil) else { return false }
            if let value, abs(measured - value) > (tolerance ?? 0) + 1e-12 { return false }
            if let atMost, measured > atMost + 1e-12 { return false }
            if let atLeast, measured < atLeast - 1e-12 { return false }
            return true
        }
    }

    public var id: String
    public var title: String
    public var caption: String
    public var kind: Kind
    public var level: String
    /// The file it was read from, for messages.
    public var file: String

    /// Curves and values: the series as written (`"td0 alpha=0.1 batch"`); sweeps and scale:
    /// one per method.
    public var series: [String] = []
    /// Sweeps: `NAME=LIST`, once or twice (the first is x, the second a line per value);
    /// curves: one, a series per value.
    public var vary: [String] = []
    /// Sweeps: `vary[i]` is `series[i]`'s own parameter, every value on one (log) x axis
    /// (Figure 2.6: epsilon, alpha, c and Q1 side by side).
    public var varyPerSeries = false
    /// `LearningCurves.Measure` (curves) or `ParameterSweep.Measure` (sweeps) by name.
    public var measure: String?
    public var runs = 1
    public var episodes: Int?
    public var steps: Int?
    /// DP: at most this many sweeps (values and policy).
    public var sweeps: Int?
    public var every: Int?
    /// Sweeps: `first:K` or `last:K`.
    public var window: String?
    public var state: String?
    public var action: String?
    public var start: String?
    /// A policy file's name or path: the prediction target (or policy iteration's pi_0).
    public var policy: String?
    /// Values: the episodes (or sweeps) at which the values are shown, besides the end.
    public var after: [Int] = []
    /// Scale: the factors, and the goal (`path`, `optimal`, `rms`).
    public var factors: [Int] = []
    public var goal: String?
    public var budget: Int?
    /// Drawing: the axes (`nil` to fit the data).
    public var yMin: Double?
    public var yMax: Double?
    public var logX = false
    public var logY = false
    public var book: [BookPoint] = []
}
