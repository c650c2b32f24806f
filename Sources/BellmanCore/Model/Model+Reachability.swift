extension Model {
    /// The first state (in reading order) from which no goal or hole can be reached under any
    /// policy, or `nil` when every state can reach one.
    ///
    /// With gamma = 1 such a state has no finite return under a policy that stays there, so
    /// DP and Monte Carlo are refused on it (DESIGN §2).
    public func stateWithoutTerminal() -> Int? {
        let relocateNode = stateCount
        // Reverse edges in CSR form: who can step into each node (the relocation pseudo-node
        // stands between cliff landings and the start states).
        var indegree = [Int32](repeating: 0, count: stateCount + 2)
        var edges: [(Int32, Int32)] = []
        let slots = directions.count
        var slotUsed = [Bool](repeating: false, count: slots)
        for a in 0..<actionCount where table == nil {
            for k in 0..<Int(mixCount[a]) where mixProbability[a * 3 + k] > 0 { slotUsed[Int(mixSlot[a * 3 + k])] = true }
        }
        for s in 0..<stateCount where !isTerminal[s] {
            if let table {
                for o in Int(table.outcomeStart[Int(table.pairStart[s])])..<Int(table.outcomeStart[Int(table.pairStart[s + 1])]) {
                    edges.append((Int32(s), table.next[o]))
                }
            } else {
                for d in 0..<slots where slotUsed[d] { edges.append((Int32(s), landing[s * slots + d])) }
            }
        }
        for start in startStates { edges.append((Int32(relocateNode), start)) }
        for (_, to) in edges { indegree[Int(to) + 1] += 1 }
        for i in 1..<indegree.count { indegree[i] += indegree[i - 1] }
        var fill = indegree
        var from = [Int32](repeating: 0, count: edges.count)
        for (source, to) in edges {
            from[Int(fill[Int(to)])] = source
            fill[Int(to)] += 1
        }
        var reaches = [Bool](repeating: false, count: stateCount + 1)
        var queue: [Int] = isTerminal.indices.filter { isTerminal[$0] }
        for s in queue { reaches[s] = true }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for e in Int(indegree[node])..<Int(indegree[node + 1]) where !reaches[Int(from[e])] {
                reaches[Int(from[e])] = true
                queue.append(Int(from[e]))
            }
        }
        return (0..<stateCount).first { !isTerminal[$0] && !reaches[$0] && kindOfState[$0] != .wall }
    }

    /// The refusal message for gamma = 1 when some state cannot reach a terminal, or `nil`.
    public func undiscountedRefusal(method: String) -> String? {
        guard let s = stateWithoutTerminal() else { return nil }
        if let mdp = level.mdp {
            let why = isTerminal.contains(true) ? "no terminal state can be reached from state \(mdp.states[s]) (\(mdp.origin[s]))" : "the model has no terminal state"
            return "\(method) needs finite returns, but with gamma = 1 \(why), so its return never ends; use --gamma below 1 or a TD method"
        }
        let (row, col) = position(of: s)
        let why = isTerminal.contains(true)
            ? "no goal or hole can be reached from cell \(name(of: s)) at \(level.sourceLocation(row: row, col: col))"
            : "the level has no goal or hole"
        return "\(method) needs finite returns, but with gamma = 1 \(why), so its return never ends; use --gamma below 1 or a TD method"
    }
}
