import Foundation

/// A parameter change made while learning, and the tick it took effect at.
public struct ParameterChange: Sendable, Equatable {
    public var tick: Int
    public var parameters: Parameters
    public init(tick: Int, parameters: Parameters) {
        self.tick = tick
        self.parameters = parameters
    }
}

/// A step the user drove (DESIGN §9, you drive): at `tick` (the solver had taken this many
/// ticks), the action taken in place of the method's own choice.
public struct DrivenStep: Sendable, Equatable, Codable {
    public var tick: Int
    public var action: Int
    public init(tick: Int, action: Int) {
        self.tick = tick
        self.action = action
    }
}

/// A saved learning session (`bellman play --save`, `bellman run --save`): the level's text,
/// the method, its parameters and every change made to them with its tick, the number of
/// ticks taken, and the learned tables.
///
/// Solvers are deterministic given their seed, so loading *replays* the ticks (applying each
/// change at its tick) rather than deserialising every solver's internals (random generator,
/// traces, episode memory, Dyna's model): the state reproduced is exact, and the stored tables
/// check it. Replaying runs at the solvers' full speed (tens of millions of ticks a second).
public struct Session: Codable, Sendable, Equatable {
    /// The format's version; a reader refuses versions it does not know.
    public var bellmanSession = 1
    public var level: LevelText
    public var method: String
    public var parameters: StoredParameters
    public var changes: [StoredChange]
    /// Live physics changes of a grid level, in order; absent when there were none.
    public var physics: [WorldChange]?
    /// The steps the user drove, in order; absent when there were none.
    public var drives: [DrivenStep]?
    public var ticks: Int
    public var samples: Int
    public var episodes: Int
    public var sweeps: Int
    public var values: [Double]
    public var q: [Double]?

    public struct LevelText: Codable, Sendable, Equatable {
        public var id: String
        public var file: String
        public var source: String
        /// `--scale`: each cell of the text's map a block of this side; absent for 1.
        public var scale: Int?
    }

    public struct StoredChange: Codable, Sendable, Equatable {
        public var tick: Int
        public var parameters: StoredParameters
    }

    /// Every parameter, by the names the command line uses.
    public struct StoredParameters: Codable, Sendable, Equatable {
        var gamma: Double
        var alpha: Double?
        var epsilon: Double
        var lambda: Double
        var n: Int
        var planningSteps: Int
        /// Dyna-Q+ and prioritized sweeping; absent (the defaults) in older files.
        var kappa: Double?
        var priorityThreshold: Double?
        var theta: Double
        var initialValue: Double
        var seed: UInt64
        var everyVisit: Bool
        var replacingTraces: Bool
        /// Batch updating; absent (off) in older files.
        var batch: Bool?
        var synchronous: Bool
        var maxSweeps: Int?
        var ties: String
        /// Off-policy MC prediction's importance sampling; absent (weighted) in older files.
        var sampling: String?
        /// `--start`: the state every episode starts in, and its name; absent: the level's starts.
        var startState: Int?
        var startName: String?
        /// UCB's c and the gradient bandit's baseline; absent (the defaults) in older files.
        var c: Double?
        var noBaseline: Bool?
        /// Policy gradient's parameters; absent (the defaults) in older files.
        var alphaW: Double?
        var group: Int?
        var noStd: Bool?
        var prior: Double?
        var priorNoise: Double?

        init(_ p: Parameters) {
            gamma = p.gamma; alpha = p.alpha; epsilon = p.epsilon; lambda = p.lambda; n = p.n
            planningSteps = p.planningSteps; kappa = p.kappa; priorityThreshold = p.priorityThreshold; theta = p.theta; initialValue = p.initialValue; seed = p.seed
            everyVisit = p.everyVisit; replacingTraces = p.replacingTraces; synchronous = p.synchronous
            batch = p.batch ? true : nil
            maxSweeps = p.maxSweeps; ties = p.ties.rawValue
            sampling = p.weightedSampling ? nil : "ordinary"
            startState = p.start?.state
            startName = p.start?.name
            c = p.c == Parameters(gamma: 1).c ? nil : p.c
            noBaseline = p.baseline ? nil : true
            let standard = Parameters(gamma: 1)
            alphaW = p.alphaW == standard.alphaW ? nil : p.alphaW
            group = p.group == standard.group ? nil : p.group
            noStd = p.standardize ? nil : true
            prior = p.prior
            priorNoise = p.priorNoise == standard.priorNoise ? nil : p.priorNoise
        }

