/// Batch updating (S&B 2018, §6.3): "updates are made only after processing each complete
/// batch of training data". Every experience so far is kept; after each episode all of it is
/// presented again and again, the increments of a pass summed and applied at its end, until a
/// pass changes no value by more than `BatchOutcome.tolerance` (or after `maxPasses`).
///
/// One experience is a state and its target: TD(0)'s `R + gamma V(S')`, read from the values
/// as they stand at the pass (`next` is S'), or MC's return G (`next` is -1: no bootstrap).
struct BatchUpdating: Sendable {
    static let maxPasses = 1_000
    /// Experiences kept at most: a batch re-presents all of them after every episode, so past
    /// this the method stops (`isFull`) rather than slow down without bound.
    static let capacity = 1_000_000

    private var states: [Int32] = []
    private var rewards: [Double] = []
    private var next: [Int32] = []

    /// Why the batch stopped: it is full, or its passes diverged (alpha too large for the
    /// steps a pass sums); the method then finishes.
    private(set) var stopReason: String?

    /// TD(0)'s experience: S, R and S' (its target bootstraps from V(S') at each pass).
    mutating func append(state: Int, reward: Double, next s2: Int) {
        states.append(Int32(state)); rewards.append(reward); next.append(Int32(s2))
    }

    /// MC's experience: S_t and its return G_t.
    mutating func append(state: Int, return G: Double) {
        states.append(Int32(state)); rewards.append(G); next.append(-1)
    }

    /// Presents every experience again until the values settle:
    ///
    ///     repeat:
    ///         increment(s) <- 0 for all s
    ///         for each experience (S, target):  increment(S) += alpha [target - V(S)]
    ///         V(s) <- V(s) + increment(s) for all s
    ///     until max_s |increment(s)| <= tolerance
    mutating func present(to V: inout [Double], alpha: Double, gamma: Double) -> BatchOutcome {
        let before = V
        defer {
            if states.count >= Self.capacity {
                stopReason = "batch updating keeps at most \(Self.capacity) steps (every pass presents all of them): stopped there"
            }
        }
        var increment = [Double](repeating: 0, count: V.count)
        var outcome = BatchOutcome(passes: 0, increments: 0, settled: false, largestChange: 0)
        while outcome.passes < Self.maxPasses {
            for s in increment.indices { increment[s] = 0 }
            for i in states.indices {
                let s = Int(states[i]), s2 = Int(next[i])
                let target = s2 < 0 ? rewards[i] : rewards[i] + gamma * V[s2]
                increment[s] += alpha * (target - V[s])
            }
            var largest = 0.0
            for s in V.indices {
                V[s] += increment[s]
                largest = max(largest, abs(increment[s]))
            }
            outcome.passes += 1
            outcome.experiences = states.count
            outcome.increments += states.count
            outcome.largestChange = largest
            guard largest.isFinite, largest < 1e12 else {
                // Summed over every step so far, alpha's increments overshoot: the values
                // would grow without bound. Keep the last values that made sense.
                V = before
                stopReason = "batch updating diverged at alpha \(NumberText.plain(alpha)): a pass sums \(states.count) increments of alpha [target - V(S)] and overshoots; a smaller --alpha (Figure 6.2 uses 0.001)"
                break
            }
            if largest <= BatchOutcome.tolerance {
                outcome.settled = true
                break
            }
        }
        return outcome
    }

    /// Presents the batch at an episode's end, counting every increment as a backup.
    mutating func present(to V: inout [Double], learner: inout Learner, into tick: inout Tick) {
        let outcome = present(to: &V, alpha: learner.alpha, gamma: learner.gamma)
        learner.counters.backups += outcome.increments
        tick.updates += outcome.increments
        tick.batch = outcome
    }
}

/// What one batch of §6.3's batch updating did, for the explain box and the counters.
public struct BatchOutcome: Sendable, Equatable {
    /// The largest change of a pass at which the values count as settled (the book's "until
    /// the value function converged").
    public static let tolerance = 1e-4
    public var passes: Int
    /// Increments made in all (every experience in every pass): the backups.
    public var increments: Int
    /// The last pass changed no value by more than `tolerance`; else it stopped
    /// after `BatchUpdating.maxPasses`.
    public var settled: Bool
    public var largestChange: Double
    /// Experiences presented in each pass (every step of every episode so far).
    public var experiences: Int = 0
}
