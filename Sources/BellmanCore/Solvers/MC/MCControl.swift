/// On-policy first-visit Monte Carlo control for epsilon-soft policies (S&B 2018, §5.4,
/// boxed algorithm).
///
///     Loop forever (for each episode):
///         Generate an episode following pi       (one step per tick)
///         G <- 0
///         Loop for each step of episode, t = T-1, T-2, ..., 0:   (in the episode's last tick)
///             G <- gamma G + R_{t+1}
///             Unless the pair S_t, A_t appears in S_0, A_0, ..., S_{t-1}, A_{t-1}:
///                 Append G to Returns(S_t, A_t)
///                 Q(S_t, A_t) <- average(Returns(S_t, A_t))
///                 A* <- argmax_a Q(S_t, a)
///                 pi(.|S_t) <- epsilon-greedy around A*
///
/// pi is kept implicitly as epsilon-greedy in Q, so "pi <- epsilon-greedy around A*" is the
/// Q update itself and the argmax is taken when acting. `every-visit` averages every
/// occurrence; `alpha` replaces the average by a constant step.
public struct MCControl: ActionValueLearner {
    public static let info = MethodInfo(
        id: "mc-control", family: .mc,
        summary: "Q by on-policy first-visit MC control with an epsilon-soft policy (S&B §5.4)",
        learnsQ: true, isPrediction: false,
        parameters: [.gamma, .epsilon, .alpha, .everyVisit, .initialValue, .seed, .ties],
        defaultAlpha: nil,
        make: { model, parameters in try MCControl(model: model, parameters: parameters) })

    var learner: Learner
    var Q: ActionValueTable
    private var averages: ReturnAverages
    private var episode: EpisodeMemory

    public init(model: Model, parameters: Parameters) throws {
        learner = try Learner(Self.info, model: model, parameters: parameters, episodic: "Monte Carlo control")
        Q = ActionValueTable(model: model, initial: parameters.initialValue)
        averages = ReturnAverages(model: model)
        episode = EpisodeMemory(keys: model.stateCount * model.actionCount)
    }

    @inline(__always)
    mutating func step() -> Tick {
        var tick = Tick()
        // Generate the episode following the epsilon-soft pi, one step per tick.
        let S = learner.state
        let A = learner.epsilonGreedy(Q, S)
        let (R, _) = learner.take(A, into: &tick)
        episode.append(state: S, action: A, reward: R, key: S * Q.actionCount + A)
        if tick.episodeEnd != nil { returnPass(into: &tick) }
        return tick
    }

    private mutating func returnPass(into tick: inout Tick) {
        for (t, G) in episode.returns(gamma: learner.gamma, everyVisit: learner.parameters.everyVisit) {
            // Append G to Returns(S_t, A_t); Q(S_t, A_t) <- average(Returns(S_t, A_t))
            let s = Int(episode[t].state), a = Int(episode[t].action)
            learner.record(averages.update(&Q, s, a, toward: G, alpha: learner.parameters.alpha), in: &tick)
        }
        episode.clear()
    }
}

extension MCControl {
    public mutating func run(ticks count: Int) {
        runSteps(count) { solver, steps, world in solver.runPlain(steps, in: world) }
    }

    /// `steps` ticks of the box above on plain moves, bit for bit the ticks `step()` takes (a
    /// test checks it), in a loop of its own over local values (see `QLearning.runPlain`); the
    /// episode is written through pointers, with room made for at most 65,536 steps at a time.
    private mutating func runPlain(_ steps: Int, in world: PlainMoves) {
        let parameters = learner.parameters, gamma = learner.gamma
        let model = learner.agent.model, cap = learner.agent.cap
        var values = Q.takeValues(), counts = averages.takeCounts(), memory = EpisodeMemory.take(&episode)
        var done = 0
        while done < steps {
            let part = Swift.min(steps - done, 65_536)
            let (walk, counters) = values.withUnsafeMutableBufferPointer { q in
                counts.withUnsafeMutableBufferPointer { N in
                    memory.withWriter(room: Swift.min(part, cap)) { writer in
                        func loop<Width: RowWidth>(_ width: Width) -> (EpisodeMemory.Writer, (Walk, Counters)) {
                            Self.plainLoop(part, Q: ActionValueTable.Rows(q, width: width), N: N.baseAddress!, episode: writer,
                                           world: world, walk: learner.agent.walk, counters: learner.counters, gamma: gamma,
                                           parameters: parameters, starts: model, cap: cap)
                        }
                        return world.actionCount == 4 ? loop(FourActions()) : loop(ActionCount(count: world.actionCount))
                    }
                }
            }
            learner.agent.walk = walk
            learner.counters = counters
            done += part
        }
        Q.putValues(values)
        averages.putCounts(counts)
        episode = memory
    }

    /// The loop of `runPlain`; the walk, counters and episode writer come in and go out by
    /// value (see `QLearning.plainLoop`).
    @inline(never)
    private static func plainLoop<Width: RowWidth>(_ steps: Int, Q: ActionValueTable.Rows<Width>, N: UnsafeMutablePointer<Int32>,
                                                   episode writer: EpisodeMemory.Writer, world: PlainMoves, walk start: Walk,
                                                   counters before: Counters, gamma: Double, parameters: Parameters,
                                                   starts: Model, cap: Int) -> (EpisodeMemory.Writer, (Walk, Counters)) {
        var walk = start, counters = before, episode = writer
        let epsilon = parameters.epsilon, ties = parameters.ties, alpha = parameters.alpha, everyVisit = parameters.everyVisit
        for _ in 0..<steps {
            let S = walk.state
            let A = Q.epsilonGreedy(S, epsilon: epsilon, ties: ties, rng: &walk.rng)
            let (step, end) = walk.act(A, in: world, starts: starts, cap: cap, gamma: gamma, counting: &counters)
            episode.append(state: S, action: A, reward: step.reward, key: S &* Q.width.count &+ A)
            guard end != nil else { continue }
            for (t, G) in episode.returns(gamma: gamma, everyVisit: everyVisit) {
                let s = Int(episode[t].state), a = Int(episode[t].action)
                _ = ReturnAverages.average(&Q[s, a], count: &N[s &* Q.width.count &+ a], toward: G, alpha: alpha)
                counters.backups += 1
            }
            episode.clear()
        }
        counters.ticks += steps
        return (episode, (walk, counters))
    }

    /// Build mode: the tables carried to the edited map (see `StateMap`); the episode starts again.
    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
        averages = averages.remapped(map)
        episode = EpisodeMemory(keys: map.new.stateCount * map.new.actionCount)
    }
}
