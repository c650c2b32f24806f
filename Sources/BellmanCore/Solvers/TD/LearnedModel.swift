/// The agent's own model of a deterministic environment, learned from its real steps (never
/// the level's true dynamics), as Dyna and prioritized sweeping keep it (S&B 2018, §8.2-8.4):
/// Model(S, A) is the last outcome seen, with the real step it was seen at.
///
/// Flat arrays indexed `s * actionCount + a`; remembering a pair allocates nothing.
struct LearnedModel: Sendable {
    let actionCount: Int
    private var next: [Int32]
    private var reward: [Double]
    private var ends: [Bool]
    /// The real step (samples taken) at which each pair was last tried; 0 if never.
    private var lastTried: [Int]
    /// The previously observed states, in the order first seen; `stateSeen` flags them.
    private var observedStates: [Int32]
    private(set) var observedCount = 0
    private var stateSeen: [Bool]
    /// The actions previously taken in s at `s * actionCount + k`, k < `takenCount[s]`;
    /// `taken` flags them.
    private var actionsTaken: [Int32]
    private var takenCount: [Int32]
    private var taken: [Bool]
    /// The pairs predicted to lead to each state, as linked lists through the pairs:
    /// `predecessorHead[s]` the first pair, `predecessorNext[pair]` the one after (-1 ends).
    private var predecessorHead: [Int32]
    private var predecessorNext: [Int32]

    init(model: Model) {
        actionCount = model.actionCount
        let pairs = model.stateCount * model.actionCount
        next = [Int32](repeating: -1, count: pairs)
        reward = [Double](repeating: 0, count: pairs)
        ends = [Bool](repeating: false, count: pairs)
        lastTried = [Int](repeating: 0, count: pairs)
        observedStates = [Int32](repeating: 0, count: model.stateCount)
        stateSeen = [Bool](repeating: false, count: model.stateCount)
        actionsTaken = [Int32](repeating: 0, count: pairs)
        takenCount = [Int32](repeating: 0, count: model.stateCount)
        taken = [Bool](repeating: false, count: pairs)
        predecessorHead = [Int32](repeating: -1, count: model.stateCount)
        predecessorNext = [Int32](repeating: -1, count: pairs)
    }

    /// Model(S, A) <- R, S' (seen at real step `time`).
    mutating func remember(_ S: Int, _ A: Int, _ R: Double, _ S2: Int, ends episodeEnds: Bool, at time: Int) {
        let i = S * actionCount + A
        if next[i] != Int32(S2) {
            if next[i] >= 0 { unlink(i, from: Int(next[i])) }
            predecessorNext[i] = predecessorHead[S2]
            predecessorHead[S2] = Int32(i)
        }
        next[i] = Int32(S2)
        reward[i] = R
        ends[i] = episodeEnds
        lastTried[i] = time
        if !stateSeen[S] {
            stateSeen[S] = true
            observedStates[observedCount] = Int32(S)
            observedCount += 1
        }
        if !taken[i] {
            taken[i] = true
            actionsTaken[S * actionCount + Int(takenCount[S])] = Int32(A)
            takenCount[S] += 1
        }
    }

    private mutating func unlink(_ pair: Int, from s: Int) {
        if predecessorHead[s] == Int32(pair) {
            predecessorHead[s] = predecessorNext[pair]
            return
        }
        var at = Int(predecessorHead[s])
        while at >= 0 && predecessorNext[at] != Int32(pair) { at = Int(predecessorNext[at]) }
        if at >= 0 { predecessorNext[at] = predecessorNext[pair] }
    }

    /// R, S' <- Model(S, A): the outcome last seen; a pair never tried goes back to S with
    /// reward 0 (the book's footnote to Dyna-Q+).
    @inline(__always)
    func outcome(_ s: Int, _ a: Int) -> (R: Double, S2: Int, ends: Bool) {
        let i = s * actionCount + a
        return next[i] < 0 ? (0, s, false) : (reward[i], Int(next[i]), ends[i])
    }

    /// Real steps since (s, a) was last tried, at real step `time` (since the start if never).
    @inline(__always)
    func sinceTried(_ s: Int, _ a: Int, at time: Int) -> Int { time - lastTried[s * actionCount + a] }

    /// A random previously observed state.
    @inline(__always)
    func randomObservedState(_ rng: inout Xoshiro256) -> Int { Int(observedStates[rng.below(observedCount)]) }

    /// A random action previously taken in s.
    @inline(__always)
    func randomTakenAction(_ s: Int, _ rng: inout Xoshiro256) -> Int {
        Int(actionsTaken[s * actionCount + rng.below(Int(takenCount[s]))])
    }

    /// Calls `body` with each (S̄, Ā) predicted to lead to s.
    @inline(__always)
    func forEachPredecessor(of s: Int, _ body: (_ s: Int, _ a: Int) -> Void) {
        var at = Int(predecessorHead[s])
        while at >= 0 {
            body(at / actionCount, at % actionCount)
            at = Int(predecessorNext[at])
        }
    }
}

extension LearnedModel {
    /// Build mode: the pairs learned, in the order their states were first seen, carried to
    /// the edited map; a pair whose state or outcome is no longer a state is forgotten, and
    /// the world's new outcomes are learned by stepping, as after any change.
    func remapped(_ map: StateMap) -> LearnedModel {
        var moved = LearnedModel(model: map.new)
        for k in 0..<observedCount {
            let s = Int(observedStates[k])
            guard let s2 = map.state(s) else { continue }
            for j in 0..<Int(takenCount[s]) {
                let a = Int(actionsTaken[s * actionCount + j]), i = s * actionCount + a
                guard next[i] >= 0, let n2 = map.state(Int(next[i])) else { continue }
                moved.remember(s2, a, reward[i], n2, ends: map.new.isTerminal[n2], at: lastTried[i])
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
