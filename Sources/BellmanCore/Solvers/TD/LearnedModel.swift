/// The agent's own model of a deterministic environment, learned from its real steps (never
/// the level's true dynamics), as Dyna and prioritized sweeping keep it (S&B 2018, §8.2-8.4):
/// Model(S, A) is the last outcome seen, with the real step it was seen at.
///
/// Three flat arrays (whole numbers, the pairs tried with their outcomes, times), laid out by
/// `Tables`, which holds the rules; a kernel borrows the tables for a whole run of steps
/// (`withTables`), `step()` for one call. Remembering a pair allocates nothing.
struct LearnedModel: Sendable {
    let actionCount: Int
    let stateCount: Int
    private var whole: [Int32]
    private var tried: [TriedPair]
    private var times: [Int]

    init(model: Model) {
        actionCount = model.actionCount
        stateCount = model.stateCount
        let layout = Tables.Layout(states: stateCount, actions: actionCount)
        // Pairs and states are kept as 32-bit numbers (a state's sign bit marks an end), so
        // the tables' writes need no check of their own.
        precondition(layout.wholeCount <= Int(Int32.max), "a learned model of at most 2^31 - 1 numbers")
        whole = [Int32](repeating: 0, count: layout.wholeCount)
        tried = [TriedPair](repeating: TriedPair(reward: 0, pair: 0, S2: 0, ends: false), count: layout.pairs)
        times = [Int](repeating: 0, count: layout.pairs)
        withTables { $0.clear(layout) }
    }

    /// Calls `body` with the model's tables (pointers valid only inside).
    mutating func withTables<R>(_ body: (Tables) -> R) -> R {
        let layout = Tables.Layout(states: stateCount, actions: actionCount)
        return whole.withUnsafeMutableBufferPointer { w in
            tried.withUnsafeMutableBufferPointer { p in
                times.withUnsafeMutableBufferPointer { t in
                    body(Tables(layout, whole: w.baseAddress!, tried: p.baseAddress!, times: t.baseAddress!))
                }
            }
        }
    }

    /// Calls `body` with the tables to read them only.
    private func reading<R>(_ body: (Tables) -> R) -> R {
        let layout = Tables.Layout(states: stateCount, actions: actionCount)
        return whole.withUnsafeBufferPointer { w in
            tried.withUnsafeBufferPointer { p in
                times.withUnsafeBufferPointer { t in
                    body(Tables(layout, whole: UnsafeMutablePointer(mutating: w.baseAddress!),
                                tried: UnsafeMutablePointer(mutating: p.baseAddress!),
                                times: UnsafeMutablePointer(mutating: t.baseAddress!)))
                }
            }
        }
    }

    /// Model(S, A) <- R, S' (seen at real step `time`).
    mutating func remember(_ S: Int, _ A: Int, _ R: Double, _ S2: Int, ends: Bool, at time: Int) {
        withTables { $0.remember(S, A, R, S2, ends: ends, at: time) }
    }

    /// R, S' <- Model(S, A) (see `Tables.outcome`).
    func outcome(_ s: Int, _ a: Int) -> (R: Double, S2: Int, ends: Bool) { reading { $0.outcome(s, a) } }

    /// Real steps since (s, a) was last tried, at real step `time` (since the start if never).
    func sinceTried(_ s: Int, _ a: Int, at time: Int) -> Int { reading { $0.sinceTried(s, a, at: time) } }

    /// A random previously observed state.
    func randomObservedState(_ rng: inout Xoshiro256) -> Int { reading { $0.randomObservedState(&rng) } }

    /// A random action previously taken in s.
    func randomTakenAction(_ s: Int, _ rng: inout Xoshiro256) -> Int { reading { $0.randomTakenAction(s, &rng) } }

    /// The pairs tried so far.
    var pairCount: Int { reading { $0.pairCount } }

    /// Calls `body` with each (S̄, Ā) predicted to lead to s.
    func forEachPredecessor(of s: Int, _ body: (_ s: Int, _ a: Int) -> Void) {
        reading { $0.forEachPredecessor(of: s, body) }
    }

    /// Build mode: the pairs learned, in the order their states were first seen, carried to
    /// the edited map; a pair whose state or outcome is no longer a state is forgotten, and
    /// the world's new outcomes are learned by stepping, as after any change.
    func remapped(_ map: StateMap) -> LearnedModel {
        var moved = LearnedModel(model: map.new)
        reading { old in
            moved.withTables { new in
                old.forEachPairTried { s, a, pair, lastTried in
                    guard let s2 = map.state(s), let n2 = map.state(pair.S2) else { return }
                    new.remember(s2, a, pair.reward, n2, ends: map.new.isTerminal[n2], at: lastTried)
                }
            }
        }
        return moved
    }
}

extension ActionValueTable {
    /// Q-learning's backup, Q(s,a) <- Q(s,a) + alpha [R + gamma max_a Q(S',a) - Q(s,a)], as
    /// the planning methods make it from a real step and replay it from the learned model
    /// (Dyna-Q §8.2 (d) and (f), Dyna-Q+ §8.3, prioritized sweeping §8.4 (g)). `ends`: S' ended
    /// the episode in the model, so its Q counts as 0. Dyna-Q+ passes R with its bonus.
    /// Returns the update, for the explain box.
    @inline(__always) @discardableResult
    mutating func qLearningBackup(_ s: Int, _ a: Int, toward R: Double, _ S2: Int, ends: Bool,
                                 alpha: Double, gamma: Double) -> Update {
        let old = self[s, a]
        let bootstrap = ends ? 0 : max(S2)
        let target = R + gamma * bootstrap
        self[s, a] = old + alpha * (target - old)
        return Update(state: s, action: a, old: old, target: target, new: self[s, a], stepSize: alpha,
                      bootstrap: bootstrap)
    }
}
