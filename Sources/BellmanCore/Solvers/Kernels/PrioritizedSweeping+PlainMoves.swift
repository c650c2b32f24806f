/// Prioritized sweeping's update as the plain-moves kernel runs it: the box of
/// `PrioritizedSweeping.step()` over the kernel's local Q, with the learned model's tables and
/// the queue's heap borrowed for the run.
extension PrioritizedSweeping: PlainMovesMethod {
    struct PlainUpdate: EpsilonGreedyUpdate {
        let model: LearnedModel.Tables
        var queue: PairQueue.Heap
        let alpha: Double, gamma: Double, epsilon: Double, ties: TieBreak, planningSteps: Int, theta: Double

        @inline(__always)
        mutating func learn<Width: RowWidth, Log: StepRecorder>(_ S: Int, _ A: Int, _ R: Double, _ S2: Int, terminal: Bool, ended: Bool, then: Int,
                                                                 _ Q: ActionValueTable.Rows<Width>, counters: inout Counters, log: inout Log,
                                                                 rng: inout Xoshiro256) {
            let width = Q.width.count
            // (d) Model(S,A) <- R, S'
            model.remember(S, A, R, S2, ends: terminal, at: counters.samples)
            // (e) P <- |R + gamma max_a Q(S',a) - Q(S,A)|; (f) if P > theta, insert S,A into PQueue
            let P = abs(R + gamma * (terminal ? 0 : Q.max(S2)) - Q[S, A])
            if P > theta { queue.insert(S &* width &+ A, priority: P) }
            // (g) Loop repeat n times, while PQueue is not empty
            var n = 0
            while n < planningSteps && !queue.isEmpty {
                n += 1
                // S,A <- first(PQueue); R,S' <- Model(S,A)
                let pair = queue.popFirst()
                let (s, a) = (pair / width, pair % width)
                let (r, s2, done) = model.outcome(s, a)
                // Q(S,A) <- Q(S,A) + alpha [R + gamma max_a Q(S',a) - Q(S,A)]
                let tdError = Q.qLearningBackup(pair: pair, toward: r, s2, ends: done, alpha: alpha, gamma: gamma)
                counters.backups += 1
                // The tick reports its first backup: the screen keeps that one's TD error.
                if n == 1 { log.updated(s, tdError: tdError) }
                // Loop for all S-bar,A-bar predicted to lead to S: P <- |R-bar + gamma max_a Q(S,a) - Q(S-bar,A-bar)|
                let valueOfS = Q.max(s)
                var queue = queue
                model.forEachPredecessor(of: s) { sBar, aBar in
                    let p = abs(model.outcome(sBar, aBar).R + gamma * valueOfS - Q[sBar, aBar])
                    if p > theta { queue.insert(sBar &* width &+ aBar, priority: p) }
                }
                self.queue = queue
            }
        }
    }

    mutating func lendUpdate(room: Int, _ body: (PlainUpdate) -> PlainUpdate) {
        let parameters = learner.parameters, alpha = learner.alpha, gamma = learner.gamma
        model.withTables { tables in
            queue.withHeap { heap in
                let done = body(PlainUpdate(model: tables, queue: heap, alpha: alpha, gamma: gamma, epsilon: parameters.epsilon,
                                            ties: parameters.ties, planningSteps: parameters.planningSteps,
                                            theta: parameters.priorityThreshold))
                return (done.queue, ())
            }
        }
    }
}

