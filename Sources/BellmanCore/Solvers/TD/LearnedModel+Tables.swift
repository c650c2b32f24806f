extension LearnedModel {
    /// A pair tried and its outcome last seen, in one record, so that replaying a pair reads
    /// one place: 16 bytes.
    struct TriedPair {
        var reward: Double
        /// `s * actionCount + a`.
        var pair: Int32
        /// S', with the sign bit set where S' ended the episode (one `and` to read S' back,
        /// where `~S'` took three instructions in W7's innermost loop).
        var next: Int32

        /// `pair` and `S2` fit 31 bits (`LearnedModel.init` checks the model's pairs do).
        init(reward: Double, pair: Int, S2: Int, ends: Bool) {
            (self.reward, self.pair) = (reward, Int32(truncatingIfNeeded: pair))
            next = Int32(truncatingIfNeeded: S2) | (ends ? Int32.min : 0)
        }

        var S2: Int { Int(next & Int32.max) }
        var ends: Bool { next < 0 }
    }

    /// The model's tables through pointers, and the rules that read and write them (one
    /// place for `step()` and the kernels). A pair is `s * actionCount + a`.
    struct Tables {
        /// Where each table starts in the array of whole numbers.
        struct Layout {
            let pairs: Int, states: Int, actions: Int
            init(states: Int, actions: Int) {
                (self.states, self.actions, pairs) = (states, actions, states * actions)
            }
            /// Three tables a pair, three a state, two counts.
            var wholeCount: Int { 3 * pairs + 3 * states + 2 }
        }

        let actionCount: Int
        /// The pairs tried, in the order first tried (`ref.c`'s W7 draws from them), with
        /// their outcomes.
        let tried: UnsafeMutablePointer<TriedPair>
        /// Each pair's place in `tried`; -1 if never tried.
        let slot: UnsafeMutablePointer<Int32>
        /// The actions taken in s at `s * actionCount + k`, k < `takenCount[s]`.
        let actionsTaken: UnsafeMutablePointer<Int32>
        /// The pairs predicted to lead to each state, as linked lists through the pairs:
        /// `predecessorHead[s]` the first pair, `predecessorNext[pair]` the one after (-1 ends).
        let predecessorNext: UnsafeMutablePointer<Int32>
        /// The states observed, in the order first seen (a state is seen when its first pair is
        /// tried: its `takenCount` is then 1).
        let observedStates: UnsafeMutablePointer<Int32>
        let takenCount: UnsafeMutablePointer<Int32>
        let predecessorHead: UnsafeMutablePointer<Int32>
        /// [0] the states observed, [1] the pairs tried.
        let counts: UnsafeMutablePointer<Int32>
        /// The real step (samples taken) at which each pair was last tried; 0 if never.
        let lastTried: UnsafeMutablePointer<Int>

        init(_ layout: Layout, whole: UnsafeMutablePointer<Int32>, tried: UnsafeMutablePointer<TriedPair>, times: UnsafeMutablePointer<Int>) {
            let p = layout.pairs, s = layout.states
            actionCount = layout.actions
            (slot, actionsTaken, predecessorNext) = (whole, whole + p, whole + 2 * p)
            (observedStates, takenCount, predecessorHead) = (whole + 3 * p, whole + 3 * p + s, whole + 3 * p + 2 * s)
            counts = whole + 3 * p + 3 * s
            (self.tried, lastTried) = (tried, times)
        }

        /// A model that has seen nothing.
        func clear(_ layout: Layout) {
            slot.update(repeating: -1, count: layout.pairs)
            predecessorNext.update(repeating: -1, count: layout.pairs)
            predecessorHead.update(repeating: -1, count: layout.states)
        }

        var observedCount: Int { Int(counts[0]) }
        var pairCount: Int { Int(counts[1]) }

        /// Model(S, A) <- R, S' (seen at real step `time`).
        @inline(__always)
        func remember(_ S: Int, _ A: Int, _ R: Double, _ S2: Int, ends episodeEnds: Bool, at time: Int) {
            let i = S &* actionCount &+ A
            var k = Int(slot[i])
            if k < 0 {
                k = pairCount
                slot[i] = Int32(truncatingIfNeeded: k)
                counts[1] &+= 1
                if takenCount[S] == 0 {
                    observedStates[observedCount] = Int32(S)
                    counts[0] += 1
                }
                actionsTaken[S &* actionCount &+ Int(takenCount[S])] = Int32(A)
                takenCount[S] += 1
                link(i, to: S2)
            } else if tried[k].S2 != S2 {
                unlink(i, from: tried[k].S2)
                link(i, to: S2)
            }
            tried[k] = TriedPair(reward: R, pair: i, S2: S2, ends: episodeEnds)
            lastTried[i] = time
        }

        private func link(_ pair: Int, to s: Int) {
            predecessorNext[pair] = predecessorHead[s]
            predecessorHead[s] = Int32(pair)
        }

        private func unlink(_ pair: Int, from s: Int) {
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
            let k = Int(slot[s &* actionCount &+ a])
            guard k >= 0 else { return (0, s, false) }
            let t = tried[k]
            return (t.reward, t.S2, t.ends)
        }

        /// Real steps since (s, a) was last tried, at real step `time` (since the start if never).
        @inline(__always)
        func sinceTried(_ s: Int, _ a: Int, at time: Int) -> Int { time - lastTried[s &* actionCount &+ a] }

        /// A random previously observed state.
        @inline(__always)
        func randomObservedState(_ rng: inout Xoshiro256) -> Int { Int(observedStates[rng.below(observedCount)]) }

        /// A random action previously taken in s.
        @inline(__always)
        func randomTakenAction(_ s: Int, _ rng: inout Xoshiro256) -> Int {
            Int(actionsTaken[s &* actionCount &+ rng.below(Int(takenCount[s]))])
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

        /// Calls `body` with each pair tried (its state, action and record), in the order the
        /// states were first seen and then the actions first taken there.
        func forEachPairTried(_ body: (_ s: Int, _ a: Int, _ pair: TriedPair, _ lastTried: Int) -> Void) {
            for k in 0..<observedCount {
                let s = Int(observedStates[k])
                for j in 0..<Int(takenCount[s]) {
                    let a = Int(actionsTaken[s * actionCount + j]), i = s * actionCount + a
                    body(s, a, tried[Int(slot[i])], lastTried[i])
                }
            }
        }
    }
}
