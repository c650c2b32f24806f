/// What changes under policy iteration while it runs: the discount, the physics and, in build
/// mode, the map. Each change keeps the policy and its values as the starting point, and
/// evaluates the policy again (`evaluateAgain`).
extension PolicyIteration {
    /// The parameters it runs with (see `Solver.parameters`); another gamma evaluates again.
    public var parameters: Parameters {
        get { dp.parameters }
        set {
            let gammaChanged = newValue.gamma != dp.parameters.gamma
            dp.parameters = newValue
            if gammaChanged { evaluateAgain() }
        }
    }

    /// Live physics (see `Solver.replaceModel`).
    public mutating func replaceModel(_ model: Model) {
        dp.replaceModel(model)
        evaluateAgain()
    }

    /// Build mode: the policy carried where its states are (a new state's is still the
    /// initial random one), then evaluated again in the edited world.
    public mutating func edit(_ map: StateMap) {
        dp.edit(map)
        policy = map.table(policy, width: 1, fill: -1, terminal: -1)
        evaluateAgain()
    }
}
