/// Sarsa: on-policy TD control (S&B 2018, §6.4, boxed algorithm).
///
///     Loop for each episode:
///         Initialize S
///         Choose A from S using policy derived from Q (epsilon-greedy)
///         Loop for each step of episode:         (one step per tick)
///             Take action A, observe R, S'
///             Choose A' from S' using policy derived from Q (epsilon-greedy)
///             Q(S,A) <- Q(S,A) + alpha [R + gamma Q(S',A') - Q(S,A)]
///             S <- S'; A <- A'
///         until S is terminal
public struct Sarsa: ActionValueLearner {
    public static let info = MethodInfo(
        id: "sarsa", family: .td,
        summary: "Q by on-policy TD control with an epsilon-greedy policy (S&B §6.4)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .alpha, .epsilon, .initialValue, .seed, .ties],
        defaultAlpha: 0.5,
        make: { model, parameters in Sarsa(model: model, parameters: parameters) })

    var learner: Learner
    var Q: ActionValueTable
    /// A, chosen at the previous step (or at the episode's start).
    private var A: Int
    /// You drive: the step you took, whose update waits for A' (see `drive`).
    private var waiting: (S: Int, A: Int, R: Double, S2: Int)?

    public init(model: Model, parameters: Parameters) {
        learner = Learner(Self.info, model: model, parameters: parameters)
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        A = learner.epsilonGreedy(Q, learner.state)
    }

    mutating func step() -> Tick {
        var tick = Tick()
        // You drove the last step and handed back: A' is the policy's choice after all.
        if let last = waiting { A = update(last, A2: learner.epsilonGreedy(Q, last.S2), into: &tick) }
        let S = learner.state
        let (R, S2) = learner.take(A, into: &tick)
        // A' from S' (Q of a terminal S' is 0, so its A' does not matter).
        let A2 = learner.epsilonGreedy(Q, S2)
        update((S, A, R, S2), A2: A2, into: &tick)
        // S <- S'; A <- A'. A new episode chooses its first action from its start state.
        A = tick.episodeEnd == nil ? A2 : learner.epsilonGreedy(Q, learner.state)
        return tick
    }

    /// Q(S,A) <- Q(S,A) + alpha [R + gamma Q(S',A') - Q(S,A)]; returns A'.
    @inline(__always) @discardableResult
    private mutating func update(_ step: (S: Int, A: Int, R: Double, S2: Int), A2: Int, into tick: inout Tick) -> Int {
        let (S, A, R, S2) = step
        let old = Q[S, A], alpha = learner.alpha
        let bootstrap = Q[S2, A2]
        let target = R + learner.gamma * bootstrap
        Q[S, A] = old + alpha * (target - old)
        learner.record(Update(state: S, action: A, old: old, target: target, new: Q[S, A], stepSize: alpha,
                              bootstrap: bootstrap, nextAction: A2), in: &tick)
        waiting = nil
        return A2
    }

    /// You drive (DESIGN §9). The box chooses A' right after the step, and A' is your next
    /// key: so your step's update waits for it, and is made in the next tick, with your next
    /// key (or, if you hand back, the policy's choice) as A'. The order of the box is kept;
    /// only the tick boundary moves to "Choose A'". Taking over discards the A the policy
    /// had already chosen (the step before bootstrapped from it).
    mutating func drivenStep(_ key: Int) -> Tick {
        var tick = Tick()
        if let last = waiting {
            update(last, A2: key, into: &tick)
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
        update((S, A, R, S2), A2: learner.epsilonGreedy(Q, S2), into: &tick)
        tick.updatedStep = nil
        A = learner.epsilonGreedy(Q, learner.state)
        return tick
    }
}

extension Sarsa {
    /// Build mode: the tables carried to the edited map (see `StateMap`); the episode starts again.
    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
        waiting = nil
        A = learner.epsilonGreedy(Q, learner.state)
    }
}
