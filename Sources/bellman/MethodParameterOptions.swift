import ArgumentParser
import BellmanCore

/// The method parameters of DESIGN section 4, the same on every command that runs a method
/// (`run`, `export`, `play` and the studies): each checked against the method (a parameter it
/// does not use is refused) and its range (`ParameterRules`).
struct MethodParameterOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.gamma)) (default: the level's).")
    var gamma: Double?

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.alpha)) (default: \(Self.alphaDefaults); Monte Carlo: sample averages 1/N).")
    var alpha: Double?

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.epsilon)) (default 0.1).")
    var epsilon: Double?

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.lambda)) (td-lambda, sarsa-lambda; default 0.9).")
    var lambda: Double?

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.n)) (default 4).")
    var n: Int?

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.planningSteps)) (default 5).")
    var planningSteps: Int?

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.kappa)) (dyna-q-plus; default 0.001).")
    var kappa: Double?

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.priorityThreshold)) (prioritized-sweeping; default 0.0001).")
    var priorityThreshold: Double?

    @Flag(help: "Replacing eligibility traces instead of accumulating ones (td-lambda, sarsa-lambda).")
    var replacingTraces = false

    @Flag(help: "Batch updating (td0, mc-prediction with --alpha; S&B §6.3): after each episode, all episodes so far are presented again until no value changes by more than 1e-4.")
    var batch = false

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.theta)) (default 1e-10).")
    var theta: Double?

    @Option(name: .customLong("init"), parsing: .unconditional, help: "\(ParameterRules.help(.initialValue)) (default 0).")
    var initialValue: Double?

    @Option(parsing: .unconditional, help: "Seed of the random number generator (default 1).")
    var seed: UInt64?

    @Option(help: "\(ParameterRules.help(.ties)) (default random).")
    var ties: String?

    @Option(help: "\(ParameterRules.help(.sampling)) (mc-off-policy-prediction; default weighted).")
    var sampling: String?

    @Flag(help: "Monte Carlo: average every visit, not only the first (default: first-visit).")
    var everyVisit = false

    @Flag(help: "DP: synchronous two-array sweeps instead of in-place ones (default: in place).")
    var synchronous = false

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.c)) (ucb; default 2).")
    var c: Double?

    @Flag(help: "\(ParameterRules.meaning(.noBaseline)) (gradient-bandit; default: the average reward is the baseline).")
    var noBaseline = false

    @Option(name: .customLong("alpha-w"), parsing: .unconditional, help: "\(ParameterRules.help(.alphaW)) (reinforce-baseline, actor-critic; default 0.1).")
    var alphaW: Double?

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.group)) (grpo, rloo; default 8).")
    var group: Int?

    @Flag(help: "\(ParameterRules.meaning(.noStd)) (grpo; default: divided).")
    var noStd = false

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.prior)) (policy-gradient methods and imitation; default: the uniform policy).")
    var prior: Double?

    @Option(parsing: .unconditional, help: "\(ParameterRules.help(.priorNoise)) (default 0).")
    var priorNoise: Double?

    @Option(help: "MC and TD: every episode starts in this state (a state id; grids r3c0; blackjack 13,2,usable), not on the level's starts.")
    var start: String?

    static var alphaDefaults: String {
        Methods.all.compactMap { m in m.defaultAlpha.map { "\(m.id) \(NumberText.plain($0))" } }.joined(separator: ", ")
    }

    /// The parameters given, on `info`'s defaults for the level. `lenient` (compare mode) lets
    /// a method skip what it does not use; the caller checks that some method uses each.
    func resolve(for info: MethodInfo, level: Level, lenient: Bool = false) throws -> Parameters {
        var p = info.defaults(for: level)
        // On the testbed a seed also names the task (DESIGN §12), for DP as for the rest.
        let seedNamesTask = level.mdp?.testbed != nil
        for name in given where !lenient && !info.parameters.contains(name) && !(name == .seed && seedNamesTask) {
            throw ValidationError("\(info.id) does not use --\(name.rawValue); it uses: \(info.parameters.map { "--" + $0.rawValue }.joined(separator: ", "))")
        }
        if let sampling {
            guard sampling == "ordinary" || sampling == "weighted" else {
                throw ValidationError("--sampling \(sampling) is not valid; valid: \(ParameterRules.valid(.sampling))")
            }
            p.weightedSampling = sampling == "weighted"
        }
        func checked(_ name: ParameterName, _ value: Double) throws -> Double {
            do { try ParameterRules.check(name, value, for: info) } catch { throw ValidationError("\(error)") }
            return value
        }
        func checked(_ name: ParameterName, _ value: Int) throws {
            do { try ParameterRules.check(name, value) } catch { throw ValidationError("\(error)") }
        }
        func uses(_ name: ParameterName) -> Bool { info.parameters.contains(name) }
        if let gamma { p.gamma = try checked(.gamma, gamma) }
        if let alpha, uses(.alpha) { p.alpha = try checked(.alpha, alpha) }
        if let epsilon { p.epsilon = try checked(.epsilon, epsilon) }
        if let theta { p.theta = try checked(.theta, theta) }
        if let initialValue { p.initialValue = try checked(.initialValue, initialValue) }
        if let seed { p.seed = seed }
        if let lambda { p.lambda = try checked(.lambda, lambda) }
        if let n { p.n = n; try checked(.n, n) }
        if let planningSteps { p.planningSteps = planningSteps; try checked(.planningSteps, planningSteps) }
        if let kappa { p.kappa = try checked(.kappa, kappa) }
        if let priorityThreshold { p.priorityThreshold = try checked(.priorityThreshold, priorityThreshold) }
        if let c { p.c = try checked(.c, c) }
        if noBaseline { p.baseline = false }
        if let alphaW { p.alphaW = try checked(.alphaW, alphaW) }
        if let group { p.group = group; try checked(.group, group) }
        if noStd { p.standardize = false }
        if let prior { p.prior = try checked(.prior, prior) }
        if let priorNoise { p.priorNoise = try checked(.priorNoise, priorNoise) }
        // A flag turns on what the level may have on already; it never turns it off.
        if replacingTraces { p.replacingTraces = true }
        if batch { p.batch = true }
        if let ties {
            do { p.ties = try ParameterRules.tieBreak(ties) } catch { throw ValidationError("\(error)") }
        }
        if everyVisit { p.everyVisit = true }
        if synchronous { p.synchronous = true }
        if let start {
            // DP has no episodes to start; among several methods it simply has none.
            guard info.family != .dp else {
                if lenient { return p }
                throw ValidationError("\(info.id) has no episodes to start (--start is for MC and TD methods)")
            }
            do { p.start = try StartState(named: start, in: Model(level)) } catch { throw ValidationError("\(error)") }
        }
        return p
    }

    /// The parameters given on the command line, by name, in the order their checks report.
    var given: [ParameterName] {
        [(ParameterName.gamma, gamma != nil), (.alpha, alpha != nil), (.epsilon, epsilon != nil), (.theta, theta != nil),
         (.initialValue, initialValue != nil), (.seed, seed != nil), (.ties, ties != nil), (.everyVisit, everyVisit),
         (.lambda, lambda != nil), (.n, n != nil), (.planningSteps, planningSteps != nil),
         (.kappa, kappa != nil), (.priorityThreshold, priorityThreshold != nil),
         (.replacingTraces, replacingTraces), (.batch, batch), (.synchronous, synchronous), (.sampling, sampling != nil),
         (.c, c != nil), (.noBaseline, noBaseline), (.alphaW, alphaW != nil), (.group, group != nil), (.noStd, noStd),
         (.prior, prior != nil), (.priorNoise, priorNoise != nil)]
            .filter(\.1).map(\.0)
    }
}
