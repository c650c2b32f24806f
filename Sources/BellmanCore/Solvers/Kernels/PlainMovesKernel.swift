/// The plain-moves kernel (DESIGN §1.1): many ticks of a sample-based method on a world whose
/// moves are plain (`PlainMoves`: one table lookup a step), in one loop over local values: Q
/// through a pointer, the walk, the counters and the log in registers. A method gets it by
/// declaring its update (`PlainMovesUpdate`), not by copying the loop; the kernel contract test
/// holds every such method bit for bit to its own `step()`.
protocol PlainMovesUpdate {
    /// A: the behaviour policy's choice in S (random numbers drawn exactly as `step()` draws them).
    mutating func choose<Width: RowWidth>(_ S: Int, _ Q: ActionValueTable.Rows<Width>, rng: inout Xoshiro256) -> Int

    /// The method's learning from S, A -> R, S' (`terminal`: S' is terminal; `ended`: the step
    /// ended the episode, at a terminal or the cap; `then`: the state the next step starts from, S' or the next
    /// episode's start): the same updates as `step()`, each counted as a backup, with the TD
    /// error of the one `step()` would report told to `log`, and the random numbers `step()`
    /// draws after its step drawn from `rng` in the same order.
    mutating func learn<Width: RowWidth, Log: StepRecorder>(
        _ S: Int, _ A: Int, _ R: Double, _ S2: Int, terminal: Bool, ended: Bool, then: Int,
        _ Q: ActionValueTable.Rows<Width>, counters: inout Counters, log: inout Log, rng: inout Xoshiro256)
}

/// A kernel update whose behaviour is epsilon-greedy in the lent Q (Q-learning, Expected Sarsa,
/// Double Q-learning, MC control): the choice written once.
protocol EpsilonGreedyUpdate: PlainMovesUpdate {
    var epsilon: Double { get }
    var ties: TieBreak { get }
}

extension EpsilonGreedyUpdate {
    /// Choose A from S using the policy derived from Q (epsilon-greedy)
    @inline(__always)
    func choose<Width: RowWidth>(_ S: Int, _ Q: ActionValueTable.Rows<Width>, rng: inout Xoshiro256) -> Int {
        Q.epsilonGreedy(S, epsilon: epsilon, ties: ties, rng: &rng)
    }
}

/// A method with a plain-moves kernel: it lends its update, over its own tables beside Q.
protocol PlainMovesMethod: ActionValueLearner, KernelRunner {
    associatedtype PlainUpdate: PlainMovesUpdate
    /// The most steps one lending covers (the room the method's tables make for a loop).
    static var stepsPerLending: Int { get }
    /// Calls `body` with the update over the method's tables (pointers valid only inside),
    /// room made for `room` more steps of the episode under way, and keeps what the update
    /// `body` returns wrote.
    mutating func lendUpdate(room: Int, _ body: (PlainUpdate) -> PlainUpdate)
}

extension PlainMovesMethod {
    static var stepsPerLending: Int { .max }
    var kernelReady: Bool { true }

    /// Up to `steps` ticks of the kernel (fewer when `log` is satisfied at an episode's end;
    /// returns the ticks taken): Q's values and the agent's walk are moved out into locals for
    /// the loop and back after it.
    @discardableResult
    mutating func runKernel<Log: StepRecorder>(_ steps: Int, in world: PlainMoves, log: inout Log) -> Int {
        let model = learner.agent.model, cap = learner.agent.cap, gamma = learner.gamma
        var walk = learner.agent.walk, counters = learner.counters
        var values = Q.takeValues()
        var done = 0, taken = 0
        values.withUnsafeMutableBufferPointer { q in
            while done < steps && !log.isSatisfied {
                let part = Swift.min(steps - done, Self.stepsPerLending)
                lendUpdate(room: Swift.min(part, cap)) { update in
                    func loop<Width: RowWidth, World: Moves>(_ width: Width, _ moves: World) -> PlainUpdate {
                        let after = PlainMovesKernel.run(part, update, Q: ActionValueTable.Rows(q, width: width), world: moves,
                                                         walk: walk, counters: counters, log: log, starts: model, cap: cap, gamma: gamma)
                        (walk, counters, log, taken) = (after.walk, after.counters, after.log, after.taken)
                        return after.update
                    }
                    // Compiled for each: a grid's four actions or another count, one reward or one per move.
                    func loop<Width: RowWidth>(_ width: Width) -> PlainUpdate {
                        guard let rewards = world.rewards else { return loop(width, PlainMoves.OneReward(world: world)) }
                        return loop(width, PlainMoves.RewardPerMove(world: world, rewards: rewards))
                    }
                    return world.actionCount == 4 ? loop(FourActions()) : loop(ActionCount(count: world.actionCount))
                }
                done += taken
            }
        }
        Q.putValues(values)
        learner.agent.walk = walk
        learner.counters = counters
        return done
    }
}

enum PlainMovesKernel {
    /// The loop: `steps` ticks, or fewer when `log` is satisfied at an episode's end (`taken`).
    /// Everything it changes comes in and goes out by value: held in an inout it would stay in
    /// the caller's memory, as the writes to Q might alias it.
    @inline(never)
    static func run<Update: PlainMovesUpdate, Width: RowWidth, Log: StepRecorder, World: Moves>(
        _ steps: Int, _ update: Update, Q: ActionValueTable.Rows<Width>, world: World, walk start: Walk,
        counters before: Counters, log given: Log, starts: Model, cap: Int, gamma: Double
    ) -> (update: Update, walk: Walk, counters: Counters, log: Log, taken: Int) {
        var update = update, walk = start, counters = before, log = given
        var taken = steps
        for i in 0..<steps {
            let S = walk.state
            let A = update.choose(S, Q, rng: &walk.rng)
            let (step, ended) = walk.take(A, in: world, starts: starts, cap: cap, gamma: gamma, counting: &counters)
            log.visited(S, tick: counters.ticks)
            counters.ticks &+= 1
            update.learn(S, A, step.reward, step.next, terminal: step.ends, ended: ended, then: walk.state, Q, counters: &counters, log: &log, rng: &walk.rng)
            if ended {
                log.episodeEnded(walk.lastEnd, counters: counters)
                if log.isSatisfied { taken = i + 1; break }
            }
        }
        return (update, walk, counters, log, taken)
    }
}
