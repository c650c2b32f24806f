/// Dyna-Q's update as the plain-moves kernel runs it: the box of `DynaQ.step()` over the
/// kernel's local Q, with the learned model's tables borrowed for the run.
extension DynaQ: PlainMovesMethod {
    struct PlainUpdate: EpsilonGreedyUpdate {
        let model: LearnedModel.Tables
        let alpha: Double, gamma: Double, epsilon: Double, ties: TieBreak, planningSteps: Int
        /// `ref.c`'s planning draw (W7), not the book's; only `bench w7` sets it.
        let drawsLikeReference: Bool
        /// The pairs tried, as a divisor for that draw (a `div` per draw would cost a third of W7).
        var pairsTried = Divisor(1)

        @inline(__always)
        mutating func learn<Width: RowWidth, Log: StepRecorder>(_ S: Int, _ A: Int, _ R: Double, _ S2: Int, terminal: Bool, ended: Bool, then: Int,
                                                        _ Q: ActionValueTable.Rows<Width>, counters: inout Counters, log: inout Log,
                                                        rng: inout Xoshiro256) {
            // (d) Q(S,A) <- Q(S,A) + alpha [R + gamma max_a Q(S',a) - Q(S,A)]
            let tdError = Q.qLearningUpdate(S, A, R, S2, alpha: alpha, gamma: gamma)
            counters.backups &+= 1
            log.updated(S, tdError: tdError)
            // (e) Model(S,A) <- R, S'
            model.remember(S, A, R, S2, ends: terminal, at: counters.samples)
            // (f) Loop repeat n times
            counters.backups &+= planningSteps
            if drawsLikeReference {
                // ref.c's draw: a pair uniformly from the pairs tried, by the generator's next
                // number modulo their count (one draw where the book's box makes two).
                let pairs = UInt64(model.pairCount)
                if pairsTried.d != pairs { pairsTried = Divisor(pairs) }
                // The loop compiled for each form of the divisor, chosen once a step, not per draw.
                func replay<Draw: Remainder>(drawingBy draw: Draw) {
                    for _ in 0..<planningSteps {
                        let tried = model.tried[Int(truncatingIfNeeded: draw.remainder(rng.next()))]
                        Q.qLearningBackup(pair: Int(tried.pair), toward: tried.reward, tried.S2, ends: tried.ends, alpha: alpha, gamma: gamma)
                    }
                }
                if let short = pairsTried.short { replay(drawingBy: short) } else { replay(drawingBy: pairsTried) }
                return
            }
            for _ in 0..<planningSteps {
                // S <- random previously observed state; A <- random action previously taken in S
                let s = model.randomObservedState(&rng)
                let a = model.randomTakenAction(s, &rng)
                // R, S' <- Model(S,A)
                let (r, s2, ends) = model.outcome(s, a)
                Q.qLearningBackup(pair: s &* Q.width.count &+ a, toward: r, s2, ends: ends, alpha: alpha, gamma: gamma)
            }
        }
    }

    mutating func lendUpdate(room: Int, _ body: (PlainUpdate) -> PlainUpdate) {
        let parameters = learner.parameters, alpha = learner.alpha, gamma = learner.gamma
        let reference = drawsLikeReference
        model.withTables { tables in
            _ = body(PlainUpdate(model: tables, alpha: alpha, gamma: gamma, epsilon: parameters.epsilon, ties: parameters.ties,
                                 planningSteps: Swift.max(parameters.planningSteps, 0), drawsLikeReference: reference))
        }
    }
}
