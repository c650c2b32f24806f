/// Build mode (DESIGN §9) for the TD methods: each method's tables carried to the edited map
/// (see `StateMap`), and what only made sense in the old map dropped. The learner is already
/// in the new world and its episode has started again (`SampleBasedSolver.edit`).

extension TD0 {
    mutating func remap(_ map: StateMap) {
        V = map.values(V, initial: learner.parameters.initialValue)
    }
}

extension TDLambda {
    mutating func remap(_ map: StateMap) {
        V = map.values(V, initial: learner.parameters.initialValue)
        e = EligibilityTraces(count: map.new.stateCount)
    }
}

extension NStepTD {
    mutating func remap(_ map: StateMap) {
        V = map.values(V, initial: learner.parameters.initialValue)
        startEpisode()
    }
}

extension Sarsa {
    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
        // A step you drove in the old map no longer has an update to make.
        waiting = nil
        startEpisode()
    }
}

extension SarsaLambda {
    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
        e = EligibilityTraces(count: map.new.stateCount * map.new.actionCount)
        // A step you drove in the old map no longer has an update to make.
        waiting = nil
        startEpisode()
    }
}

extension NStepSarsa {
    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
        // A step you drove in the old map no longer has an update to make.
        updateWaits = false
        startEpisode()
    }
}

extension ExpectedSarsa {
    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
    }
}

extension QLearning {
    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
    }
}

extension DoubleQLearning {
    mutating func remap(_ map: StateMap) {
        Q1 = map.actionValues(Q1, initial: learner.parameters.initialValue)
        Q2 = map.actionValues(Q2, initial: learner.parameters.initialValue)
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
    }
}

extension DynaQ {
    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
        model = model.remapped(map)
    }
}

extension DynaQPlus {
    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
        model = model.remapped(map)
    }
}

extension PrioritizedSweeping {
    mutating func remap(_ map: StateMap) {
        Q = map.actionValues(Q, initial: learner.parameters.initialValue)
        model = model.remapped(map)
        // The queue's priorities were of the old world's updates; real steps queue new ones.
        queue = PairQueue(pairs: map.new.stateCount * map.new.actionCount)
    }
}
