/// How a greedy choice among equally valued actions is made.
public enum TieBreak: String, Sendable, CaseIterable {
    /// Uniformly among the best actions, as the book's experiments do.
    case random
    /// The first best action in the level's order (reproducible without randomness; the
    /// benchmark workloads use it).
    case first
}

/// Every tunable of every method, named as in the book (DESIGN §3).
///
/// A method reads the ones it uses (`MethodInfo.parameters`); defaults come from
/// `MethodInfo.defaults(for:)`.
public struct Parameters: Sendable, Equatable {
    /// Discount rate gamma; the level's own unless overridden.
    public var gamma: Double
    /// Step size alpha. For Monte Carlo methods `nil` means sample averages (1/N).
    public var alpha: Double?
    /// Exploration rate epsilon of epsilon-greedy and epsilon-soft policies.
    public var epsilon: Double
    /// Trace decay lambda.
    public var lambda: Double
    /// Number of steps n of n-step methods.
    public var n: Int
    /// Planning updates per real step (Dyna, prioritized sweeping).
    public var planningSteps: Int
    /// Dyna-Q+: the exploration bonus kappa of the planning reward r + kappa sqrt(tau).
    public var kappa: Double
    /// Prioritized sweeping: a pair enters the queue when its priority exceeds this.
    public var priorityThreshold: Double
    /// DP stops when a sweep's largest change is below theta.
    public var theta: Double
    /// Initial V and Q of non-terminal states.
    public var initialValue: Double
    /// Seed of the random number generator.
    public var seed: UInt64
    /// Monte Carlo: average every visit, not only the first.
    public var everyVisit: Bool
    /// Eligibility traces: replacing (set to 1 on a visit) instead of accumulating (+1).
    public var replacingTraces: Bool
    /// TD(0) and MC prediction: batch updating (§6.3): after each episode every episode so far
    /// is presented again until the values settle.
    public var batch: Bool
    /// DP: two-array (Jacobi) sweeps instead of in-place ones.
    public var synchronous: Bool
    /// DP: stop after this many sweeps even if not converged.
    public var maxSweeps: Int?
    /// How greedy choices break ties.
    public var ties: TieBreak
    /// DP: threads a large synchronous sweep is split across; `nil` for the machine's cores
    /// (at most 8). The values do not depend on it.
    public var threads: Int?
    /// Prediction methods: the target policy (`--policy`); `nil` for the equiprobable random one.
    public var policy: TargetPolicy?
    /// Off-policy Monte Carlo prediction: weighted importance sampling, else ordinary.
    public var weightedSampling: Bool
    /// Every episode starts in this state (`--start`, Fig 5.3's "13,2,usable"); `nil`: the
    /// level's starts.
    public var start: StartState?
    /// UCB: the degree of exploration c (S&B §2.7).
    public var c: Double
    /// Gradient bandit: the average reward is the baseline (off: the baseline is 0, §2.8).
    public var baseline: Bool
    /// Policy gradient (§13.4, §13.5): the step size of the value table w (the critic, the baseline).
    public var alphaW: Double
    /// GRPO and RLOO: the episodes of a group, G.
    public var group: Int
    /// GRPO: the advantages are divided by the group's standard deviation (off: `--no-std`).
    public var standardize: Bool
    /// Policy gradient: pi_0 puts P + (1 - P)/|A(s)| on the expert's action (`--prior`);
    /// `nil`: the uniform policy (or `policy`).
    public var prior: Double?
    /// With `prior`: the fraction of states whose prior favours a wrong action instead.
    public var priorNoise: Double
    /// Imitation's labels and a prior's favoured action (`--expert`): the file's most
    /// probable action in each state; `nil`: the DP-optimal policy's first greedy action.
    public var expert: TargetPolicy?

    /// Parameters with the book's usual values and the given discount.
    public init(gamma: Double) {
        self.gamma = gamma
        alpha = nil
        epsilon = 0.1
        lambda = 0.9
        n = 4
        planningSteps = 5
        kappa = 1e-3
        priorityThreshold = 1e-4
        theta = 1e-10
        initialValue = 0
        seed = 1
        everyVisit = false
        replacingTraces = false
        batch = false
        synchronous = false
        maxSweeps = nil
        ties = .random
        threads = nil
        policy = nil
        weightedSampling = true
        start = nil
        c = 2
        baseline = true
        alphaW = 0.1
        group = 8
        standardize = true
        prior = nil
        priorNoise = 0
        expert = nil
    }
}

/// A state every episode starts in, by its index and its name as the user gave it.
public struct StartState: Sendable, Equatable {
    public var state: Int
    public var name: String

    public init(state: Int, name: String) {
        self.state = state
        self.name = name
    }

    /// The state of `model` named `name`: refused when there is none, or it is terminal (an
    /// episode there would end before it began).
    public init(named name: String, in model: Model) throws {
        guard let s = model.state(named: name) else { throw SolverError("--start \(name.terminalSafe): \(model.statesAreNamed)") }
        guard !model.isTerminal[s] else { throw SolverError("--start \(name): a terminal state; an episode there would end before it began") }
        guard model.isOccupiable[s] else { throw SolverError("--start \(name): the agent cannot stand there (a cliff sends it back to the start)") }
        self.init(state: s, name: name)
    }
}

/// The name of a parameter as the CLI and the UI show it.
public enum ParameterName: String, Sendable, CaseIterable {
    case gamma, alpha, epsilon, lambda, n
    case planningSteps = "planning-steps"
    case kappa
    case priorityThreshold = "priority-threshold"
    case theta
    case initialValue = "init"
    case seed
    case everyVisit = "every-visit"
    case replacingTraces = "replacing-traces"
    case batch
    case synchronous
    case ties
    case sampling
    case c
    case noBaseline = "no-baseline"
    case alphaW = "alpha-w"
    case group
    case noStd = "no-std"
    case prior
    case priorNoise = "prior-noise"
}
