import BellmanCore

/// What a learning state was told along the way, with its ticks: with the level and the tick
/// count, all a saved session needs (see `Session`), and what a rewind takes forward again.
struct Journal {
    /// The parameters learning started with.
    let initialParameters: Parameters
    /// Every change of the parameters since, with its tick.
    private(set) var parameterChanges: [ParameterChange] = []
    /// Changes of the world (live physics, build mode's edits), in order, with their tick.
    private(set) var worldChanges: [WorldChange] = []
    /// The steps the user drove (DESIGN §9), with their ticks: a session replays them.
    private(set) var drives: [DrivenStep] = []
    /// After a rewind, the driven steps of the future it went back from: going forward again
    /// takes them again, as it takes the same random numbers.
    private(set) var drivesAhead: ArraySlice<DrivenStep> = []

    init(initialParameters: Parameters) {
        self.initialParameters = initialParameters
    }

    mutating func noteParameters(_ parameters: Parameters, at tick: Int) {
        parameterChanges.append(ParameterChange(tick: tick, parameters: parameters))
        drivesAhead = []
    }

    mutating func noteWorld(_ change: WorldChange, at tick: Int) {
        var stamped = change
        stamped.tick = tick
        worldChanges.append(stamped)
        drivesAhead = []
    }

    /// A driven step taken at `tick`.
    mutating func noteDrive(_ action: Int, at tick: Int) {
        drives.append(DrivenStep(tick: tick, action: action))
    }

    /// The next driven step ahead (after a rewind), taken off the list.
    mutating func nextDriveAhead() -> DrivenStep? { drivesAhead.popFirst() }

    /// The tick of the next driven step ahead, if any.
    var nextDriveTick: Int? { drivesAhead.first?.tick }

    /// After a rewind to a state at `tick`: the driven steps of the future it came back from.
    mutating func remember(drivesAhead future: [DrivenStep], from tick: Int) {
        drivesAhead = future.drop { $0.tick < tick }[...]
    }

    /// The future a rewind remembered is another one now.
    mutating func forgetDrivesAhead() { drivesAhead = [] }

    /// The driven steps taken and those still ahead (see `remember`).
    var allDrives: [DrivenStep] { drives + drivesAhead }
}
