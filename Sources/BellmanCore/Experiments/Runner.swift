/// How long a headless run goes (DESIGN §4).
public enum Budget: Sendable, Equatable {
    /// Sample-based methods: this many episodes.
    case episodes(Int)
    /// Sample-based methods: this many environment steps.
    case steps(Int)
    /// DP: this many sweeps at most (stopping earlier at theta).
    case sweeps(Int)
    /// DP until a sweep changes less than theta; sample-based methods 500 episodes.
    case standard

    /// Episodes run by sample-based methods when no budget is given.
    public static let standardEpisodes = 500
}

/// One point of a learning curve: per episode for sample-based methods, per sweep for DP.
public struct CurvePoint: Sendable, Equatable {
    /// The episode or sweep number, from 1.
    public var index: Int
    /// Steps of the episode (sample-based).
    public var steps: Int
    public var samples: Int
    public var backups: Int
    public var modelReads: Int
    /// The episode's discounted return (sample-based).
    public var return_: Double
    /// The episode hit the step cap.
    public var cut: Bool
    /// The sweep's largest change (DP).
    public var delta: Double
    /// RMS error against the DP truth after this point; `nil` without a truth.
    public var rms: Double?
}

/// Everything a headless run produced.
public struct RunResult: Sendable {
    public var model: Model
    public var method: MethodInfo
    public var parameters: Parameters
    public var counters: Counters
    public var stateValues: [Double]
    public var actionValues: [Double]?
    /// The action per state the reports show (`-1` for terminals): policy iteration's own,
    /// else the first of `greedy`.
    public var policy: [Int]
    /// Every greedy action per state (the ties; `Runner.greedyTies`).
    public var greedy: [[Int]]
    /// Policy iteration's pi_0, pi_1, ... with the sweeps done before each (-1: random).
    public var iterations: [(policy: [Int], sweeps: Int)] = []
    /// pi(a|s) per (state, action) of a method that learns a stochastic policy (the gradient
    /// bandit); `nil` for the others.
    public var probabilities: [Double]? = nil
    /// The curve: every point, or past `CurveRecorder.maxPoints` an even thinning of them
    /// (a note says so).
    public var curve: [CurvePoint]
    /// The latest 100 points, never thinned.
    public var latest: [CurvePoint]
    /// Why DP stopped early, or notes on the truth.
    public var notes: [String]
    /// RMS error at the end, if a truth exists.
    public var rms: Double?
}

/// Runs solvers headless for a budget, recording the curve.
public enum Runner {
    /// The largest budget accepted for episodes or steps.
    public static let maxBudget = 1_000_000_000

    /// Builds the method's solver and runs it for `budget`.
    public static func run(model: Model, method: MethodInfo, parameters: Parameters, budget: Budget,
                           truth: Truth?) throws -> RunResult {
        try check(budget, for: method)
        var p = parameters
        if case .sweeps(let n) = budget { p.maxSweeps = n }
        var solver = try method.make(model, p)
        return run(&solver, model: model, budget: budget, truth: truth)
    }

    /// Refuses a budget the method cannot spend: episodes or steps for DP, sweeps for MC and TD.
    public static func check(_ budget: Budget, for method: MethodInfo) throws {
        let isDP = method.family == .dp
        switch (budget, isDP) {
        case (.episodes, true), (.steps, true):
            throw SolverError("\(method.id) is dynamic programming: it works in sweeps over the model, not in episodes or steps; use --sweeps N or no budget (until theta)")
        case (.sweeps, false):
            throw SolverError("\(method.id) learns from episodes, not sweeps; use --episodes N or --steps N")
        default: break
        }
    }

