/// Off-policy Monte Carlo control's update as the plain-moves kernel runs it: the box of
/// `MCOffPolicy.step()` over the kernel's local Q, the cumulative weights C, the episode and
/// its b(A_t|S_t) written through pointers, with room made for at most 65,536 steps at a time.
extension MCOffPolicy: PlainMovesMethod {
    struct PlainUpdate: EpsilonGreedyUpdate {
        let C: UnsafeMutablePointer<Double>
        /// b(A_t|S_t) of step t of the episode under way (as many as the episode has steps).
        let behaviourProbability: UnsafeMutablePointer<Double>
        var episode: EpisodeMemory.Writer
        let gamma: Double, epsilon: Double, ties: TieBreak

        /// b(A_t|S_t) recorded as the action is taken (Q does not move until the episode's end);
        /// at the episode's end, for t = T-1, ..., 0: G <- gamma G + R_{t+1};
        /// C(S_t,A_t) <- C(S_t,A_t) + W; Q(S_t,A_t) <- Q(S_t,A_t) + W/C(S_t,A_t) [G - Q(S_t,A_t)];
        /// if A_t != pi(S_t) then exit; W <- W / b(A_t|S_t).
        @inline(__always)
        mutating func learn<Width: RowWidth, Log: StepRecorder>(_ S: Int, _ A: Int, _ R: Double, _ S2: Int, terminal: Bool, ended: Bool, then: Int,
                                                                 _ Q: ActionValueTable.Rows<Width>, counters: inout Counters, log: inout Log,
                                                                 rng: inout Xoshiro256) {
            behaviourProbability[episode.count] = Q.epsilonGreedyProbability(A, S, epsilon: epsilon)
            episode.append(state: S, action: A, reward: R, key: S &* Q.width.count &+ A)
            guard ended else { return }
            // The report of a tick is its last update: the screen keeps that one's TD error.
            var last = (state: 0, tdError: Double.nan)
            var W = 1.0
            for (t, G) in episode.returns(gamma: gamma, everyVisit: true) {
                let s = Int(episode[t].state), a = Int(episode[t].action), pair = s &* Q.width.count &+ a
                C[pair] += W
                let stepSize = W / C[pair]
                let old = Q[s, a]
                Q[s, a] = old + stepSize * (G - old)
                counters.backups += 1
                last = (s, G - old)
                if a != Q.firstGreatest(s) { break }
                W /= behaviourProbability[t]
            }
            if !last.tdError.isNaN { log.updated(last.state, tdError: last.tdError) }
            episode.clear()
        }
    }

    static var stepsPerLending: Int { 65_536 }

    mutating func lendUpdate(room: Int, _ body: (PlainUpdate) -> PlainUpdate) {
        let parameters = learner.parameters, gamma = learner.gamma
        // Out of `self` for the loop, with room for the steps it may add to the episode.
        var weights: [Double] = [], probabilities: [Double] = []
        swap(&weights, &C)
        swap(&probabilities, &behaviourProbability)
        probabilities.append(contentsOf: repeatElement(0, count: room))
        weights.withUnsafeMutableBufferPointer { C in
            probabilities.withUnsafeMutableBufferPointer { b in
                episode.withWriter(room: room) { writer in
                    let done = body(PlainUpdate(C: C.baseAddress!, behaviourProbability: b.baseAddress!, episode: writer,
                                                gamma: gamma, epsilon: parameters.epsilon, ties: parameters.ties))
                    return (done.episode, ())
                }
            }
        }
        probabilities.removeLast(probabilities.count - episode.count)
        swap(&weights, &C)
        swap(&probabilities, &behaviourProbability)
    }
}

extension ActionValueTable.Rows {
    /// b(a|s) of the behaviour policy, epsilon-greedy in Q (`ActionValueTable`'s rule).
    @inline(__always)
    func epsilonGreedyProbability(_ a: Int, _ s: Int, epsilon: Double) -> Double {
        ActionValueTable.epsilonGreedyProbability(q + s &* width.count, count: width.count, a, epsilon: epsilon)
    }

    /// argmax_a Q(s, a), the first best action (off-policy MC control's target pi).
    @inline(__always)
    func firstGreatest(_ s: Int) -> Int { ActionValueTable.firstGreatest(q + s &* width.count, count: width.count) }
}
