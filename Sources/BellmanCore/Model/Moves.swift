/// How an agent's step is drawn: the one operation sample-based methods ask of the world.
/// `Model` draws from its full dynamics; `PlainMoves` is the same draw on a world that needs
/// no more than one table lookup. A method's box is written once, generic over this, and
/// compiled for each (the choice is made once per run of steps, never per step).
protocol Moves {
    func sample(state s: Int, action a: Int, using rng: inout Xoshiro256) -> Step
}

extension Model: Moves {}

/// A grid world whose moves are plain: no slip, no cliff, and one reward for every move
/// (wind and portals are deterministic, so they are in the table). A step is one lookup,
/// `next[s * actionCount + a]`, and draws no random number, exactly as `Model.sample` draws
/// none there. Its buffers belong to the model, which outlives every solver holding them.
struct PlainMoves: Moves, @unchecked Sendable {
    let actionCount: Int
    let next: UnsafeBufferPointer<Int32>
    let isTerminal: UnsafeBufferPointer<Bool>
    let reward: Double

    @inline(__always)
    func sample(state s: Int, action a: Int, using rng: inout Xoshiro256) -> Step {
        let next = Int(next[s * actionCount + a])
        return Step(next: next, reward: reward, ends: isTerminal[next])
    }
}

extension Model {
    /// The plain-moves form of this model, when it has one (see `PlainMoves`): built from the
    /// landing tables, so both draw the same next state and reward for every (s, a).
    static func plainMoves(landing: UnsafeBufferPointer<Int32>, rewardIndex: UnsafeBufferPointer<UInt16>,
                           rewardValues: UnsafeBufferPointer<Double>, mixSlot: UnsafeBufferPointer<Int32>,
                           mixCount: UnsafeBufferPointer<Int32>, isTerminal: [Bool], slots: Int,
                           actionCount: Int, relocates: Bool) -> PlainMoves? {
        guard !relocates, mixCount.allSatisfy({ $0 == 1 }) else { return nil }
        let states = isTerminal.count
        var next = [Int32](repeating: 0, count: states * actionCount)
        var reward: UInt16?
        for s in 0..<states {
            for a in 0..<actionCount {
                let i = s * slots + Int(mixSlot[a * 3])
                next[s * actionCount + a] = landing[i]
                guard !isTerminal[s] else { continue }
                if reward == nil { reward = rewardIndex[i] }
                guard reward == rewardIndex[i] else { return nil }
            }
        }
        return PlainMoves(actionCount: actionCount, next: owned(next), isTerminal: owned(isTerminal),
                          reward: rewardValues[Int(reward ?? 0)])
    }
}
