/// One environment transition an agent experienced.
public struct Transition: Sendable, Equatable {
    public var state: Int
    public var action: Int
    public var reward: Double
    public var next: Int
    /// The next state is terminal.
    public var ends: Bool

    public init(state: Int, action: Int, reward: Double, next: Int, ends: Bool) {
        self.state = state
        self.action = action
        self.reward = reward
        self.next = next
        self.ends = ends
    }
}

/// One value update: `new = old + stepSize * (target - old)` (DP: `new = target`).
public struct Update: Sendable, Equatable {
    public var state: Int
    /// The action whose Q was updated; `nil` when V was.
    public var action: Int?
    public var old: Double
    /// The backup target: the expected return (DP), the return G (MC), or the TD target.
    public var target: Double
    public var new: Double
    /// alpha, 1/N for sample averages, or `nil` for a full DP backup.
    public var stepSize: Double?
    /// The value the target bootstraps from: V(S'), Q(S',A') or max_a Q(S',a); `nil` for
    /// MC (no bootstrapping) and DP (a sum over outcomes).
    public var bootstrap: Double? = nil
    /// The action in the target: Sarsa's A', n-step Sarsa's A_{tau+n}, double Q-learning's argmax.
    public var nextAction: Int? = nil
    /// pi(A|S) before the update, for a method that learns its policy (the gradient bandit).
    public var probability: Double? = nil

    public init(state: Int, action: Int?, old: Double, target: Double, new: Double, stepSize: Double?,
                bootstrap: Double? = nil, nextAction: Int? = nil) {
        self.state = state
        self.action = action
        self.old = old
        self.target = target
        self.new = new
        self.stepSize = stepSize
        self.bootstrap = bootstrap
        self.nextAction = nextAction
    }
}

/// The end of an episode.
public struct EpisodeEnd: Sendable, Equatable {
    /// The discounted return G_0 of the episode.
    public var return_: Double
    /// The sum of its rewards, undiscounted: the book's "sum of rewards during episode".
    public var rewards: Double
    public var steps: Int
    /// The episode hit the step cap instead of reaching a goal or hole.
    public var cut: Bool
    /// Where it started and the action it took there (Figure 6.5 counts the lefts from A);
    /// -1 where not known.
    public var firstState = -1
    public var firstAction = -1
}

/// The end of a DP sweep.
public struct SweepEnd: Sendable, Equatable {
    public var sweep: Int
    /// The largest change of a value in this sweep.
    public var maxDelta: Double
}

/// What one tick did, for the playground to animate (headless runs ignore it).
public struct Tick: Sendable, Equatable {
    public var transition: Transition?
    /// The update to explain: the last one the tick made (an MC return pass makes many; see
    /// `updates`), or Dyna-Q's direct update rather than its planning updates.
    public var update: Update?
    /// The step `update` is of, when it is not `transition` (you drive Sarsa: the update of
    /// the step before waited for A', your key of this tick).
    public var updatedStep: Transition?
    /// Number of value updates the tick made.
    public var updates: Int = 0
    public var episodeEnd: EpisodeEnd?
    public var sweepEnd: SweepEnd?
    /// Batch updating (§6.3): the passes made over every episode so far at this episode's end.
    public var batch: BatchOutcome?
    /// The solver has nothing more to do (DP converged or stopped).
    public var finished: Bool = false

    public init() {}
}

/// The honest counts methods are compared by (DESIGN §3).
public struct Counters: Sendable, Equatable {
    /// Environment transitions consumed.
    public var samples = 0
    /// Value updates made.
    public var backups = 0
    /// p(s', r | s, a) terms read from the model (DP).
    public var modelReads = 0
    public var episodes = 0
    /// Episodes that hit the step cap.
    public var episodesCut = 0
    public var sweeps = 0
    public var ticks = 0

    public init() {}

    /// These counters with `ticks` counted: a kernel counts its ticks once, at the end of its
    /// loop, and tells a recorder the counters at an episode's end with this.
    @inline(__always)
    func after(ticks: Int) -> Counters {
        var counted = self
        counted.ticks = ticks
        return counted
    }
}