    /// Runs `solver` on for `budget` more (episodes, steps or sweeps counted from where it is):
    /// how a saved session continues (`bellman run --load`). `keepsCurve`: the curve's points
    /// are kept, each carrying the RMS error (a pass over the states after every episode); a
    /// report that shows no curve asks for the latest points and the end's error only. Past
    /// `CurveRecorder.maxPoints` only the points the curve holds are measured.
    public static func run(_ solver: inout any Solver, model: Model, budget: Budget, truth: Truth?,
                           keepsCurve: Bool = true) -> RunResult {
        let method = solver.method, parameters = solver.parameters
        let isDP = method.family == .dp
        let start = solver.counters
        if isDP, case .sweeps(let n) = budget {
            var p = solver.parameters
            p.maxSweeps = start.sweeps + n
            solver.parameters = p
        }
        // A map that changes on schedule: the error is measured against the truth of the map
        // in force, which switches with it.
        var model = model
        let scheduled = !isDP && model.level.schedule.count > 1
        var reference = truth?.values
        func follow() {
            guard let world = solver.world, world !== model else { return }
            model = world
            if truth != nil {
                reference = TruthCache.shared.truth(for: world, gamma: solver.parameters.gamma,
                                                    kind: Truth.kind(for: method, policy: solver.parameters.policy)).values
            }
        }
        // A continued session may stand in a later map already.
        if scheduled { follow() }
        func rms() -> Double? { reference.map { model.rmsError(of: solver, against: $0) } }
        var curve = CurveRecorder(keepsPoints: keepsCurve)
        func pointError() -> Double? { curve.holdsNext ? rms() : nil }
        let episodes: Int
        switch budget {
        case .episodes(let n): episodes = start.episodes + n
        case .standard where !isDP: episodes = start.episodes + Budget.standardEpisodes
        default: episodes = .max
        }
        let steps: Int
        if case .steps(let n) = budget { steps = start.samples + n } else { steps = .max }

        if isDP {
            // A sweep's worth of backups at a time through the solver's batch path; policy
            // iteration's improvement passes are the same length, so chunks stay aligned.
            let perSweep = max(1, model.isTerminal.lazy.filter { !$0 }.count)
            while !solver.isFinished {
                let before = solver.counters.sweeps
                solver.run(ticks: perSweep)
                if solver.counters.sweeps > before, let end = solver.lastSweep {
                    let c = solver.counters
                    curve.append(CurvePoint(index: end.sweep, steps: 0, samples: 0, backups: c.backups,
                                            modelReads: c.modelReads, return_: 0, cut: false, delta: end.maxDelta, rms: pointError()))
                }
            }
        }
        // Through the method's kernel where it has one: the curve's points are the episodes'
        // ends. Where a point needs the values as they were at its episode's end (its error,
        // or the map in force to follow), an episode at a time; else a run of episodes per
        // call, the kernel entered once for them.
        let eachEpisode = scheduled || (reference != nil && curve.keepsPoints)
        while !isDP && !solver.isFinished && solver.counters.episodes < episodes && solver.counters.samples < steps {
            var ends = EpisodeEnds(wanted: eachEpisode ? 1 : min(episodes - solver.counters.episodes, 4_096))
            solver.runEpisodes(into: &ends, maxSamples: steps)
            if scheduled { follow() }
            for (end, c) in zip(ends.ends, ends.counters) {
                curve.append(CurvePoint(index: c.episodes, steps: end.steps, samples: c.samples, backups: c.backups,
                                        modelReads: c.modelReads, return_: end.return_, cut: end.cut, delta: 0, rms: pointError()))
            }
            if !ends.isSatisfied { break }
        }
        // The budget may have cut an episode after the map changed.
        if scheduled { follow() }
        var notes = truth?.note.map { [$0] } ?? []
        if isDP && model.level.schedule.count > 1 {
            notes.append("the map changes after \(model.level.schedule.dropFirst().map { String($0.at) }.joined(separator: ", ")) samples; DP takes no samples and solves the first map")
        }
        if let reason = solver.stopReason { notes.insert(reason, at: 0) }
        if let thinned = curve.note { notes.append(thinned) }
        // The policy every report shows (DESIGN §8): policy iteration's own, else the first of
        // the tied greedy actions, so that text, the JSON grid and `states[].policy` agree.
        // A learned policy's V^pi is an exact evaluation: made once for all that uses it.
        let (shown, measured) = solver.shownAndErrorValues
        let unbounded = (0..<model.stateCount).filter { model.isOccupiable[$0] && shown[$0].isNaN }.count
        if unbounded > 0 {
            let of = model.isOccupiable.filter { $0 }.count
            notes.append("V is unbounded at \(unbounded) of \(of) states (printed nan, null in the JSON): with gamma = 1 the learned policy can go on for ever from them with rewards other than 0; no RMS error is given")
        }
        let greedy = greedyTies(q: solver.actionValues, values: shown, gamma: solver.parameters.gamma,
                                in: model, policyTable: solver.policyTable)
        return RunResult(model: model, method: method, parameters: parameters, counters: solver.counters,
                         stateValues: shown, actionValues: solver.actionValues,
                         policy: greedy.map { $0.first ?? -1 }, greedy: greedy,
                         iterations: (solver as? PolicyIteration)?.iterations.map { ($0.policy.map(Int.init), $0.sweeps) } ?? [],
                         probabilities: solver.actionProbabilities,
                         curve: curve.points, latest: curve.latest, notes: notes,
                         rms: unbounded > 0 ? nil : reference.map { model.rmsError(measured, against: $0) })
    }

