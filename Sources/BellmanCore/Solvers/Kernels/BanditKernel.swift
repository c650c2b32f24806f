/// The bandit kernel: many pulls of epsilon-greedy with sample averages (or a constant step)
/// on a stationary testbed, in one loop over local values (Q and N through pointers, the
/// task's true values, the generator in registers), bit for bit the box of
/// `EpsilonGreedy.step()` (the kernel contract test holds it to it).
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
        let epsilon: Double
        let alpha: Double?
        let ties: TieBreak
        /// The bandit's state, whose row Q and N are.
        let state: Int
    }

    /// `steps` pulls, or fewer when `log` is satisfied after one (`taken`).
    @inline(never)
    static func epsilonGreedy<Draw: ArmDraw, Log: StepRecorder>(
        _ steps: Int, _ arms: Arms, draw: Draw.Type, rng start: Xoshiro256, counters before: Counters, log given: Log
    ) -> (rng: Xoshiro256, counters: Counters, log: Log, taken: Int) {
        var rng = start, counters = before, log = given, taken = steps
        let S = arms.state
        for i in 0..<steps {
            // A <- argmax Q(a) with probability 1 - epsilon, else a random arm
            let A = rng.unit() < arms.epsilon ? Draw.arm(arms.k, &rng)
                : ActionValueTable.greedy(arms.q, count: arms.k, ties: arms.ties, rng: &rng)
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
