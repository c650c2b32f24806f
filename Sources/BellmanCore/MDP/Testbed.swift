/// The k-armed testbed of S&B §2.3 (DESIGN §12): one state, `bandit`, whose actions `1` .. `k`
/// each end the episode with a reward ~ N(q*(a), reward_sd). The true values q*(a) ~
/// N(mean, mean_sd) belong to a task, and a task to a seed: every run of a study is a new
/// task, as the book's 2,000 are, and `--seed S` fixes one.
public struct Testbed: Sendable, Equatable {
    /// k, the number of arms.
    public var arms: Int
    /// The centre of the true values (Fig 2.5 uses 4).
    public var mean: Double
    /// The spread of the true values around `mean`.
    public var meanSD: Double
    /// The noise of a reward around its arm's true value.
    public var rewardSD: Double
    /// Exercise 2.5's nonstationary task: before every step each true value takes an
    /// independent N(0, walk_sd) step; 0 for a stationary task.
    public var walkSD: Double

    /// The arms a testbed may have.
    public static let armRange = 2...1_000

    /// The name of the one state, as files and reports write it.
    public static let stateName = "bandit"

    /// q*(1) .. q*(k) of the task of `seed`. Drawn from a generator of their own, so that the
    /// agent's random numbers (seeded by the same seed) are those of any other level.
    public func trueValues(seed: UInt64) -> [Double] {
        var rng = Xoshiro256(seed: seed ^ Self.taskStream)
        return (0..<arms).map { _ in mean + meanSD * TransitionTable.standardNormal(&rng) }
    }

    /// Keeps the tasks' draws apart from the agent's ("testbed" in ASCII).
    private static let taskStream: UInt64 = 0x74_65_73_74_62_65_64

    /// The model of the task of `seed`: the bandit state, its arms, and the terminal `end`.
    public func mdp(seed: UInt64) -> MDP {
        var builder = MDPBuilder(states: [Self.stateName, "end"], terminal: [false, true])
        for (a, q) in trueValues(seed: seed).enumerated() {
            builder.addAction(String(a + 1), [(1, 1, q, rewardSD)])
        }
        builder.endState()
        builder.endState()
        var model = builder.mdp
        model.start = [0]
        model.layout = [[0]]
        model.testbed = self
        model.taskSeed = seed
        model.builtin = "testbed"
        return model
    }
}

extension MDP {
    /// The task of `seed` where this is a testbed; itself otherwise.
    public func task(seed: UInt64) -> MDP {
        guard let testbed else { return self }
        var task = testbed.mdp(seed: seed)
        task.origin = origin
        task.defaultEpisodeCap = defaultEpisodeCap
        return task
    }
}

/// The arms of a testbed as one run sees them: the true values of its task, which on a
/// nonstationary testbed (Exercise 2.5) each take an independent N(0, walk_sd) step before
/// every pull. A value the agent carries, so that a copy of a solver (rewind, compare)
/// carries its own task.
struct TestbedArms: Moves, Sendable {
    /// q*(a) as it stands now.
    private(set) var trueValues: [Double]
    let walkSD: Double
    let rewardSD: Double
    /// Where every pull ends (the testbed's `end`).
    let end: Int

    init?(_ model: Model) {
        guard let testbed = model.level.mdp?.testbed, let end = model.isTerminal.firstIndex(of: true) else { return nil }
        trueValues = model.armValues()
        walkSD = testbed.walkSD
        rewardSD = testbed.rewardSD
        self.end = end
    }

    /// Every true value takes its step (none on a stationary testbed).
    @inline(__always)
    mutating func walk(using rng: inout Xoshiro256) {
        guard walkSD > 0 else { return }
        for a in trueValues.indices { trueValues[a] += walkSD * TransitionTable.standardNormal(&rng) }
    }

    /// The reward of a pull of `a`: as the model's table draws it, q*(a) + reward_sd N(0, 1).
    @inline(__always)
    func sample(state s: Int, action a: Int, using rng: inout Xoshiro256) -> Step {
        Step(next: end, reward: rewardSD > 0 ? trueValues[a] + rewardSD * TransitionTable.standardNormal(&rng) : trueValues[a], ends: true)
    }

    /// Another task on the same testbed (the benchmark's runs, drawn from one generator).
    mutating func setTrueValues(_ values: [Double]) { trueValues = values }
}
