/// Build mode (DESIGN §9) for the Monte Carlo methods: each method's tables carried to the
/// edited map (see `StateMap`). The learner is already in the new world and its episode has
/// started again (`SampleBasedSolver.edit`), so the episode remembered so far is dropped.

extension MCPrediction {
    mutating func remap(_ map: StateMap) {
        V = map.values(V, initial: learner.parameters.initialValue)
        N = map.table(N, width: 1, fill: 0, terminal: 0)
        episode = EpisodeMemory(keys: map.new.stateCount)
    }
}

extension MCControl {
    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
        averages = averages.remapped(map)
        episode = EpisodeMemory(keys: map.new.stateCount * map.new.actionCount)
    }
}

extension MCExploringStarts {
    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
        averages = averages.remapped(map)
        episode = EpisodeMemory(keys: map.new.stateCount * map.new.actionCount)
        starts = (0..<map.new.stateCount).filter { map.new.isOccupiable[$0] }.map { Int32($0) }
        exploringStart()
    }
}

extension MCOffPolicy {
    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
        C = map.table(C, width: map.new.actionCount, fill: 0, terminal: 0)
        episode = EpisodeMemory(keys: map.new.stateCount * map.new.actionCount)
        behaviourProbability.removeAll(keepingCapacity: true)
    }
}

extension MCOffPolicyPrediction {
    mutating func remap(_ map: StateMap) {
        model = map.new
        V = map.values(V, initial: learner.parameters.initialValue)
        C = map.table(C, width: 1, fill: 0, terminal: 0)
        episode = EpisodeMemory(keys: map.new.stateCount)
    }
}
