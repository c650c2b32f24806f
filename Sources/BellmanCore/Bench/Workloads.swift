import Dispatch

/// The benchmark workloads of ../shared/bench/WORKLOADS.md, run through the product's real
/// path: a level written as TOML and parsed, the compiled model, the real solvers.
public enum Workload: String, Sendable, CaseIterable {
    case w1, w2, w3, w4, w5, w6, w7, w8, w9

    /// What one run measured.
    public struct Measurement: Sendable {
        public var seconds: Double
        /// W1: state-updates per second; W2, W3, W5, W6, W8: environment steps per second; W4: state-action
        /// backups per second; W7: Q updates per second (real and planning).
        public var figure: Double
        public var unit: String
        /// W1: V21(0,0) and the sum of V21; W2/W3/W5/W6: episodes completed and cut, max Q at the start;
        /// W7: episodes completed, pairs tried, max Q at the start; W8: episodes completed and
        /// cut, pi(east | start).
        public var checksums: [(String, Double)]
    }

    /// The level of a workload as TOML: an open n x n grid, goal at the bottom right, and a
    /// start at (0, 0) when `start` (without one, every cell is a state and a start).
    static func level(size n: Int, slip: Double, gamma: Double, maxSteps: Int?, start: Bool) -> String {
        var text = "name = \"bench \(n)x\(n)\"\ngamma = \(gamma)\nstep_reward = -1\nslip = \(slip)\n"
        if let maxSteps { text += "max_steps = \(maxSteps)\n" }
        let row = String(repeating: ".", count: n)
        let first = (start ? "S" : ".") + String(row.dropFirst())
        let last = String(row.dropLast()) + "G"
        let rows = [first] + Array(repeating: row, count: n - 2) + [last]
        return text + "map = \"\"\"\n" + rows.joined(separator: "\n") + "\n\"\"\"\n"
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Runs the workload once, as WORKLOADS.md defines it. `threads` splits W1's synchronous
    /// sweeps (nil: the machine's cores); W2 and W3 are one sequence of steps.
    public func run(threads: Int? = nil) throws -> Measurement {
        switch self {
        case .w1: return try runW1(size: 1_000, threads: threads)
        case .w2: return try runSampled(QLearning.info, cut: nil, steps: 10_000_000)
        case .w3: return try runSampled(MCControl.info, cut: 10_000, steps: 10_000_000)
        case .w5: return try runSampled(Sarsa.info, cut: nil, steps: 10_000_000)
        case .w6: return try runSampled(ExpectedSarsa.info, cut: nil, steps: 10_000_000)
        case .w4: return try runW4(threads: threads)
        case .w7: return try runW7()
        case .w8: return try runW8()
        case .w9: return try runW9()
        }
    }

    /// W7: Dyna-Q on W2's world (alpha 0.1, epsilon 0.1, seed 12345, greedy ties to the lowest
    /// action), 1,000,000 real steps each followed by 10 planning updates: `dyna-q`'s kernel,
    /// drawing its planning pairs as `ref.c` does (a pair uniformly from the pairs tried, the
    /// generator's next number modulo their count) where the book's box, and `dyna-q` itself,
    /// draw a state seen and then an action taken there. Checksums: episodes completed, pairs
    /// tried, max Q at the start.
    func runW7(realSteps: Int = 1_000_000) throws -> Measurement {
        let model = try Self.grid(size: 50, cut: nil, id: rawValue)
        var parameters = Parameters(gamma: 0.99)
        parameters.alpha = 0.1
        parameters.epsilon = 0.1
        parameters.ties = .first
        parameters.seed = 12345
        parameters.planningSteps = 10
        var solver = try DynaQ(model: model, parameters: parameters)
        solver.drawsLikeReference = true
        let start = Self.now()
        solver.run(ticks: realSteps)
        let seconds = Self.now() - start
        let s0 = Int(model.startStates[0])
        let qStart = (0..<model.actionCount).map { solver.Q[s0, $0] }.max() ?? 0
        return Measurement(seconds: seconds, figure: Double(solver.counters.backups) / seconds, unit: "updates/s",
                           checksums: [("episodes", Double(solver.counters.episodes)), ("pairs", Double(solver.model.pairCount)),
                                       ("q_start", qStart)])
    }

    /// W8: REINFORCE on W3's world (episodes cut at 10,000 steps, 10,000,000 steps in all),
    /// theta = 0, alpha 0.001, gamma 0.99, seed 12345. As in W3, the episode the budget cuts
    /// is still learnt from. Checksums: episodes completed and cut, pi(east | start).
    func runW8(steps: Int = 10_000_000) throws -> Measurement { try Self.runW8(Reinforce.info, steps: steps) }

    /// W8's world, budget and parameters for any policy-gradient method (`bench w8 --method`),
    /// to compare their cost per step with REINFORCE's; only REINFORCE is the workload (a
    /// method with a critic or groups has no figure in `ref.c`).
    public static func runW8(_ method: MethodInfo, steps: Int = 10_000_000) throws -> Measurement {
        let model = try grid(size: 50, cut: 10_000, id: "w8")
        var parameters = method.defaults(for: model.level)
        parameters.gamma = 0.99
        parameters.alpha = 0.001
        parameters.seed = 12345
        let start = now()
        let solver: any Solver
        if method.id == Reinforce.info.id {
            var reinforce = try Reinforce(model: model, parameters: parameters)
            reinforce.run(ticks: steps)
            reinforce.learnFromTheEpisodeSoFar()
            solver = reinforce
        } else {
            var other = try method.make(model, parameters)
            other.run(ticks: steps)
            solver = other
        }
        let seconds = now() - start
        let c = solver.counters
        let s0 = Int(model.startStates[0])
        let pi = (solver as? any StochasticPolicy)?.actionProbabilities[s0 * model.actionCount + 1] ?? .nan
        return Measurement(seconds: seconds, figure: Double(steps) / seconds, unit: "steps/s",
                           checksums: [("episodes", Double(c.episodes - c.episodesCut)), ("episodes_cut", Double(c.episodesCut)),
                                       ("pi_start_east", pi)])
    }

    /// W2's and W3's world: the n x n grid, start (0, 0), goal at the bottom right, no slip,
    /// episodes cut at `cut` steps (nil: the largest cap a level allows).
    static func grid(size n: Int, cut: Int?, id: String) throws -> Model {
        let source = level(size: n, slip: 0, gamma: 0.99, maxSteps: cut ?? LevelParser.maxEpisodeCap, start: true)
        return Model(try LevelParser.parse(source: source, file: id, id: id))
    }

    /// W9: the 10-armed testbed, 20,000 runs of 1,000 pulls of epsilon-greedy (0.1) with
    /// sample averages, greedy ties to the lowest arm: the bundled level's model and the
    /// epsilon-greedy method's bandit kernel. As `ref.c`, one generator (seed 12345) draws
    /// every run's q*(1) .. q*(10) and then its pulls, and an exploring pull's arm is that
    /// generator's next number modulo 10 (the methods draw it by a multiply, `below`).
    func runW9(runs: Int = 20_000, steps: Int = 1_000) throws -> Measurement {
        let text = "name = \"w9\"\n[mdp]\nbuiltin = \"testbed\"\n"
        let model = Model(try LevelParser.parse(source: text, file: "w9", id: "w9"))
        var parameters = Parameters(gamma: 1)
        parameters.epsilon = 0.1
        parameters.ties = .first
        let fresh = EpsilonGreedy(model: model, parameters: parameters)
        var rng = Xoshiro256(seed: 12345)
        var totals = PullTotals()
        let start = Self.now()
        for _ in 0..<runs {
            var solver = fresh
            var trueValues = [Double](repeating: 0, count: 10)
            for a in 0..<10 { trueValues[a] = TransitionTable.standardNormal(&rng) }
            solver.learner.agent.arms?.setTrueValues(trueValues)
            solver.learner.agent.rng = rng
            totals.best = trueValues.indices.max { trueValues[$0] < trueValues[$1] }!
            solver.run(ticks: steps, recording: &totals, draw: BanditKernel.ReferenceDraw.self)
            rng = solver.learner.agent.rng
        }
        let seconds = Self.now() - start
        let pulls = Double(runs * steps)
        return Measurement(seconds: seconds, figure: pulls / seconds, unit: "steps/s",
                           checksums: [("mean_reward", totals.reward / pulls), ("optimal_share", Double(totals.optimal) / pulls)])
    }

    /// W9's sums over every pull: the rewards, and the pulls of the run's best arm.
    struct PullTotals: StepRecorder {
        var reward = 0.0, optimal = 0, best = 0
        @inline(__always) mutating func visited(_ state: Int, tick: Int) {}
        @inline(__always) mutating func updated(_ state: Int, tdError: Double) {}
        @inline(__always) mutating func episodeEnded(_ end: EpisodeEnd, counters: Counters) {
            reward += end.rewards
            if end.firstAction == best { optimal &+= 1 }
        }
    }

    /// W4: synchronous value iteration on Jack's car rental (the bundled model's exact
    /// dynamics, as a generic MDP holds them); 1 untimed sweep, then 20 timed.
    func runW4(threads: Int? = nil) throws -> Measurement {
        let text = "name = \"w4\"\ngamma = 0.9\n[mdp]\nbuiltin = \"jacks-car-rental\"\n"
        let model = Model(try LevelParser.parse(source: text, file: "w4", id: "w4"))
        var parameters = Parameters(gamma: 0.9)
        parameters.synchronous = true
        parameters.maxSweeps = 21
        parameters.theta = .leastNonzeroMagnitude
        parameters.threads = threads
        var solver = try ValueIteration(model: model, parameters: parameters)
        let perSweep = model.stateCount
        solver.run(ticks: perSweep)
        let start = Self.now()
        solver.run(ticks: perSweep * 20)
        let seconds = Self.now() - start
        let v = solver.stateValues
        let s = (0..<model.stateCount).first { model.name(of: $0) == "10,10" } ?? 0
        return Measurement(seconds: seconds, figure: 20 * Double(model.pairCount) / seconds, unit: "state-action backups/s",
                           checksums: [("v_10_10", v[s]), ("sumV", v.reduce(0, +))])
    }

    /// W1: synchronous value iteration on 1,000,000 states, slip 0.2, gamma 0.99; 1 untimed
    /// sweep, then 20 timed.
    func runW1(size n: Int, threads: Int? = nil) throws -> Measurement {
        let text = Self.level(size: n, slip: 0.2, gamma: 0.99, maxSteps: nil, start: false)
        let model = Model(try LevelParser.parse(source: text, file: "w1", id: "w1"))
        var parameters = Parameters(gamma: 0.99)
        parameters.synchronous = true
        parameters.maxSweeps = 21
        parameters.threads = threads
        var solver = try ValueIteration(model: model, parameters: parameters)
        let perSweep = model.stateCount - 1
        solver.run(ticks: perSweep)
        let start = Self.now()
        solver.run(ticks: perSweep * 20)
        let seconds = Self.now() - start
        let v = solver.stateValues
        var total = 0.0
        for r in 0..<n {
            var rowSum = 0.0
            for c in 0..<n { rowSum += v[Int(model.stateOfCell[r * n + c])] }
            total += rowSum
        }
        return Measurement(seconds: seconds, figure: 20 * Double(n * n) / seconds, unit: "state-updates/s",
                           checksums: [("v00", v[0]), ("sumV", total)])
    }

    /// W2, W3, W5 and W6: 10,000,000 environment steps on the 50 x 50 grid, start (0,0),
    /// seed 12345, epsilon 0.1, greedy ties to the lowest action.
    func runSampled(_ method: MethodInfo, cut: Int?, steps: Int) throws -> Measurement {
        // W2 has no step cap.
        let model = try Self.grid(size: 50, cut: cut, id: rawValue)
        var parameters = Parameters(gamma: 0.99)
        // The TD methods' step size; MC control averages (1/N).
        parameters.alpha = method.family == .td ? 0.1 : nil
        parameters.epsilon = 0.1
        parameters.everyVisit = true
        parameters.ties = .first
        parameters.seed = 12345
        var solver = try method.make(model, parameters)
        let start = Self.now()
        solver.run(ticks: steps)
        let seconds = Self.now() - start
        let c = solver.counters
        let q = solver.actionValues ?? []
        let s0 = Int(model.startStates[0]), A = model.actionCount
        let qStart = (0..<A).map { q[s0 * A + $0] }.max() ?? 0
        return Measurement(seconds: seconds, figure: Double(steps) / seconds, unit: "steps/s",
                           checksums: [("episodes", Double(c.episodes - c.episodesCut)), ("episodes_cut", Double(c.episodesCut)),
                                       ("q_start", qStart)])
    }
}
