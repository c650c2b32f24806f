/// How an agent's step is drawn: the one operation sample-based methods ask of the world.
/// `Model` draws from its full dynamics; `PlainMoves` is the same draw on a world that needs
/// no more than one table lookup. A method's box is written once, generic over this, and
/// compiled for each (the choice is made once per run of steps, never per step).
protocol Moves {
    func sample(state s: Int, action a: Int, using rng: inout Xoshiro256) -> Step
}

extension Model: Moves {}

/// A grid world whose moves are plain: no slip, and a cliff only where it sends the agent
/// back to the one start (wind and portals are deterministic, so they are in the table). A
/// step is one lookup, `next[s * actionCount + a]`, with its reward (one for every move, or,
/// where they differ, `rewards[s * actionCount + a]`), and draws no random number, exactly as
/// `Model.sample` draws none there. Its buffers belong to the model, which outlives every
/// solver holding them.
struct PlainMoves: Moves, @unchecked Sendable {
    let actionCount: Int
    let next: UnsafeBufferPointer<Int32>
    let isTerminal: UnsafeBufferPointer<Bool>
    /// The reward of every move, when they are all the same (the common maze).
    let reward: Double
    /// Else the reward of each move (a goal's, a cliff's).
    let rewards: UnsafeBufferPointer<Double>?

    @inline(__always)
    func sample(state s: Int, action a: Int, using rng: inout Xoshiro256) -> Step {
        let i = s &* actionCount &+ a
        let next = Int(next[i])
        return Step(next: next, reward: rewards.map { $0[i] } ?? reward, ends: isTerminal[next])
    }

    /// The kernel's view of a world whose moves all have one reward: no lookup, no branch.
    struct OneReward: Moves {
        let world: PlainMoves
        @inline(__always)
        func sample(state s: Int, action a: Int, using rng: inout Xoshiro256) -> Step {
            let next = Int(world.next[s &* world.actionCount &+ a])
            return Step(next: next, reward: world.reward, ends: world.isTerminal[next])
        }
    }

    /// The kernel's view of a world with a reward per move: one more lookup, no branch.
    struct RewardPerMove: Moves {
        let world: PlainMoves
        let rewards: UnsafeBufferPointer<Double>
        @inline(__always)
        func sample(state s: Int, action a: Int, using rng: inout Xoshiro256) -> Step {
            let i = s &* world.actionCount &+ a
            let next = Int(world.next[i])
            return Step(next: next, reward: rewards[i], ends: world.isTerminal[next])
        }
    }
}

extension Model {
    /// The plain-moves form of this model, when it has one (see `PlainMoves`): built from the
    /// landing tables, so both draw the same next state and reward for every (s, a).
    static func plainMoves(landing: UnsafeBufferPointer<Int32>, rewardIndex: UnsafeBufferPointer<UInt16>,
                           rewardValues: UnsafeBufferPointer<Double>, mixSlot: UnsafeBufferPointer<Int32>,
                           mixCount: UnsafeBufferPointer<Int32>, isTerminal: [Bool], slots: Int,
                           actionCount: Int, relocate: Int32, starts: [Int32]) -> PlainMoves? {
        // A cliff sends the agent to a start: drawn among several, so plain only with one.
        guard mixCount.allSatisfy({ $0 == 1 }), starts.count == 1 || !landing.contains(relocate) else { return nil }
        let states = isTerminal.count
        var next = [Int32](repeating: 0, count: states * actionCount)
        var rewards = [Double](repeating: 0, count: states * actionCount)
        var shared: UInt16?, uniform = true
        for s in 0..<states {
            for a in 0..<actionCount {
                let i = s * slots + Int(mixSlot[a * 3])
                next[s * actionCount + a] = landing[i] == relocate ? starts[0] : landing[i]
                guard !isTerminal[s] else { continue }
                rewards[s * actionCount + a] = rewardValues[Int(rewardIndex[i])]
                if shared == nil { shared = rewardIndex[i] }
                if shared != rewardIndex[i] { uniform = false }
            }
        }
        return PlainMoves(actionCount: actionCount, next: owned(next), isTerminal: owned(isTerminal),
                          reward: rewardValues[Int(shared ?? 0)], rewards: uniform ? nil : owned(rewards))
    }
}
