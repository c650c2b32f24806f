import Dispatch

/// What a race measures and for how long (DESIGN §4, `bellman race`).
public struct RaceSettings: Sendable {
    /// Runs per method, with seeds seed, seed+1, ...
    public var runs = 10
    /// Samples a sample-based run may use (DP runs until it converges or its sweep cap).
    public var budget = 100_000
    /// The RMS error to reach; `nil`: 10% of the initial error.
    public var targetRMS: Double?
    /// A greedy policy counts as optimal when, in every occupiable cell, its action's
    /// q*(s, a) is within this of v*(s).
    public var tolerance = 0.01
    public var seed: UInt64 = 1
    /// Worker threads; results do not depend on it (each run owns its seed).
    public var threads = 2
    /// Also measure when the greedy path from every start first became a shortest path to a
    /// goal (deterministic grids; `scale --goal path`).
    public var measurePaths = false
    /// A run ends when this goal is reached (`scale` measures one); `nil`: when every goal is.
    public var stopAt: ScaleStudy.Goal?

    public init() {}
}

/// The RMS errors a race aims at: against V* for control methods, against the random
/// policy's V for prediction methods (absent when no prediction method races).
public struct RaceTargets: Sendable, Equatable {
    public var control: Double
    public var prediction: Double?
}

/// One run of one method: the experience it had used when it first reached each goal.
public struct RaceRun: Sendable, Equatable {
    /// Samples, backups and model reads when the RMS error first fell to the target.
    public var toTarget: Counters?
    /// The same when the greedy policy first became optimal (control methods only).
    public var toOptimalPolicy: Counters?
    /// The same when the greedy path from every start first became a shortest path to a goal
    /// (with `measurePaths`, on a deterministic level).
    public var toShortestPath: Counters? = nil
    /// The same when the learned policy first became sharp (`SharpGoal`; with `stopAt` sharp).
    public var toSharp: Counters? = nil
    public var finalRMS: Double?
    public var total: Counters
}

/// All runs of one method.
public struct RaceEntry: Sendable {
    public var method: MethodInfo
    public var parameters: Parameters
    public var runs: [RaceRun]
}

/// How much experience each method needs to reach a target error and an optimal greedy
/// policy on the same level: the comparison Bellman exists to make.
public enum Race {
    /// The largest number of runs per method.
    public static let maxRuns = 100_000

    public static func run(model: Model, methods: [(MethodInfo, Parameters)], settings: RaceSettings) throws -> (entries: [RaceEntry], targets: RaceTargets) {
        // Every method must be able to run here before any thread starts.
        for (method, parameters) in methods { _ = try method.make(model, parameters) }
        let gamma = methods.first?.1.gamma ?? model.level.gamma
        let optimal = TruthCache.shared.truth(for: model, gamma: gamma, kind: .optimal).values
        // Prediction methods share one target policy (`--policy`, else the random one).
        let prediction = methods.first { $0.0.isPrediction }
        let random = prediction.flatMap { method, parameters in
            TruthCache.shared.truth(for: model, gamma: gamma, kind: Truth.kind(for: method, policy: parameters.policy)).values
        }
        let qStar = optimal.map { model.actionValues(from: $0, gamma: gamma) }
        // The default target: a tenth of the error of the untouched initial estimate, against
        // each kind of truth (V* for control, the random policy's V for prediction).
        let start = methods.first?.1.initialValue ?? 0
        let untouched = (0..<model.stateCount).map { model.isTerminal[$0] ? 0 : start }
        func target(_ truth: [Double]?) -> Double {
            settings.targetRMS ?? truth.map { model.rmsError(untouched, against: $0) / 10 } ?? 0
        }
        let targets = RaceTargets(control: target(optimal), prediction: random.map { target($0) })

        // DP is deterministic: one run says it all.
        let jobs: [(method: Int, run: Int)] = methods.indices.flatMap { m in
            (0..<(methods[m].0.family == .dp ? 1 : settings.runs)).map { (m, $0) }
        }
        let results = Locked([RaceRun?](repeating: nil, count: jobs.count))
        let threads = max(1, settings.threads)
        Jobs.run(jobs.count, threads: threads) { j in
            let (m, r) = jobs[j]
            var parameters = methods[m].1
            parameters.seed = settings.seed &+ UInt64(r)
            let truth = methods[m].0.isPrediction ? random : optimal
            let run = try? race(model: model, method: methods[m].0, parameters: parameters, truth: truth,
                                qStar: methods[m].0.isPrediction ? nil : qStar,
                                target: methods[m].0.isPrediction ? targets.prediction ?? 0 : targets.control, settings: settings)
            results.withLock { $0[j] = run }
        }
        let runs = results.withLock { $0 }
        let entries = methods.indices.map { m in
            RaceEntry(method: methods[m].0, parameters: methods[m].1,
                      runs: jobs.indices.filter { jobs[$0].method == m }.compactMap { runs[$0] })
        }
        return (entries, targets)
    }

