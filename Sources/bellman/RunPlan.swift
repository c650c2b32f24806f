import ArgumentParser
import BellmanCore

/// One method on one level for one budget, every option checked before any work starts:
/// what `run` runs headless and `export` runs as the playground would.
struct RunPlan {
    let level: Level
    let model: Model
    let method: MethodInfo
    /// The method's defaults on the level with the options given, the target policy among them.
    let parameters: Parameters
    let budget: Budget

    /// The plan for `method` on `level`: each parameter given checked against what the method
    /// uses and against its range, and the target policy against the method.
    init(level: Level, method: MethodInfo, parameters given: MethodParameterOptions, policy: PolicyOption, budget: Budget) throws {
        var parameters = try given.resolve(for: method, level: level)
        // On the testbed, the seed's task: the truth and the report are of the task run.
        let model = Model(level).task(seed: parameters.seed)
        parameters.policy = try policy.target(policy.load(for: model, methods: [method]), for: method, model: model)
        parameters.expert = try policy.expert(for: model, methods: [method])
        self.level = level
        self.model = model
        self.method = method
        self.parameters = parameters
        self.budget = budget
    }

    /// Runs the plan headless for its budget, with the RMS error against the truth (with
    /// `keepsCurve` the curve's points are kept and each carries it, else the end only). Throws
    /// the method's refusal of the budget (DP counts sweeps, the others episodes or steps) or
    /// of the level.
    func runHeadless(keepsCurve: Bool = true) throws -> (solver: any Solver, result: RunResult) {
        try Runner.check(budget, for: method)
        let truth = TruthCache.shared.truth(for: model, gamma: parameters.gamma, kind: Truth.kind(for: method, policy: parameters.policy))
        var limited = parameters
        if case .sweeps(let n) = budget { limited.maxSweeps = n }
        var solver = try method.make(model, limited)
        let result = Runner.run(&solver, model: model, budget: budget, truth: truth, keepsCurve: keepsCurve)
        return (solver, result)
    }
}
