import Foundation

/// The dynamics of a model that is not a grid (DESIGN §6), compiled from an `MDP` into flat
/// buffers: per state its pairs (one per available action), per pair its outcomes
/// p(s', r | s, a). Read by DP backups and sampling without bounds checks or reference
/// counting, like the grid's landing tables (hence `@unchecked Sendable`: nothing is written
/// after init).
final class TransitionTable: @unchecked Sendable {
    /// First pair of each state (`stateCount + 1` entries): action a of state s is pair
    /// `pairStart[s] + a`.
    let pairStart: UnsafeBufferPointer<Int32>
    /// First outcome of each pair (`pairs + 1` entries).
    let outcomeStart: UnsafeBufferPointer<Int32>
    let next: UnsafeBufferPointer<Int32>
    let probability: UnsafeBufferPointer<Double>
    /// The running sum of the probabilities within each pair, for sampling.
    let cumulative: UnsafeBufferPointer<Double>
    let rewardMean: UnsafeBufferPointer<Double>
    let rewardSD: UnsafeBufferPointer<Double>
    /// The expected reward of each pair, sum p r: DP's backup is r(s, a) + gamma sum p v(s'),
    /// one multiply-add per outcome (the form of ../shared/bench/ref.c's W4).
    let pairReward: UnsafeBufferPointer<Double>
    /// Some reward is normal rather than fixed.
    let randomRewards: Bool
    /// Action names per pair.
    let actionNames: [String]
    /// Outcomes read by backing up states 0 ..< s (over all their actions): model reads.
    let termsBefore: [Int]
    /// The running sum of the start probabilities, when the start is not uniform.
    let startCumulative: [Double]?
    /// The largest |mean reward|, for the divergence bound.
    let largestReward: Double

    init(_ mdp: MDP) {
        pairStart = Model.owned(mdp.pairStart)
        outcomeStart = Model.owned(mdp.outcomeStart)
        next = Model.owned(mdp.next)
        probability = Model.owned(mdp.probability)
        rewardMean = Model.owned(mdp.rewardMean)
        rewardSD = Model.owned(mdp.rewardSD)
        var cumulative = [Double](repeating: 0, count: mdp.next.count)
        for pair in 0..<mdp.actionNames.count {
            var sum = 0.0
            for o in mdp.outcomes(of: pair) {
                sum += mdp.probability[o]
                cumulative[o] = sum
            }
        }
        self.cumulative = Model.owned(cumulative)
        pairReward = Model.owned((0..<mdp.actionNames.count).map { pair in
            mdp.outcomes(of: pair).reduce(0.0) { $0 + mdp.probability[$1] * mdp.rewardMean[$1] }
        })
        randomRewards = mdp.rewardSD.contains { $0 > 0 }
        actionNames = mdp.actionNames
        var terms = [0]
        for s in 0..<mdp.stateCount {
            let pairs = mdp.pairs(of: s)
            terms.append(terms[s] + (pairs.isEmpty ? 0 : Int(mdp.outcomeStart[pairs.upperBound] - mdp.outcomeStart[pairs.lowerBound])))
        }
        termsBefore = terms
        if let weights = mdp.startProbability {
            var sum = 0.0
            startCumulative = weights.map { sum += $0; return sum }
        } else {
            startCumulative = nil
        }
        largestReward = mdp.rewardMean.map(abs).max() ?? 0
    }

    deinit {
        for buffer in [rewardMean, rewardSD, probability, cumulative, pairReward] { buffer.deallocate() }
        for buffer in [pairStart, outcomeStart, next] { buffer.deallocate() }
    }

    /// Actions available in state s.
    @inline(__always)
    func actionCount(_ s: Int) -> Int { Int(pairStart[s + 1] - pairStart[s]) }

    /// sum p(s', r | s, a) [r + gamma v(s')] over the outcomes of (s, a), as
    /// r(s, a) + gamma sum p(s' | s, a) v(s').
    @inline(__always)
    func expectedReturn(_ s: Int, _ a: Int, gamma: Double, _ v: UnsafeBufferPointer<Double>) -> Double {
        let pair = Int(pairStart[s]) + a
        var total = 0.0
        for o in Int(outcomeStart[pair])..<Int(outcomeStart[pair + 1]) {
            total += probability[o] * v[Int(next[o])]
        }
        return pairReward[pair] + gamma * total
    }

    /// One outcome of (s, a) drawn by its probability, with its reward (normal ones drawn too).
    @inline(__always)
    func sample(_ s: Int, _ a: Int, using rng: inout Xoshiro256) -> (next: Int, reward: Double) {
        let pair = Int(pairStart[s]) + a
        let lo = Int(outcomeStart[pair]), hi = Int(outcomeStart[pair + 1])
        var o = lo
        if hi - lo > 1 {
            // The first outcome whose running sum passes u (binary search: Jack's has 441).
            let u = rng.unit() * cumulative[hi - 1]
            var a = lo, b = hi - 1
            while a < b {
                let mid = (a + b) / 2
                if cumulative[mid] > u { b = mid } else { a = mid + 1 }
            }
            o = a
        }
        var reward = rewardMean[o]
        if randomRewards && rewardSD[o] > 0 { reward += rewardSD[o] * Self.standardNormal(&rng) }
        return (Int(next[o]), reward)
    }

    /// A start state: uniform over `starts`, or by the start probabilities.
    @inline(__always)
    func sampleStart(_ starts: [Int32], using rng: inout Xoshiro256) -> Int {
        guard let startCumulative else { return starts.count == 1 ? Int(starts[0]) : Int(starts[rng.below(starts.count)]) }
        let u = rng.unit() * startCumulative[startCumulative.count - 1]
        let i = startCumulative.firstIndex { $0 > u } ?? startCumulative.count - 1
        return Int(starts[i])
    }

    /// A standard normal draw (Box-Muller, one of the pair). Inlined: in the bandit kernel a
    /// call here made the generator's state live in memory for the whole pull (W9).
    @inline(__always)
    static func standardNormal(_ rng: inout Xoshiro256) -> Double {
        let u1 = 1 - rng.unit(), u2 = rng.unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
