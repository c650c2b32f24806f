import Foundation

/// The policy a policy-gradient method learns (DESIGN §13): a table of preferences
/// theta[s, a] and its softmax, pi(a|s) = exp(theta[s,a]) / sum_b exp(theta[s,b]), so that
/// grad ln pi(a|s) over theta[s, .] is e_a - pi(.|s). `pi(_:)` answers for the last state
/// asked (no allocation per step).
///
/// A state's softmax is kept until its row of theta moves: an episode revisits states many
/// times between updates, and the exponentials are most of a step's cost. The kept row is the
/// one `policy` would compute (the same arithmetic on the same theta), so nothing a method
/// does depends on whether it was kept.
struct Preferences: Sendable {
    /// theta[s * width + a].
    private(set) var theta: [Double]
    let width: Int
    private var actionCounts: [Int32]
    /// pi(.|s) as last computed, `kept[s * width + a]`, and whether it is still theta[s]'s.
    private var kept: [Double]
    private var isKept: [Bool]
    /// Where in `kept` the policy of the state last given to `policy(_:)` is.
    private var row = 0

    /// pi_0 (DESIGN §13): uniform (theta = 0); a policy file's (theta = log pi_0, a zero
    /// taken as 1e-6); or `--prior P` on the expert's action, a `--prior-noise` share of
    /// the states favouring a wrong action instead (drawn from a stream of the seed's own,
    /// so the agent's draws are the same with and without a prior).
    init(model: Model, parameters: Parameters) throws {
        width = model.actionCount
        actionCounts = (0..<model.stateCount).map { Int32(model.actionCount(of: $0)) }
        theta = Array(repeating: 0, count: model.stateCount * width)
        kept = theta
        isKept = Array(repeating: false, count: model.stateCount)
        if let policy = parameters.policy {
            guard parameters.prior == nil else { throw SolverError("--policy and --prior both give pi_0: give one") }
            for s in 0..<model.stateCount where !model.isTerminal[s] {
                for a in 0..<model.actionCount(of: s) { theta[s * width + a] = log(max(policy.p(s, a), 1e-6)) }
            }
        } else if let prior = parameters.prior {
            let expert = Expert.actions(model, parameters: parameters)
            var noise = Xoshiro256(seed: parameters.seed ^ 0x7072_696f_725f_6e6f)
            for s in 0..<model.stateCount where !model.isTerminal[s] {
                let k = model.actionCount(of: s)
                var favoured = expert[s]
                if parameters.priorNoise > 0, k > 1, noise.unit() < parameters.priorNoise {
                    // A uniformly chosen action other than the expert's.
                    let other = noise.below(k - 1)
                    favoured = other < favoured ? other : other + 1
                }
                let rest = (1 - prior) / Double(k)
                for a in 0..<k { theta[s * width + a] = log(a == favoured ? prior + rest : rest) }
            }
        }
    }

    /// The actions of state s.
    @inline(__always)
    func actions(_ s: Int) -> Int { Int(actionCounts[s]) }

    /// Makes pi(.|s) the policy `pi(_:)` answers, computed from the largest preference down
    /// so that no exponential overflows.
    @inline(__always)
    mutating func policy(_ s: Int) {
        row = s * width
        if isKept[s] { return }
        let k = actions(s)
        var top = -Double.infinity
        for a in 0..<k { top = max(top, theta[row + a]) }
        var total = 0.0
        for a in 0..<k {
            let e = exp(theta[row + a] - top)
            kept[row + a] = e
            total += e
        }
        for a in 0..<k { kept[row + a] /= total }
        isKept[s] = true
    }

    /// pi(a|s) of the state last given to `policy(_:)`.
    @inline(__always)
    func pi(_ a: Int) -> Double { kept[row + a] }

    /// An action drawn from pi (of the state last given to `policy`): the first whose
    /// cumulative probability exceeds a uniform draw.
    @inline(__always)
    func draw(_ s: Int, using rng: inout Xoshiro256) -> Int {
        let k = actions(s), u = rng.unit()
        var sum = 0.0
        for a in 0..<(k - 1) {
            sum += kept[row + a]
            if u < sum { return a }
        }
        return k - 1
    }

