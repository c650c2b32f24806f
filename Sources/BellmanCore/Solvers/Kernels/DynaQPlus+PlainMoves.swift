/// Dyna-Q+'s update as the plain-moves kernel runs it: the box of `DynaQPlus.step()` over the
/// kernel's local Q, with the learned model's tables borrowed for the run.
extension DynaQPlus: PlainMovesMethod {
    struct PlainUpdate: EpsilonGreedyUpdate {
        let model: LearnedModel.Tables
        let alpha: Double, gamma: Double, epsilon: Double, ties: TieBreak, planningSteps: Int, kappa: Double

        @inline(__always)
        func learn<Width: RowWidth, Log: StepRecorder>(_ S: Int, _ A: Int, _ R: Double, _ S2: Int, terminal: Bool, ended: Bool, then: Int,
                                                        _ Q: ActionValueTable.Rows<Width>, counters: inout Counters, log: inout Log,
                                                        rng: inout Xoshiro256) {
            // (d) Q(S,A) <- Q(S,A) + alpha [R + gamma max_a Q(S',a) - Q(S,A)], on the real reward
            let tdError = Q.qLearningUpdate(S, A, R, S2, alpha: alpha, gamma: gamma)
            counters.backups += 1
            log.updated(S, tdError: tdError)
            // (e) Model(S,A) <- R, S'; tau(S,A) <- 0
            let now = counters.samples
            model.remember(S, A, R, S2, ends: terminal, at: now)
            // (f) Loop repeat n times, with the bonus kappa sqrt(tau(S,A))
            for _ in 0..<planningSteps {
                let s = model.randomObservedState(&rng)
                let a = rng.below(Q.width.count)
                let (r, s2, ends) = model.outcome(s, a)
                let tau = Double(model.sinceTried(s, a, at: now))
                Q.qLearningBackup(pair: s &* Q.width.count &+ a, toward: r + kappa * tau.squareRoot(), s2, ends: ends,
                                  alpha: alpha, gamma: gamma)
                counters.backups += 1
            }
        }
    }

    mutating func lendUpdate(room: Int, _ body: (PlainUpdate) -> PlainUpdate) {
        let parameters = learner.parameters, alpha = learner.alpha, gamma = learner.gamma
        model.withTables { tables in
            _ = body(PlainUpdate(model: tables, alpha: alpha, gamma: gamma, epsilon: parameters.epsilon, ties: parameters.ties,
                                 planningSteps: Swift.max(parameters.planningSteps, 0), kappa: parameters.kappa))
        }
    }
}
