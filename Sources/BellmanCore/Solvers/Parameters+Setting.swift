extension Parameters {
    /// The parameters with `name` set to `value` (for `method`, where its range is its own),
    /// checked by the one rule every caller uses.
    public func setting(_ name: ParameterName, _ value: Double, for method: MethodInfo? = nil) throws -> Parameters {
        try ParameterRules.check(name, value, for: method)
        var p = self
        switch name {
        case .alpha: p.alpha = value
        case .epsilon: p.epsilon = value
        case .gamma: p.gamma = value
        case .lambda: p.lambda = value
        case .n: p.n = Int(value)
        case .planningSteps: p.planningSteps = Int(value)
        case .kappa: p.kappa = value
        case .priorityThreshold: p.priorityThreshold = value
        case .initialValue: p.initialValue = value
        case .theta: p.theta = value
        case .c: p.c = value
        case .alphaW: p.alphaW = value
        case .group: p.group = Int(value)
        case .prior: p.prior = value
        case .priorNoise: p.priorNoise = value
        case .seed, .ties, .everyVisit, .replacingTraces, .batch, .synchronous, .sampling, .noBaseline, .noStd:
            throw SolverError("--\(name.rawValue) is not a number to vary; vary \(ParameterSweep.variable.map(\.rawValue).joined(separator: ", "))")
        }
        return p
    }
}
