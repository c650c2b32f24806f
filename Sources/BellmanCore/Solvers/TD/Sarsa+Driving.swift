/// S, A, R, S' of a step whose Sarsa update has not been made yet.
typealias SarsaStep = (S: Int, A: Int, R: Double, S2: Int)

/// You drive (DESIGN §9) a method of Sarsa's family. The box chooses A' right after the step,
/// and A' is your next key: so your step's update waits for it, and is made in the next tick,
/// with your next key (or, if you hand back, the policy's choice) as A'. The order of the box
/// is kept; only the tick boundary moves to "Choose A'". Taking over discards the A the policy
/// had already chosen (the step before bootstrapped from it).
protocol SarsaDriving: ActionValueLearner {
    /// A, the action the box takes next.
    var A: Int { get set }
    /// The step you took, whose update waits for A'.
    var waiting: SarsaStep? { get set }
    /// The box's update of `step` toward Q(S', A2); returns A2.
    @discardableResult
    mutating func update(_ step: SarsaStep, A2: Int, into tick: inout Tick) -> Int
    /// The box's start of an episode: choose A from S.
    mutating func startEpisode()
}

extension Sarsa: SarsaDriving {}
extension SarsaLambda: SarsaDriving {}

extension SarsaDriving {
    /// Choose A' from S' using the policy derived from Q: a terminal S' has no action to
    /// choose (none is drawn; Q(S', .) is 0 whatever A' stands for).
    @inline(__always)
    mutating func chooseNext(_ S2: Int, terminal: Bool) -> Int {
        terminal ? 0 : learner.epsilonGreedy(Q, S2)
    }

    mutating func drivenStep(_ key: Int) -> Tick {
        var tick = Tick()
        if let last = waiting {
            update(last, A2: key, into: &tick)
            waiting = nil
            tick.updatedStep = Transition(state: last.S, action: last.A, reward: last.R, next: last.S2, ends: false)
        }
        A = key
        let S = learner.state
        let (R, S2) = learner.take(A, into: &tick)
        guard tick.episodeEnd != nil else {
            waiting = (S, A, R, S2)
            return tick
        }
        // At the episode's end there is no next key to wait for (Q of a terminal is 0; at
        // the cap, A' is the policy's, as in `step`): the update is this step's own.
        update((S, A, R, S2), A2: chooseNext(S2, terminal: tick.transition?.ends ?? false), into: &tick)
        tick.updatedStep = nil
        startEpisode()
        return tick
    }

    /// You drove the last step and handed back: its update is made with the policy's A'.
    mutating func handBack(into tick: inout Tick) {
        guard let last = waiting else { return }
        A = update(last, A2: learner.epsilonGreedy(Q, last.S2), into: &tick)
        waiting = nil
    }
}
