import BellmanCore

/// What the screen is shown of a learning state, and what keeping a copy of it costs.
extension LearningState {
    /// What a checkpoint holds beyond what it shares: the tables, the display arrays, the
    /// curves; doubled for array capacity and allocation overhead (measured by the soak).
    var estimatedBytes: Int {
        // Sizes from the model, not from asking for V: a learned policy's V is an evaluation.
        let states = solver == nil ? 0 : model.stateCount
        let tables = (states + (solver?.actionValues?.count ?? 0) + (shownValues.values?.count ?? 0)) * 8 * 3
        return 2 * (1_024 + tables + visits.count * 4 + tdErrors.count * 8 + trail.count * 4 + curves.progress.count * 24 + curves.errors.count * 16
                    + curves.recentReward.count * 16)
    }

    /// The snapshot of this learning state alone (the scheduler adds running, history, rate).
    func snapshot(truth: TruthTracker) -> Snapshot {
        var s = Snapshot()
        s.methodID = method.id
        s.model = model
        if let solver {
            s.parameters = solver.parameters
            s.counters = solver.counters
            s.values = shownValues.values ?? solver.stateValues
            s.valuesAtSamples = shownValues.values == nil || shownValues.samples == solver.counters.samples ? nil : shownValues.samples
            s.q = solver.actionValues
            s.policyTable = solver.policyTable
            s.probabilities = solver.actionProbabilities
            s.arms = solver.armValues
            s.finished = solver.isFinished
            s.agent = drivenAgent
        }
        s.drives = journal.drives
        s.visits = visits
        s.pulls = tally?.pulls ?? []
        s.averageReward = tally?.averageReward
        s.optimalShare = tally?.optimalShare
        s.tdErrors = tdErrors
        s.trail = trail
        s.lastTick = lastTick
        s.lastEpisode = curves.lastEpisode
        s.lastDelta = curves.lastDelta
        s.progress = curves.progress
        s.episodeSteps = curves.steps
        s.firstActions = curves.firstActions
        s.episodeReturns = curves.returns
        s.errors = curves.errors
        s.recentReward = curves.recentReward
        s.recentOptimal = curves.recentOptimal
        s.rms = curves.rms
        s.message = message
        s.truthNote = truth.note
        s.initialParameters = journal.initialParameters
        s.parameterChanges = journal.parameterChanges
        s.worldChanges = journal.worldChanges
        s.physicsMarks = curves.marks
        return s
    }
}