    /// The greedy action per state: the method's own policy, argmax Q, or a one-step lookahead
    /// on V through the model; -1 on terminal states.
    public static func greedyPolicy(of solver: any Solver, in model: Model) -> [Int] {
        let gamma = solver.parameters.gamma
        // V is asked for only where it is used: a learned policy's is an exact evaluation
        // (V^pi), too dear to compute at every check of a race.
        if let table = solver.policyTable, table.count == model.stateCount {
            return greedyPolicy(policyTable: table, q: nil, values: [], gamma: gamma, in: model)
        }
        if let q = solver.actionValues, q.count == model.stateCount * model.actionCount {
            return greedyPolicy(policyTable: nil, q: q, values: [], gamma: gamma, in: model)
        }
        return greedyPolicy(policyTable: nil, q: nil, values: solver.stateValues, gamma: gamma, in: model)
    }

    /// Every greedy action per state: those within 1e-9 x max(1, |best|) of the best action
    /// value (the ties the book's figures draw as several arrows), from Q or from a one-step
    /// lookahead on V through the model (DESIGN §8); empty on terminal states.
    public static func greedyTies(q: [Double]?, values: [Double], gamma: Double, in model: Model,
                                  policyTable: [Int32]? = nil) -> [[Int]] {
        // A method that keeps its own policy (policy iteration) has one action per state.
        if let table = policyTable, table.count == model.stateCount {
            return table.indices.map { model.isTerminal[$0] || table[$0] < 0 ? [] : [Int(table[$0])] }
        }
        let A = model.actionCount
        let q = q.flatMap { $0.count == model.stateCount * A ? $0 : nil } ?? model.actionValues(from: values, gamma: gamma)
        return (0..<model.stateCount).map { s in
            guard !model.isTerminal[s] else { return [] }
            let actions = 0..<model.actionCount(of: s)
            let best = actions.map { q[s * A + $0] }.max() ?? 0
            return actions.filter { q[s * A + $0] >= best - 1e-9 * max(1, abs(best)) }
        }
    }

    /// The same from the tables alone (a snapshot's, an export's).
    public static func greedyPolicy(policyTable: [Int32]?, q: [Double]?, values: [Double], gamma: Double, in model: Model) -> [Int] {
        if let table = policyTable, table.count == model.stateCount {
            return table.indices.map { model.isTerminal[$0] ? -1 : Int(table[$0]) }
        }
        let A = model.actionCount
        if let q, q.count == model.stateCount * A {
            return (0..<model.stateCount).map { s in
                guard !model.isTerminal[s] else { return -1 }
                var best = 0
                for a in 0..<model.actionCount(of: s) where q[s * A + a] > q[s * A + best] { best = a }
                return best
            }
        }
        return model.greedyActions(values: values, gamma: gamma)
    }
}
