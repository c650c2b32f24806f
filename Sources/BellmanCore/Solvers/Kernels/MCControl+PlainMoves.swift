/// Monte Carlo control's update as the plain-moves kernel runs it: the box of
/// `MCControl.step()` over the kernel's local Q, the counts N and the episode, written through
/// pointers with room made for at most 65,536 steps at a time.
extension MCControl: PlainMovesMethod {
    struct PlainUpdate: EpsilonGreedyUpdate {
        let N: UnsafeMutablePointer<Int32>
        var episode: EpisodeMemory.Writer
        let gamma: Double, epsilon: Double, ties: TieBreak, alpha: Double?, everyVisit: Bool

        /// At the episode's end, for t = T-1, ..., 0: G <- gamma G + R_{t+1}; unless S_t, A_t
        /// appeared before, Q(S_t, A_t) <- average(Returns(S_t, A_t)).
        @inline(__always)
        mutating func learn<Width: RowWidth, Log: StepRecorder>(_ S: Int, _ A: Int, _ R: Double, _ S2: Int, terminal: Bool, ended: Bool, then: Int,
                                                                 _ Q: ActionValueTable.Rows<Width>, counters: inout Counters, log: inout Log,
                                                                 rng: inout Xoshiro256) {
            episode.append(state: S, action: A, reward: R, key: S &* Q.width.count &+ A)
            guard ended else { return }
            // The report of a tick is its last update: the screen keeps that one's TD error.
            var last = (state: 0, tdError: Double.nan)
            for (t, G) in episode.returns(gamma: gamma, everyVisit: everyVisit) {
                let s = Int(episode[t].state), a = Int(episode[t].action)
                let old = Q[s, a]
                _ = ReturnAverages.average(&Q[s, a], count: &N[s &* Q.width.count &+ a], toward: G, alpha: alpha)
                counters.backups += 1
                last = (s, G - old)
            }
            if !last.tdError.isNaN { log.updated(last.state, tdError: last.tdError) }
            episode.clear()
        }
    }

    static var stepsPerLending: Int { 65_536 }

    mutating func lendUpdate(room: Int, _ body: (PlainUpdate) -> PlainUpdate) {
        let parameters = learner.parameters, gamma = learner.gamma
        var counts = averages.takeCounts()
        counts.withUnsafeMutableBufferPointer { N in
            episode.withWriter(room: room) { writer in
                let done = body(PlainUpdate(N: N.baseAddress!, episode: writer, gamma: gamma, epsilon: parameters.epsilon,
                                            ties: parameters.ties, alpha: parameters.alpha, everyVisit: parameters.everyVisit))
                return (done.episode, ())
            }
        }
        averages.putCounts(counts)
    }
}