    /// theta[s, .] += step (e_a - pi(.|s)), with `pi` as last computed for s: one gradient
    /// step on ln pi(a|s). Returns theta[s, a] before and after, for the explain box.
    @inline(__always)
    mutating func ascend(_ s: Int, toward a: Int, by step: Double) -> (old: Double, new: Double) {
        assert(row == s * width, "ascend(s) follows policy(s)")
        let old = theta[row + a]
        for b in 0..<actions(s) { theta[row + b] += step * ((b == a ? 1 : 0) - kept[row + b]) }
        isKept[s] = false
        return (old, theta[row + a])
    }

    /// theta[s, .] += step (e_a - pi'), pi' the policy of s kept at `policy[offset...]` (the
    /// group methods' pi_old). Returns theta[s, a] before and after.
    @inline(__always)
    mutating func ascend(_ s: Int, toward a: Int, by step: Double, policy old: [Double], at offset: Int) -> (old: Double, new: Double) {
        let row = s * width, before = theta[row + a]
        for b in 0..<actions(s) { theta[row + b] += step * ((b == a ? 1 : 0) - old[offset + b]) }
        isKept[s] = false
        return (before, theta[row + a])
    }

    /// Build mode: theta carried to the edited map (a new state starts at 0, uniform).
    mutating func remap(_ map: StateMap) {
        theta = map.table(theta, width: width, fill: 0, terminal: 0)
        actionCounts = (0..<map.new.stateCount).map { Int32(map.new.actionCount(of: $0)) }
        kept = theta
        isKept = Array(repeating: false, count: map.new.stateCount)
    }

    /// pi(a|s) for every state and action, `pi[s * width + a]`; 0 on terminal states.
    func probabilities(_ model: Model) -> [Double] {
        var copy = self, all = Array(repeating: 0.0, count: theta.count)
        for s in 0..<model.stateCount where !model.isTerminal[s] {
            copy.policy(s)
            for a in 0..<actions(s) { all[s * width + a] = copy.pi(a) }
        }
        return all
    }

    /// The most probable action per state (the first of equals), -1 on terminal states.
    func mostProbable(_ model: Model) -> [Int32] {
        (0..<model.stateCount).map { s in
            guard !model.isTerminal[s] else { return -1 }
            var best = 0
            for a in 1..<max(1, actions(s)) where theta[s * width + a] > theta[s * width + best] { best = a }
            return Int32(best)
        }
    }

    /// V^pi of the policy as it stands, evaluated through the model (DESIGN §13): what the
    /// learned policy is worth, where a method keeps no values of its own.
    func values(_ model: Model, gamma: Double) -> [Double] {
        let probability = model.shownByState(probabilities(model), width: width)
        let pi = TargetPolicy(file: "the learned policy", actionCount: width, probability: probability)
        return Truth.values(of: pi, on: model, gamma: gamma)
    }
}

/// The expert a label or a prior comes from (DESIGN §13): in every state, the first greedy
/// action of the DP-optimal policy; or, given `--expert FILE`, the file's most probable
/// action (the first of equals).
enum Expert {
    static func actions(_ model: Model, parameters: Parameters) -> [Int] {
        if let file = parameters.expert {
            return (0..<model.stateCount).map { s in
                var best = 0
                for a in 1..<max(1, model.actionCount(of: s)) where file.p(s, a) > file.p(s, best) { best = a }
                return best
            }
        }
        return optimal(model, gamma: parameters.gamma)
    }

    /// The first greedy action of the DP-optimal policy, in every state.
    static func optimal(_ model: Model, gamma: Double) -> [Int] {
        let vStar = TruthCache.shared.truth(for: model, gamma: gamma, kind: .optimal).values ?? Array(repeating: 0, count: model.stateCount)
        let q = model.actionValues(from: vStar, gamma: gamma)
        let width = model.actionCount
        return (0..<model.stateCount).map { s in
            guard !model.isTerminal[s] else { return 0 }
            var best = 0
            for a in 1..<max(1, model.actionCount(of: s)) where q[s * width + a] > q[s * width + best] + 1e-9 { best = a }
            return best
        }
    }
}
