import Foundation

/// The bandit kernel: many pulls of a bandit method on a stationary testbed, in one loop over
/// local values (the method's tables through pointers, the task's true values, the generator
/// in registers), bit for bit the boxes of `EpsilonGreedy.step()`, `UCB.step()` and
/// `GradientBandit.step()` (the kernel contract test holds them to them). A method gives its
/// `Rule`: the arm it picks and what it learns.
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

    /// The stationary task the loop pulls: the true values and the reward's spread.
    struct Task {
        let trueValues: UnsafePointer<Double>
        let rewardSD: Double
        /// The bandit's state, whose row the method's tables are.
        let state: Int

        /// R <- bandit(A): q*(A) plus normal noise, drawn as the testbed's `sample` draws it.
        @inline(__always)
        func reward(_ A: Int, _ rng: inout Xoshiro256) -> Double {
            rewardSD > 0 ? trueValues[A] + rewardSD * TransitionTable.standardNormal(&rng) : trueValues[A]
        }
    }

    /// A method's rule in the loop: how it picks the arm of a pull, and what it learns from
    /// the reward.
    protocol Rule {
        /// The arm of pull number `t` (from 1).
        mutating func arm(pull t: Int, rng: inout Xoshiro256) -> Int
        /// Learns from reward R of arm A at pull `t` (the pulls counted with this one);
        /// returns target - old of the update the explain box shows.
        mutating func learn(_ A: Int, _ R: Double, pull t: Int) -> Double
        /// The numbers one pull's learning changes.
        var backupsPerPull: Int { get }
    }

    /// The sample averages' table: Q and N of the bandit's row, through pointers.
    struct Arms {
        let q: UnsafeMutablePointer<Double>
        let n: UnsafeMutablePointer<Int32>
        let k: Int
        let alpha: Double?
    }

    /// Epsilon-greedy's and UCB's learning, each with its arm choice:
    /// N(A) <- N(A) + 1; Q(A) <- Q(A) + 1/N(A) [R - Q(A)] (`alpha`: a constant step).
    struct SampleAverages<Choice: ArmChoice>: Rule {
        let arms: Arms
        let choice: Choice

        @inline(__always)
        func arm(pull t: Int, rng: inout Xoshiro256) -> Int { choice.arm(arms, pull: t, rng: &rng) }

        @inline(__always)
        func learn(_ A: Int, _ R: Double, pull t: Int) -> Double {
            arms.n[A] += 1
            let old = arms.q[A], stepSize = arms.alpha ?? 1 / Double(arms.n[A])
            arms.q[A] = old + stepSize * (R - old)
            return R - old
        }

        var backupsPerPull: Int { 1 }
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
    static func pull<Method: Rule, Log: StepRecorder>(
        _ steps: Int, _ task: Task, rule start: Method, rng first: Xoshiro256, counters before: Counters, log given: Log
    ) -> (rule: Method, rng: Xoshiro256, counters: Counters, log: Log, taken: Int) {
        var rule = start, rng = first, counters = before, log = given, taken = steps
        let S = task.state
        for i in 0..<steps {
            let A = rule.arm(pull: counters.samples + 1, rng: &rng)
            let R = task.reward(A, &rng)
            // Wrapping adds: 2^63 pulls are not made, and a checked add is a compare and a
            // branch a pull for each counter.
            counters.samples &+= 1
            counters.episodes &+= 1
            log.visited(S, tick: before.ticks &+ i)
            let tdError = rule.learn(A, R, pull: counters.samples)
            counters.backups &+= rule.backupsPerPull
            log.updated(S, tdError: tdError)
            log.episodeEnded(EpisodeEnd(return_: R, rewards: R, steps: 1, cut: false, firstState: S, firstAction: A),
                             counters: counters.after(ticks: before.ticks &+ i &+ 1))
            if log.isSatisfied { taken = i + 1; break }
        }
        counters.ticks += taken
        return (rule, rng, counters, log, taken)
    }
}
