import Foundation

/// The bandit kernel: many pulls of epsilon-greedy or UCB with sample averages (or a constant
/// step) on a stationary testbed, in one loop over local values (Q and N through pointers,
/// the task's true values, the generator in registers), bit for bit the boxes of
/// `EpsilonGreedy.step()` and `UCB.step()` (the kernel contract test holds them to them).
enum BanditKernel {
    /// How an exploring pull draws its arm: the methods' rule, or `ref.c`'s for W9.
    protocol ArmDraw {
        static func arm(_ k: Int, _ rng: inout Xoshiro256) -> Int
    }

    /// Every method's: `Xoshiro256.below`, the top bits by a multiply.
    struct MethodsDraw: ArmDraw {
        @inline(__always) static func arm(_ k: Int, _ rng: inout Xoshiro256) -> Int { rng.below(k) }
    }

    /// `../shared/bench/ref.c`'s W9: the generator's next number modulo k.
    struct ReferenceDraw: ArmDraw {
        @inline(__always) static func arm(_ k: Int, _ rng: inout Xoshiro256) -> Int { Int(rng.next() % UInt64(k)) }
    }

    /// The table the loop reads and writes, and what it reads of the task and the method.
    struct Arms {
        let q: UnsafeMutablePointer<Double>
        let n: UnsafeMutablePointer<Int32>
        let trueValues: UnsafePointer<Double>
        let k: Int
        let rewardSD: Double
        let alpha: Double?
        /// The bandit's state, whose row Q and N are.
        let state: Int
    }

    /// How a pull picks its arm from the estimates: the method's rule.
    protocol ArmChoice {
        /// The arm of pull number `t` (from 1).
        func arm(_ arms: Arms, pull t: Int, rng: inout Xoshiro256) -> Int
    }

    /// A <- argmax Q(a) with probability 1 - epsilon, else a random arm (drawn by `Draw`).
    struct EpsilonGreedyChoice<Draw: ArmDraw>: ArmChoice {
        let epsilon: Double
        let ties: TieBreak

        @inline(__always)
        func arm(_ arms: Arms, pull t: Int, rng: inout Xoshiro256) -> Int {
            rng.unit() < epsilon ? Draw.arm(arms.k, &rng) : ActionValueTable.greedy(arms.q, count: arms.k, ties: ties, rng: &rng)
        }
    }

    /// A <- argmax_a [Q(a) + c sqrt(ln t / N(a))], an arm never pulled first (UCB, S&B §2.7).
    struct UpperConfidenceChoice: ArmChoice {
        let c: Double
        let ties: TieBreak
        /// Room for the k bounds, rewritten each pull.
        let bounds: UnsafeMutablePointer<Double>

        @inline(__always)
        func arm(_ arms: Arms, pull t: Int, rng: inout Xoshiro256) -> Int {
            let lnT = log(Double(t))
            for a in 0..<arms.k {
                let N = arms.n[a]
                bounds[a] = N == 0 ? .infinity : arms.q[a] + c * (lnT / Double(N)).squareRoot()
            }
            return ActionValueTable.greedy(bounds, count: arms.k, ties: ties, rng: &rng)
        }
    }

    /// `steps` pulls, or fewer when `log` is satisfied after one (`taken`).
    @inline(never)
    static func pull<Choice: ArmChoice, Log: StepRecorder>(
        _ steps: Int, _ arms: Arms, choice: Choice, rng start: Xoshiro256, counters before: Counters, log given: Log
    ) -> (rng: Xoshiro256, counters: Counters, log: Log, taken: Int) {
        var rng = start, counters = before, log = given, taken = steps
        let S = arms.state
        for i in 0..<steps {
            let A = choice.arm(arms, pull: counters.samples + 1, rng: &rng)
            // R <- bandit(A)
            let R = arms.rewardSD > 0 ? arms.trueValues[A] + arms.rewardSD * TransitionTable.standardNormal(&rng) : arms.trueValues[A]
            counters.samples += 1
            counters.episodes += 1
            log.visited(S)
            // N(A) <- N(A) + 1; Q(A) <- Q(A) + 1/N(A) [R - Q(A)]
            arms.n[A] += 1
            let old = arms.q[A], stepSize = arms.alpha ?? 1 / Double(arms.n[A])
            arms.q[A] = old + stepSize * (R - old)
            counters.backups += 1
            log.updated(S, tdError: R - old)
            log.episodeEnded(EpisodeEnd(return_: R, rewards: R, steps: 1, cut: false, firstState: S, firstAction: A),
                             ticks: before.ticks + i + 1, samples: counters.samples)
            if log.isSatisfied { taken = i + 1; break }
        }
        counters.ticks += taken
        return (rng, counters, log, taken)
    }
}
