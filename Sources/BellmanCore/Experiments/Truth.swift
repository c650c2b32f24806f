/// A DP ground truth of a level (DESIGN §3): V* for control methods, or V of the
/// equiprobable random policy for prediction methods. `values` is `nil` (and `note` says
/// why) when DP cannot compute it.
public struct Truth: Sendable {
    /// Which value function a truth is.
    public enum Kind: Sendable, Hashable {
        /// V*, the reference of control methods.
        case optimal
        /// v_pi of the equiprobable random policy, the reference of prediction methods.
        case randomPolicy
        /// v_pi of a target policy given with `--policy`.
        case policy(TargetPolicy)
    }

    public var kind: Kind
    public var values: [Double]?
    /// Why the truth is missing or not fully converged.
    public var note: String?

    /// The kind of truth a method's error is measured against.
    public static func kind(for method: MethodInfo, policy: TargetPolicy? = nil) -> Kind {
        guard method.isPrediction else { return .optimal }
        return policy.map(Kind.policy) ?? .randomPolicy
    }

    /// The note of a truth whose solve was cancelled.
    public static let cancelledNote = "cancelled"

    /// Solves the truth on the model: V* by value iteration to theta = 1e-10; a policy's V
    /// exactly (a linear solve) on levels of up to 800 states, else by iterative policy
    /// evaluation to theta = 1e-10. Under gamma = 1, a policy that may sum rewards without end
    /// from some state has no truth (`note` names the state), found before any sweep.
    ///
    /// `isCancelled` is asked between chunks of sweeps: a truth nobody waits for any more (the
    /// playground moved on to another policy or world) stops, and returns no values.
    public static func solve(_ model: Model, gamma: Double, kind: Kind, maxSweeps: Int? = nil,
                             isCancelled: @Sendable () -> Bool = { false }) -> Truth {
        var target: TargetPolicy?
        if case .policy(let pi) = kind { target = pi }
        if kind != .optimal {
            let ending = gamma < 1 ? nil : Ending(model, policy: target)
            if let s = ending?.firstUnbounded {
                return Truth(kind: kind, values: nil, note: unboundedNote(model, s, policy: target))
            }
            if let exact = ExactEvaluation.values(model, gamma: gamma, policy: target, ending: ending) {
                return Truth(kind: kind, values: exact, note: nil)
            }
        }
        let method = kind == .optimal ? ValueIteration.info : PolicyEvaluation.info
        var parameters = Parameters(gamma: gamma)
        parameters.theta = 1e-10
        parameters.policy = target
        parameters.maxSweeps = maxSweeps
        do {
            var solver = try method.make(model, parameters)
            while !solver.isFinished {
                if isCancelled() { return Truth(kind: kind, values: nil, note: cancelledNote) }
                solver.run(ticks: 1 << 16)
            }
            let note = solver.stopReason.map { "truth by \(method.id): \($0)" }
            let diverged = solver.stopReason?.contains("diverged") ?? false
            return Truth(kind: kind, values: diverged ? nil : solver.stateValues, note: note)
        } catch {
            return Truth(kind: kind, values: nil, note: "no error curve: \(error)")
        }
    }
}

extension Truth {
    /// V of a policy, state by state: NaN where, under gamma = 1, its return may sum rewards
    /// without end (the rest are still exact, on levels of up to 800 states); all NaN when no
    /// value can be had in bounded time.
    ///
    /// A learned policy can be all but certain to loop (probabilities of 1e-20 to leave): its
    /// values are finite but its episodes longer than any evaluation can follow. The linear
    /// solve then fails (singular to working precision), and sweeps stop after about 2e8
    /// backups, where the sweeps until their divergence check would take hours.
    public static func values(of policy: TargetPolicy, on model: Model, gamma: Double) -> [Double] {
        let none = Array(repeating: Double.nan, count: model.stateCount)
        if let exact = ExactEvaluation.values(model, gamma: gamma, policy: policy) { return exact }
        guard model.stateCount > ExactEvaluation.maxStates else { return none }
        let sweeps = max(1_000, 200_000_000 / max(1, model.stateCount * model.actionCount))
        let truth = solve(model, gamma: gamma, kind: .policy(policy), maxSweeps: sweeps)
        return truth.note == nil ? truth.values ?? none : none
    }

    /// Why a policy (the random policy when `nil`) has no values under gamma = 1, naming the
    /// first state concerned.
    static func unboundedNote(_ model: Model, _ s: Int, policy: TargetPolicy?) -> String {
        let place = model.level.mdp.map { "state \($0.states[s])" } ?? "cell \(model.name(of: s))"
        let which = policy.map { "the policy in \($0.file)" } ?? "the random policy"
        return "with gamma = 1 \(which) can go on for ever from \(place) with rewards other than 0, so its return is unbounded there"
    }
}

/// Truths already solved in this process, per level, gamma and kind, so switching methods
/// or re-running on the same level does not solve it again.
public final class TruthCache: Sendable {
    private struct Key: Hashable {
        var level: String
        var file: String
        /// The dynamics, so an edited level is solved afresh.
        var contents: Int
        var gamma: Double
        var kind: Truth.Kind
    }
    private let solved = Locked<(truths: [Key: Truth], order: [Key])>(([:], []))
    /// A long playground session with live physics and gamma meets many worlds: the cache
    /// keeps the most recent ones.
    static let capacity = 64

    public init() {}

    /// The shared cache of the process.
    public static let shared = TruthCache()

    /// Truths held.
    var count: Int { solved.withLock { $0.truths.count } }

    /// The truth of a model at a discount, solving it on first use.
    public func truth(for model: Model, gamma: Double, kind: Truth.Kind,
                      isCancelled: @Sendable () -> Bool = { false }) -> Truth {
        var hasher = Hasher()
        let level = model.level
        hasher.combine(level.grid)
        hasher.combine(level.palette)
        hasher.combine(level.actions)
        hasher.combine(level.wind)
        hasher.combine(level.slip)
        hasher.combine(level.stepReward)
        hasher.combine(level.bumpReward)
        // An explicit or built-in model is all in its text (a hot-reloaded file is new).
        hasher.combine(level.source)
        // The testbed's text is every task's: the seed names the task.
        hasher.combine(level.mdp?.taskSeed)
        let key = Key(level: level.id, file: level.file, contents: hasher.finalize(), gamma: gamma, kind: kind)
        if let known = solved.withLock({ $0.truths[key] }) { return known }
        let truth = Truth.solve(model, gamma: gamma, kind: kind, isCancelled: isCancelled)
        if isCancelled() { return truth }
        solved.withLock { cache in
            if cache.truths.updateValue(truth, forKey: key) == nil { cache.order.append(key) }
            while cache.order.count > Self.capacity { cache.truths[cache.order.removeFirst()] = nil }
        }
        return truth
    }
}

extension Model {
    /// RMS over the states an agent can occupy (not walls, terminals or cliffs) of
    /// estimate - truth (DESIGN §3).
    public func rmsError(_ estimate: [Double], against truth: [Double]) -> Double {
        var sum = 0.0, count = 0
        for s in 0..<stateCount where isOccupiable[s] {
            let e = estimate[s] - truth[s]
            sum += e * e
            count += 1
        }
        return count == 0 ? 0 : (sum / Double(count)).squareRoot()
    }
}
