/// Policy iteration, estimating pi* and V* (S&B 2018, §4.3, boxed algorithm).
///
///     1. Initialization: V(s) and pi(s) arbitrary
///     2. Policy Evaluation                       (one state per tick: DPSweeper)
///        Loop: for each s: V(s) <- sum_{s',r} p(s',r|s,pi(s)) [r + gamma V(s')]
///        until Delta < theta
///     3. Policy Improvement                      (one state per tick)
///        policy-stable <- true
///        For each s: old-action <- pi(s)
///                    pi(s) <- argmax_a sum_{s',r} p(s',r|s,a) [r + gamma V(s')]
///                    if old-action != pi(s), policy-stable <- false
///        If policy-stable, stop; else go to 2
///
/// The first policy is `--policy` where given (Figure 4.2 starts Jack's from "never move"),
/// else the equiprobable random one, so that with gamma = 1 the first evaluation ends (a
/// fixed arbitrary action could loop forever). Improvement keeps the old
/// action when it is among the best, so equally good policies cannot alternate (Exercise 4.4).
public struct PolicyIteration: SweepingSolver {
    public static let info = MethodInfo(
        id: "policy-iteration", family: .dp,
        summary: "pi* by alternating policy evaluation and greedy improvement (S&B §4.3)",
        learnsQ: false, isPrediction: false,
        parameters: [.gamma, .theta, .initialValue, .synchronous],
        defaultAlpha: nil,
        make: { model, parameters in try PolicyIteration(model: model, parameters: parameters) },
        startsFromPolicy: true)

    public private(set) var isFinished = false
    /// pi(s); -1 while the policy is still the initial random one. Set also by build mode
    /// (PolicyIteration+Editing.swift), which carries it to the edited map.
    public internal(set) var policy: [Int32]
    public var policyTable: [Int32]? { improvements > 0 || startsFromGiven ? policy : nil }
    /// Completed improvement passes.
    public private(set) var improvements = 0
    /// pi_0, pi_1, ...: each policy evaluated, with the sweeps done before it (Figure 4.2).
    public private(set) var iterations: [(policy: [Int32], sweeps: Int)] = []
    private var startsFromGiven = false
    var dp: DPSweeper
    private var improving = false
    private var position = 0
    private var policyStable = true

    public init(model: Model, parameters: Parameters) throws {
        dp = try DPSweeper(model: model, parameters: parameters, method: "policy iteration")
        policy = Array(repeating: -1, count: model.stateCount)
        // A given first policy: its action where it names one, random where it does not.
        if let given = parameters.policy {
            startsFromGiven = true
            for s in 0..<model.stateCount where !model.isTerminal[s] {
                if let a = (0..<model.actionCount(of: s)).first(where: { given.p(s, $0) == 1 }) { policy[s] = Int32(a) }
            }
        }
        iterations = [(policy, 0)]
    }

    /// After a change of the world or the discount (PolicyIteration+Editing.swift): evaluate
    /// the current policy again, then improve it, until it is stable once more.
    mutating func evaluateAgain() {
        improving = false
        position = 0
        policyStable = true
        isFinished = dp.isFinished
    }

    public mutating func tick() -> Tick {
        guard !isFinished else { var t = Tick(); t.finished = true; return t }
        return improving ? improve() : evaluate()
    }

    /// 2. One backup of V(s) under pi(s).
    private mutating func evaluate() -> Tick {
        let model = dp.model, gamma = dp.parameters.gamma, policy = self.policy
        let tick = dp.tick(method: "policy iteration") { s, V in
            let a = Int(policy[s])
            if a >= 0 { return model.expectedReturn(s, a, gamma: gamma, V) }
            let count = model.actionCount(of: s), pi = 1 / Double(count)
            var sum = 0.0
            for a in 0..<count { sum += pi * model.expectedReturn(s, a, gamma: gamma, V) }
            return sum
        }
        if dp.isFinished {
            if dp.stopReason != nil { isFinished = true } else { improving = true; position = 0; policyStable = true }
        }
        var result = tick
        result.finished = isFinished
        return result
    }

    /// 3. pi(s) <- argmax_a sum p [r + gamma V(s')] for one state.
    private mutating func improve() -> Tick {
        let model = dp.model, gamma = dp.parameters.gamma
        let s = dp.sweep.order[position]
        let state = Int(s)
        let oldAction = Int(policy[state])
        let (best, bestValue, oldValue) = dp.V.withUnsafeBufferPointer { V in
            var best = 0, bestValue = -Double.infinity, oldValue = -Double.infinity
            for a in 0..<model.actionCount(of: state) {
                let q = model.expectedReturn(state, a, gamma: gamma, V)
                if a == oldAction { oldValue = q }
                if q > bestValue { best = a; bestValue = q }
            }
            return (best, bestValue, oldValue)
        }
        let keepsOld = oldAction >= 0 && oldValue >= bestValue - 1e-12 * max(1, abs(bestValue))
        let newAction = keepsOld ? oldAction : best
        if newAction != oldAction { policyStable = false }
        policy[state] = Int32(newAction)
        dp.countImprovement(of: state)
        var tick = Tick()
        tick.update = Update(state: state, action: newAction, old: oldAction >= 0 ? oldValue : dp.V[state],
                             target: bestValue, new: bestValue, stepSize: nil)
        position += 1
        if position == dp.sweep.order.count {
            improvements += 1
            improving = false
            if policyStable { isFinished = true } else {
                iterations.append((policy, dp.counters.sweeps))
                dp.restart()
            }
        }
        tick.finished = isFinished
        return tick
    }
}