    /// One run: ticks until both goals are reached or the budget is spent, checking at each
    /// episode or sweep end and at least every so many ticks.
    static func race(model: Model, method: MethodInfo, parameters: Parameters, truth: [Double]?, qStar: [Double]?,
                     target: Double, settings: RaceSettings) throws -> RaceRun {
        var solver = try method.make(model, parameters)
        var toTarget: Counters?, toPolicy: Counters?, toPath: Counters?
        let checkEvery = max(1_000, model.stateCount)
        var sinceCheck = 0
        // A map that changes on schedule: the goals are those of the map in force, and a goal
        // reached before a change counts no more (the race is to the last map's goals).
        var model = model, truth = truth, qStar = qStar
        let measurePaths = settings.measurePaths && !method.isPrediction
        var shortest = measurePaths ? model.stepsToGoal() : []
        let measureSharp = settings.stopAt == .sharp && !method.isPrediction
        var sharp = measureSharp ? qStar.map { SharpGoal(model: model, qStar: $0, tolerance: settings.tolerance) } : nil
        var toSharp: Counters?
        func follow() {
            guard let world = solver.world, world !== model else { return }
            model = world
            if truth != nil {
                truth = TruthCache.shared.truth(for: world, gamma: parameters.gamma, kind: Truth.kind(for: method, policy: parameters.policy)).values
            }
            if qStar != nil {
                qStar = TruthCache.shared.truth(for: world, gamma: parameters.gamma, kind: .optimal).values
                    .map { world.actionValues(from: $0, gamma: parameters.gamma) }
            }
            if measurePaths { shortest = world.stepsToGoal() }
            if measureSharp { sharp = qStar.map { SharpGoal(model: world, qStar: $0, tolerance: settings.tolerance) } }
            toTarget = nil
            toPolicy = nil
            toPath = nil
            toSharp = nil
        }
        func check(_ solver: any Solver) {
            // The sharp goal is for learned policies, whose V is an exact evaluation per check:
            // a race to it alone does not pay for the RMS error it would not show.
            if toTarget == nil, settings.stopAt != .sharp, let truth, model.rmsError(of: solver, against: truth) <= target {
                toTarget = solver.counters
            }
            if toPolicy == nil, let qStar, isOptimal(solver, qStar: qStar, model: model, tolerance: settings.tolerance) {
                toPolicy = solver.counters
            }
            if measurePaths, toPath == nil, model.pathsAreShortest(Runner.greedyPolicy(of: solver, in: model), shortest: shortest) {
                toPath = solver.counters
            }
            if toSharp == nil, let sharp, sharp.isReached(by: solver, in: model) {
                toSharp = solver.counters
            }
        }
        check(solver)
        let lastChange = method.family == .dp ? 0 : model.level.schedule.last?.at ?? 0
        func goalsLeft() -> Bool {
            switch settings.stopAt {
            case .rms?: return toTarget == nil
            case .optimal?: return toPolicy == nil && qStar != nil
            case .path?: return toPath == nil
            case .sharp?: return toSharp == nil && sharp != nil
            case nil: return toTarget == nil || (toPolicy == nil && qStar != nil) || (measurePaths && toPath == nil)
            }
        }
        while !solver.isFinished && solver.counters.samples < settings.budget && (goalsLeft() || solver.counters.samples < lastChange) {
            let ended: Bool
            if method.family == .dp {
                let tick = solver.tick()
                sinceCheck += 1
                ended = tick.sweepEnd != nil
            } else {
                // Up to the next episode's end or check, through the method's kernel where it
                // has one (a sample-based tick takes one sample).
                let before = solver.counters.samples
                ended = !solver.runEpisodes(1, maxSamples: min(settings.budget, before + checkEvery - sinceCheck)).isEmpty
                sinceCheck += solver.counters.samples - before
            }
            if ended || sinceCheck >= checkEvery {
                sinceCheck = 0
                follow()
                check(solver)
            }
        }
        check(solver)
        return RaceRun(toTarget: toTarget, toOptimalPolicy: toPolicy, toShortestPath: toPath, toSharp: toSharp,
                       finalRMS: truth.map { model.rmsError(of: solver, against: $0) }, total: solver.counters)
    }

    /// The greedy policy's action is optimal within `tolerance` in every occupiable cell.
    static func isOptimal(_ solver: any Solver, qStar: [Double], model: Model, tolerance: Double) -> Bool {
        let policy = Runner.greedyPolicy(of: solver, in: model)
        let A = model.actionCount
        for s in 0..<model.stateCount where model.isOccupiable[s] {
            var best = qStar[s * A]
            for a in 0..<model.actionCount(of: s) { best = max(best, qStar[s * A + a]) }
            if qStar[s * A + policy[s]] < best - tolerance { return false }
        }
        return true
    }
}