        var parameters: Parameters {
            var p = Parameters(gamma: gamma)
            p.alpha = alpha; p.epsilon = epsilon; p.lambda = lambda; p.n = n; p.planningSteps = planningSteps
            if let kappa { p.kappa = kappa }
            if let priorityThreshold { p.priorityThreshold = priorityThreshold }
            p.theta = theta; p.initialValue = initialValue; p.seed = seed; p.everyVisit = everyVisit
            p.replacingTraces = replacingTraces; p.synchronous = synchronous; p.maxSweeps = maxSweeps
            p.batch = batch ?? false
            p.ties = TieBreak(rawValue: ties) ?? .random
            p.weightedSampling = sampling != "ordinary"
            if let startState { p.start = StartState(state: startState, name: startName ?? "state \(startState)") }
            if let c { p.c = c }
            p.baseline = noBaseline != true
            if let alphaW { p.alphaW = alphaW }
            if let group { p.group = group }
            p.standardize = noStd != true
            p.prior = prior
            if let priorNoise { p.priorNoise = priorNoise }
            return p
        }

        enum CodingKeys: String, CodingKey {
            case gamma, alpha, epsilon, lambda, n, theta, seed, ties, sampling
            case planningSteps = "planning_steps", initialValue = "init", everyVisit = "every_visit"
            case kappa, priorityThreshold = "priority_threshold"
            case replacingTraces = "replacing_traces", batch, synchronous, maxSweeps = "max_sweeps"
            case startState = "start_state", startName = "start"
            case c, noBaseline = "no_baseline"
            case alphaW = "alpha_w", group, noStd = "no_std", prior, priorNoise = "prior_noise"
        }
    }

    enum CodingKeys: String, CodingKey {
        case bellmanSession = "bellman_session"
        case level, method, parameters, changes, physics, drives, ticks, samples, episodes, sweeps, values, q
    }

    /// The session of `solver`, which ran `method` on the level whose text is `source` with
    /// `initial` parameters and the given changes.
    public init(levelID: String, file: String, source: String, scale: Int = 1, method: MethodInfo, initial: Parameters,
                changes: [ParameterChange], physics: [WorldChange] = [], drives: [DrivenStep] = [], solver: any Solver) {
        level = LevelText(id: levelID, file: file, source: source, scale: scale == 1 ? nil : scale)
        self.method = method.id
        parameters = StoredParameters(initial)
        self.changes = changes.map { StoredChange(tick: $0.tick, parameters: StoredParameters($0.parameters)) }
        self.physics = physics.isEmpty ? nil : physics
        self.drives = drives.isEmpty ? nil : drives
        let c = solver.counters
        ticks = c.ticks; samples = c.samples; episodes = c.episodes; sweeps = c.sweeps
        values = solver.stateValues
        q = solver.actionValues
    }

    /// The session as the playground shows it: counters and tables from its snapshot.
    public init(levelID: String, file: String, source: String, scale: Int = 1, method: String, initial: Parameters,
                changes: [ParameterChange], physics: [WorldChange] = [], drives: [DrivenStep] = [], counters: Counters, values: [Double], q: [Double]?) {
        level = LevelText(id: levelID, file: file, source: source, scale: scale == 1 ? nil : scale)
        self.method = method
        parameters = StoredParameters(initial)
        self.changes = changes.map { StoredChange(tick: $0.tick, parameters: StoredParameters($0.parameters)) }
        self.physics = physics.isEmpty ? nil : physics
        self.drives = drives.isEmpty ? nil : drives
        ticks = counters.ticks; samples = counters.samples; episodes = counters.episodes; sweeps = counters.sweeps
        self.values = values
        self.q = q
    }

    public var initialParameters: Parameters { parameters.parameters }
    /// The parameters in force at the end: the last change's, or the initial ones.
    public var currentParameters: Parameters { changes.last?.parameters.parameters ?? initialParameters }
    public var parameterChanges: [ParameterChange] { changes.map { ParameterChange(tick: $0.tick, parameters: $0.parameters.parameters) } }

