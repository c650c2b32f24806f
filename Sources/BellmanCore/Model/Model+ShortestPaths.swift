extension Model {
    /// Every action of every state has a single outcome (no slip, no chance): a path is a
    /// sequence of actions.
    public var isDeterministic: Bool {
        (0..<stateCount).allSatisfy { s in
            isTerminal[s] || (0..<actionCount(of: s)).allSatisfy { outcomes(state: s, action: $0).count == 1 }
        }
    }

    /// The fewest steps from each state to a goal (not a hole), by breadth-first search over
    /// the deterministic moves; `nil` where no goal can be reached. Only for a deterministic
    /// model.
    public func stepsToGoal() -> [Int?] {
        var predecessors = [[Int32]](repeating: [], count: stateCount)
        for s in 0..<stateCount where !isTerminal[s] {
            for a in 0..<actionCount(of: s) {
                if let next = outcomes(state: s, action: a).first?.next { predecessors[next].append(Int32(s)) }
            }
        }
        var steps = [Int?](repeating: nil, count: stateCount)
        var queue = (0..<stateCount).filter { isTerminal[$0] && kindOfState[$0] != .hole }
        for g in queue { steps[g] = 0 }
        var head = 0
        while head < queue.count {
            let s = queue[head]
            head += 1
            for p in predecessors[s] where steps[Int(p)] == nil {
                steps[Int(p)] = steps[s]! + 1
                queue.append(Int(p))
            }
        }
        return steps
    }

    /// The greedy `policy` walks from every start to a goal in the fewest steps possible
    /// (`shortest`, from `stepsToGoal`), on a deterministic model.
    public func pathsAreShortest(_ policy: [Int], shortest: [Int?]) -> Bool {
        for start in startStates {
            guard let best = shortest[Int(start)] else { continue }
            var s = Int(start)
            for _ in 0..<best {
                guard let next = outcomes(state: s, action: policy[s]).first?.next else { return false }
                s = next
            }
            guard isTerminal[s], kindOfState[s] != .hole else { return false }
        }
        return true
    }
}
