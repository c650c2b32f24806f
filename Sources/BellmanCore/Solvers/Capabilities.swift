/// What only some methods have, each opted into by the methods that have it; `any Solver`
/// answers for all (`nil`, or nothing done, where a method has not opted in).

/// A method that may stop before its budget, and says why (value iteration or batch
/// updating diverged, a batch full).
public protocol StopsEarly {
    /// Why it stopped, when that needs saying; `nil` while it runs.
    var stopReason: String? { get }
}

/// DP: sweeps of the states until the largest change is below theta.
public protocol Sweeping: StopsEarly {
    /// The last completed sweep (its number and largest change); `nil` before the first.
    /// Lets batch runs report sweeps without per-tick events.
    var lastSweep: SweepEnd? { get }
    /// The method's own deterministic policy per state, when it keeps one (policy iteration);
    /// `nil` means the greedy policy is derived from V through the model.
    var policyTable: [Int32]? { get }
}

/// A method that learns a stochastic policy of its own (the gradient bandit, §2.8), not
/// values to be greedy in.
public protocol StochasticPolicy {
    /// pi(a|s) per (state, action), `pi[s * actionCount + a]`; 0 on terminal states.
    var actionProbabilities: [Double] { get }
    /// The most probable action per state (the first of equals), -1 on terminal states: the
    /// policy the reports show.
    var mostProbable: [Int32] { get }
}

/// A method whose policy is what it learns (DESIGN §13): its error is that of V^pi, the
/// policy's worth through the model, whatever values it shows (a critic's v, a baseline).
public protocol LearnsPolicy {
    /// V^pi of the policy as it stands, per state, evaluated exactly through the model.
    var policyValues: [Double] { get }
    /// Whether the values it shows (`stateValues`) are V^pi (no critic or baseline of its own).
    var showsPolicyValues: Bool { get }
}

extension Solver {
    /// The values a method's error is measured on (the RMS against the truth, in every curve,
    /// race and sweep): V^pi for a method that learns its policy, its estimate otherwise.
    public var errorValues: [Double] { (self as? any LearnsPolicy)?.policyValues ?? stateValues }

    /// `stateValues` and `errorValues` at once: where they are the same V^pi (an exact
    /// evaluation, dear on a large world) it is evaluated once.
    public var shownAndErrorValues: (shown: [Double], error: [Double]) {
        let shown = stateValues
        guard let learner = self as? any LearnsPolicy, !learner.showsPolicyValues else { return (shown, shown) }
        return (shown, learner.policyValues)
    }
}

/// A method that learns in a world that may change under it.
public protocol Editable {
    /// Live physics: the same states and actions with new dynamics (slip, rewards); learning
    /// goes on from what it has learned. The caller checks the shapes match.
    mutating func replaceModel(_ model: Model)
    /// Build mode (DESIGN §9): the level's map was edited into `map.new`, whose states may
    /// differ; learning goes on with the tables as `StateMap` carries them. Sample-based
    /// methods start a new episode; DP sweeps again from its values.
    mutating func edit(_ map: StateMap)
    /// On a level whose map changes on schedule (DESIGN §9), the map's model the agent acts
    /// in now; `nil` otherwise and for DP (which solves the level's first map).
    var world: Model? { get }
}

/// A method with an agent in the world, which you can drive (DESIGN §9).
public protocol Drivable {
    /// Where the agent is now.
    var agentState: Int? { get }
    /// You drive: one tick in which `action` is taken where the method would have chosen its
    /// behaviour action (not its target's), learnt from exactly as its own step. `nil`, having
    /// done nothing, for methods that refuse driven steps (`MethodInfo.driveRefusal`).
    mutating func drive(_ action: Int) -> Tick?
    /// A bandit's true values q*(a) as the agent's pulls meet them now (they walk on a
    /// nonstationary testbed, DESIGN §12); `nil` off a bandit.
    var armValues: [Double]? { get }
}

extension Solver {
    /// See `Drivable.agentState`; `nil` for DP, which has no agent.
    public var agentState: Int? { (self as? any Drivable)?.agentState }

    /// See `Drivable.drive`; `nil` for DP, which learns from the model and not from steps.
    public mutating func drive(_ action: Int) -> Tick? {
        guard var drivable = self as? any Drivable else { return nil }
        let tick = drivable.drive(action)
        if let driven = drivable as? Self { self = driven }
        return tick
    }

    /// See `Drivable.armValues`; `nil` for DP.
    public var armValues: [Double]? { (self as? any Drivable)?.armValues }

    /// See `Sweeping.lastSweep`.
    public var lastSweep: SweepEnd? { (self as? any Sweeping)?.lastSweep }
    /// See `StopsEarly.stopReason`.
    public var stopReason: String? { (self as? any StopsEarly)?.stopReason }
    /// See `Sweeping.policyTable` and `StochasticPolicy.mostProbable`.
    public var policyTable: [Int32]? { (self as? any Sweeping)?.policyTable ?? (self as? any StochasticPolicy)?.mostProbable }
    /// See `StochasticPolicy.actionProbabilities`.
    public var actionProbabilities: [Double]? { (self as? any StochasticPolicy)?.actionProbabilities }
    /// See `Editable.world`.
    public var world: Model? { (self as? any Editable)?.world }

    /// See `Editable.replaceModel`; a method that has not opted in is left as it is.
    public mutating func replaceModel(_ model: Model) {
        changeWorld { $0.replaceModel(model) }
    }

    /// See `Editable.edit`; a method that has not opted in is left as it is.
    public mutating func edit(_ map: StateMap) {
        changeWorld { $0.edit(map) }
    }

    /// The change made on this solver as an `Editable`. The tables are shared with the copy
    /// until the change writes them, and the copy replaces this solver.
    private mutating func changeWorld(_ change: (inout any Editable) -> Void) {
        guard var editable = self as? any Editable else { return }
        change(&editable)
        if let changed = editable as? Self { self = changed }
    }
}