    /// A change of a session, of either kind.
    public enum Change: Sendable, Equatable {
        case parameters(ParameterChange)
        case world(WorldChange)
        /// A step the user drove: not a change of the solver but a tick of its own.
        case drive(DrivenStep)

        public var tick: Int {
            switch self {
            case .parameters(let p): p.tick
            case .world(let w): w.tick
            case .drive(let d): d.tick
            }
        }
    }

    /// Every change in the order it was made: by tick, and at one tick the world's before the
    /// parameters' (the playground cannot tell them apart; this is the order replay uses),
    /// and a driven step last (it takes the tick).
    public var replayOrder: [Change] {
        let all = (physics ?? []).map(Change.world) + parameterChanges.map(Change.parameters) + (drives ?? []).map(Change.drive)
        return all.enumerated().sorted { a, b in
            a.element.tick != b.element.tick ? a.element.tick < b.element.tick : a.offset < b.offset
        }.map(\.element)
    }

    /// The file's text: JSON with sorted keys, one session per file. Refuses a session that
    /// could not be loaded again (over the limits), so nothing is saved that `--load` refuses.
    public func json() throws -> Data {
        let problems = problems(file: "the session", locator: nil)
        if let first = problems.first { throw OutputError("cannot save \(first.file): \(first.message)") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        guard data.count <= Limits.maxFileBytes else {
            throw OutputError("cannot save the session: it would be \(InputFile.megabytes(data.count)), more than a session file may be (\(InputFile.megabytes(Limits.maxFileBytes)))")
        }
        return data
    }

    /// Reads and checks a session file: a regular file of at most `Limits.maxFileBytes`, JSON
    /// of this format, every value within its range and every claim within the limits (see
    /// `problems(file:locator:)`). All the problems of a file are reported at once, each as
    /// `FILE:LINE:COL: what; what is valid`.
    public static func read(_ path: String) throws -> Session {
        let data = try InputFile.read(path, kind: "session file", limit: Limits.maxFileBytes)
        let locator = JSONLocator(data)
        if let (at, message) = locator.syntaxError {
            throw FileProblems([FileProblem(file: path, line: at.line, column: at.column,
                                            message: "not a Bellman session file: JSON syntax: \(message); sessions are written by --save")])
        }
        let session: Session
        do {
            session = try JSONDecoder().decode(Session.self, from: data)
        } catch let error as DecodingError {
            throw FileProblems([decodingProblem(error, file: path, locator: locator)])
        }
        let problems = session.problems(file: path, locator: locator)
        guard problems.isEmpty else { throw FileProblems(problems) }
        return session
    }

    /// The level, the method and the solver in exactly the state saved: the ticks replayed
    /// with each change at its tick. Throws if the tables do not match the saved ones.
    public func restore(file: String) throws -> (model: Model, method: MethodInfo, solver: any Solver) {
        let problems = problems(file: file, locator: nil)
        guard problems.isEmpty else { throw FileProblems(problems) }
        let level = try parsedLevel(file: file)
        guard let info = Methods.named(method) else { throw SolverError("\(file): unknown method `\(method)`") }
        var model = Model(level)
        var solver = try info.make(model, initialParameters)
        for change in replayOrder {
            if change.tick > solver.counters.ticks { solver.run(ticks: change.tick - solver.counters.ticks) }
            switch change {
            case .parameters(let p): solver.parameters = p.parameters
            case .world(let w):
                let old = model
                model = Model(w.applied(to: model.level))
                if w.cell != nil { solver.edit(StateMap(from: old, to: model)) } else { solver.replaceModel(model) }
            case .drive(let d):
                // A file's action index is checked against the actions of the state it is taken in.
                let available = solver.agentState.map(model.actionCount(of:)) ?? 0
                guard d.action < available, solver.drive(d.action) != nil else {
                    throw SolverError("\(file): drives: the step driven at tick \(d.tick) takes action \(d.action), and \(solver.agentState.map(model.name(of:)) ?? "this method") has \(available) actions (0 to \(available - 1)); sessions are written by --save")
                }
            }
        }
        if ticks > solver.counters.ticks { solver.run(ticks: ticks - solver.counters.ticks) }
        guard solver.counters.ticks == ticks, solver.stateValues == values, solver.actionValues == q else {
            throw SolverError("\(file): replaying the session does not give the saved tables (saved by a different version of Bellman?)")
        }
        return (model, info, solver)
    }
}
