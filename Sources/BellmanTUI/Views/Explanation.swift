import BellmanCore

/// The last update written as the book's equation with its numbers filled in, so a student
/// sees which number changed and why (DESIGN §5, "Explain").
public enum Explanation {
    /// Up to three lines: the rule, the rule with numbers, and what happened around it.
    public static func lines(_ state: AppState) -> [String] {
        let snapshot = state.snapshot
        if let message = snapshot.message { return Format.wrap(message, width: 200) }
        guard let tick = snapshot.lastTick else {
            if snapshot.counters.ticks > 0 {
                // Build mode edited the map: the tables go on, the episode in progress ended.
                return ["The map was edited under the agent.",
                        "Values go on from what was learned; a new cell starts at init.",
                        state.method.family == .dp ? "DP sweeps again from its values: w sweeps, space runs." : "A new episode starts: . steps, space runs."]
            }
            return ["Nothing has happened yet: . runs one tick, e an episode, w a sweep, space runs."]
        }
        let model = state.model
        let p = snapshot.parameters ?? state.parameters
        let method = state.method
        func n(_ x: Double) -> String { Format.value(x, width: 9) }
        func sa(_ s: Int, _ a: Int?) -> String {
            a.map { "\(model.name(of: s)),\(model.actionName(s, $0))" } ?? model.name(of: s)
        }
        var lines: [String] = []
        if let batch = tick.batch { return batchLines(batch, tick: tick, model: model) }
        if p.batch, let t = tick.transition, method.family != .dp {
            return ["step: \(model.name(of: t.state)) --\(model.actionName(t.state, t.action))--> \(model.name(of: t.next)), R = \(n(t.reward))",
                    "batch updating waits: V changes at the episode's end, when every step so far is presented again"]
        }
        switch method.family {
        case .dp:
            guard let u = tick.update else {
                guard let t = tick.transition else { return ["(no update)"] }
                // You drive a DP method: the walker moves in the model, nothing is learned.
                return ["you stepped: \(model.name(of: t.state)) --\(model.actionName(t.state, t.action))--> \(model.name(of: t.next)), R = \(n(t.reward))",
                        "DP learns nothing from steps: it sweeps the model, every outcome p(s',r|s,a)",
                        "at once (h hands back, then space runs the sweeps)"]
            }
            lines = dpLines(u, state: state, p: p)
            if let end = tick.sweepEnd { lines.append("sweep \(end.sweep) done: largest change \(n(end.maxDelta)) (stops below theta \(p.theta))") }
        case .td:
            guard let t = tick.transition else { return ["(no step)"] }
            guard let u = tick.update else {
                let waits = method.parameters.contains(.n)
                    ? "n-step Sarsa waits: the first update of an episode comes once n = \(p.n) rewards are known"
                    : "\(method.id) waits for A': its update of this step is made with your next key as A'"
                return ["step: \(model.name(of: t.state)) --\(model.actionName(t.state, t.action))--> \(model.name(of: t.next)), R = \(n(t.reward))", waits]
            }
            lines = tdLines(u, t, tick: tick, state: state, p: p)
        case .bandit:
            guard let t = tick.transition else { return ["(no pull)"] }
            let arm = model.actionName(t.state, t.action)
            lines.append("pull: arm \(arm), R = \(n(t.reward))")
            guard let u = tick.update, let step = u.stepSize else { break }
            if let pi = u.probability, let baseline = u.bootstrap {
                // §2.8: H(A) <- H(A) + alpha (R - Rbar)(1 - pi(A)); the other arms move down.
                lines.append("H(\(arm)) ← \(n(u.old)) + \(Format.parameter(step)) × (\(n(t.reward)) − \(n(baseline))) × (1 − \(n(pi))) → \(n(u.new))")
                lines.append(p.baseline ? "R̄ = \(n(baseline)), the average of all \(state.snapshot.counters.samples) rewards (this one too)"
                                        : "no baseline: R̄ = 0")
                lines.append("every other arm a: H(a) ← H(a) − α × (R − R̄) × π(a)")
            } else {
                let size = p.alpha == nil ? "1/\(Int((1 / step).rounded()))" : Format.parameter(step)
                lines.append("Q(\(arm)) ← \(n(u.old)) + \(size) × [R − \(signed(u.old))] with R = \(n(t.reward)) → \(n(u.new))")
                lines.append(p.alpha == nil ? "1/N: the average of the \(Int((1 / step).rounded())) rewards of arm \(arm)" : "constant step alpha: recent rewards weigh more")
            }
        case .pg:
            guard let t = tick.transition else { return ["(no step)"] }
            lines = pgLines(t, tick: tick, state: state)
        case .mc:
            guard let t = tick.transition else { return ["(no step)"] }
            if let u = tick.update, tick.episodeEnd != nil {
                let left = u.action == nil ? "V(\(model.name(of: u.state)))" : "Q(\(sa(u.state, u.action)))"
                let offPolicy = method.id == "mc-off-policy"
                let step = u.stepSize.map { offPolicy ? "W/C = \(Format.parameter($0))"
                    : p.alpha == nil ? "1/\(Int((1 / $0).rounded()))" : Format.parameter($0) } ?? "?"
                let cut = tick.episodeEnd?.cut == true ? " (cut at the step cap)" : ""
                lines.append("episode over\(cut): G is each step's return, G ← R + γG backwards; \(tick.updates) updates (\(p.everyVisit ? "every" : "first") visit)")
                lines.append("last: \(left) ← \(n(u.old)) + \(step) × [G − \(signed(u.old))] with G = \(n(u.target)) → \(n(u.new))")
                lines.append(offPolicy ? "weighted importance sampling: the pass stops where the behaviour left the greedy policy"
                    : p.alpha == nil ? "1/N: the average of the \(Int((1 / (u.stepSize ?? 1)).rounded())) returns seen from here"
                    : "constant step alpha: recent returns weigh more")
            } else {
                lines.append("step: \(model.name(of: t.state)) --\(model.actionName(t.state, t.action))--> \(model.name(of: t.next)), R = \(n(t.reward))")
                lines.append("Monte Carlo waits: values change only when the episode ends and its returns are known")
                if let end = tick.episodeEnd { lines.append("episode over\(end.cut ? " (cut at the step cap)" : "")") }
            }
        }
        return lines
    }

    /// A policy-gradient step: the preference update with its numbers, and its signal.
    private static func pgLines(_ t: Transition, tick: Tick, state: AppState) -> [String] {
        let model = state.model, id = state.method.id
        func n(_ x: Double) -> String { Format.value(x, width: 9) }
        let step = "step: \(model.name(of: t.state)) --\(model.actionName(t.state, t.action))--> \(model.name(of: t.next)), R = \(n(t.reward))"
            + episodeNote(tick)
        guard let u = tick.update, let a = u.action, let size = u.stepSize, let signal = u.bootstrap, let pi = u.probability else {
            let waits = ["reinforce", "reinforce-baseline"].contains(id)
                ? "\(id) waits: theta changes when the episode ends and its returns are known"
                : "\(id) waits: theta changes when the group of \(state.parameters.group) episodes is over"
            return [step, waits]
        }
        let signalOf = PolicySignal.of(id)
        let name = signalOf?.symbol ?? "signal", from = signalOf?.meaning ?? ""
        let theta = "θ(\(model.name(of: u.state)),\(model.actionName(u.state, a)))"
        // A label scales nothing: imitation's step is alpha (e_a* - pi), written without a "× 1".
        // The rule comes first, as every family's does: where the box is short, the screen
        // drops the first line and keeps the numbers.
        let label = signalOf?.isLabel ?? false
        var lines = [label ? "a*: \(from); every other action b of the state: θ(b) −= step × π(b)"
                           : "\(name): \(from); every other action b of the state: θ(b) −= step × \(name) × π(b)",
                     label
            ? "\(theta) ← \(n(u.old)) + \(Format.parameter(size)) × (1 − π) with π = \(n(pi)) → \(n(u.new))"
            : "\(theta) ← \(n(u.old)) + \(Format.parameter(size)) × \(name) × (1 − π) with \(name) = \(n(signal)), π = \(n(pi)) → \(n(u.new))"]
        if tick.updates > 1 { lines.append("\(tick.updates) rows updated this tick; the last is shown") }
        lines.append(step)
        return lines
    }

    /// The end of an episode under batch updating (§6.3): the passes over all steps so far.
    private static func batchLines(_ b: BatchOutcome, tick: Tick, model: Model) -> [String] {
        let cut = tick.episodeEnd?.cut == true ? " (cut at the step cap)" : ""
        let settled = b.settled
            ? "settled: the last pass changed no value by more than \(Format.parameter(BatchOutcome.tolerance))"
            : "stopped after \(b.passes) passes: the last still changed a value by \(Format.parameter(b.largestChange))"
        return ["episode over\(cut): batch updating presents all \(b.experiences) steps so far again",
                "each pass sums α[target − V(S)] over them, then applies the sums",
                "\(b.passes) passes × \(b.experiences) steps = \(b.increments) increments; " + settled]
    }

    /// What each one-step TD method bootstraps from.
    private static let bootstrapOf: [String: String] = [
        "td0": "V(S')", "sarsa": "Q(S',A')", "q-learning": "max_a Q(S',a)", "dyna-q": "max_a Q(S',a)", "dyna-q-plus": "max_a Q(S',a)",
        "expected-sarsa": "Σ_a π(a|S') Q(S',a)", "double-q-learning": "the other table's Q(S', its argmax)",
        "td-lambda": "V(S')", "sarsa-lambda": "Q(S',A')",
    ]

    /// A TD update: the rule, the rule with numbers, and the step it came from.
    private static func tdLines(_ u: Update, _ taken: Transition, tick: Tick, state: AppState, p: Parameters) -> [String] {
        let model = state.model, id = state.method.id
        func n(_ x: Double) -> String { Format.value(x, width: 9) }
        // The formula is of the step updated: the one before, when its update waited for your key.
        let t = tick.updatedStep ?? taken
        let isV = u.action == nil
        let left = isV ? "V(\(model.name(of: u.state)))"
            : "Q(\(model.name(of: u.state)),\(model.actionName(u.state, u.action ?? 0)))"
        let current = isV ? "V(S)" : "Q(S,A)"
        let alpha = Format.parameter(u.stepSize ?? 0)
        let key = model.actionName(taken.state, taken.action)
        let step = tick.updatedStep == nil
            ? "step: \(model.name(of: taken.state)) --\(key)--> \(model.name(of: taken.next)), R = \(n(taken.reward))" + episodeNote(tick)
            : "you: \(model.name(of: taken.state)) --\(key)--> \(model.name(of: taken.next)), R = \(n(taken.reward)); that \(key) is the A' above"
        if id == "prioritized-sweeping" {
            // The update shown is the queue's first pair, backed up from the learned model.
            return ["\(left) ← \(current) + α [R + γ max_a Q(S',a) − \(current)], the pair of highest priority, R, S' from the model",
                    "\(left) ← \(n(u.old)) + \(alpha) × [\(n(u.target)) − \(signed(u.old))] = \(n(u.new))",
                    step + "; \(tick.updates) backups from the priority queue"]
        }
        guard var target = bootstrapOf[id] else {
            // n-step and other multi-step targets: the return G they built.
            return ["\(left) ← \(current) + α [G − \(current)], G = the \(id == "n-step-sarsa" ? "\(p.n)-step" : "") return",
                    "\(left) ← \(n(u.old)) + \(alpha) × [\(n(u.target)) − \(signed(u.old))] = \(n(u.new))", step]
        }
        // Name the cells: "max_a Q(r3c5,a)" rather than "max_a Q(S',a)".
        target = target.replacing("S'", with: model.name(of: t.next))
        if let next = u.nextAction, !t.ends { target = target.replacing("A'", with: model.actionName(t.next, next)) }
        let shown = t.ends ? "0 (terminal)" : n(u.bootstrap ?? 0)
        if id.hasSuffix("lambda") {
            let delta = u.target - u.old
            return ["δ = R + γ \(target) − \(current); each traced x: x += α δ e(x); e ← γλe",
                    "δ = \(n(t.reward)) + \(Format.parameter(p.gamma)) × \(shown) − \(signed(u.old)) = \(n(delta)); \(tick.updates) traced entries moved",
                    step]
        }
        var lines = ["\(left) ← \(current) + α [R + γ \(target) − \(current)]",
                     "\(left) ← \(n(u.old)) + \(alpha) × [\(n(t.reward)) + \(Format.parameter(p.gamma)) × \(shown) − \(signed(u.old))] = \(n(u.new))",
                     step]
        if id == "dyna-q" { lines[2] += "; then \(p.planningSteps) planning updates from the learned model" }
        if id == "dyna-q-plus" { lines[2] += "; then \(p.planningSteps) planning updates, each rewarded κ√τ more" }
        return lines
    }

    /// A number after a minus sign: negative ones in parentheses.
    private static func signed(_ x: Double) -> String {
        let text = Format.value(x, width: 9)
        return x < 0 ? "(\(text))" : text
    }

    /// The episode's sum of rewards and steps; its discounted return G too where it differs.
    private static func episodeNote(_ tick: Tick) -> String {
        guard let end = tick.episodeEnd else { return "" }
        // Short enough that the step line of a 120-column screen keeps it whole.
        let discounted = end.return_ == end.rewards ? "" : ", G \(Format.nonzero(end.return_, width: 9))"
        return "; episode: \(Format.count(end.steps)) step\(end.steps == 1 ? "" : "s"), Σ rewards \(Format.value(end.rewards, width: 9))\(discounted)\(end.cut ? " (cut at the step cap)" : "")"
    }

    /// A DP backup: the sum over outcomes of the best (or the policy's) action, with V(s').
    private static func dpLines(_ u: Update, state: AppState, p: Parameters) -> [String] {
        let model = state.model
        let s = u.state
        func n(_ x: Double) -> String { Format.value(x, width: 9) }
        let name = model.name(of: s)
        var values = state.snapshot.values
        if s < values.count { values[s] = u.old }  // a bump lands on s itself: the backup used its old value
        func terms(_ a: Int) -> (String, Double) {
            let outcomes = model.outcomes(state: s, action: a)
            // The likeliest outcomes first: Jack's model has hundreds, most of them negligible.
            let shown = outcomes.count > 3 ? Array(outcomes.sorted { $0.probability > $1.probability }.prefix(3)) : outcomes
            let text = shown.map { o in
                let v = o.ends ? "0" : n(o.next < values.count ? values[o.next] : 0)
                return "\(Format.parameter(o.probability))×[\(n(o.reward)) + \(Format.parameter(p.gamma))×\(v)]"
            }.joined(separator: " + ") + (outcomes.count > 3 ? " + … (\(outcomes.count) outcomes)" : "")
            let total = outcomes.reduce(0.0) { $0 + $1.probability * ($1.reward + p.gamma * ($1.ends ? 0 : values[$1.next])) }
            return (text, total)
        }
        // Policy iteration's evaluation backs up its own pi(s): the random policy until the
        // first improvement, then one action.
        let evaluated = state.method.id == "policy-iteration" && u.action == nil
        let piAction = evaluated ? state.snapshot.policyTable.map { Int($0[s]) } ?? -1 : -1
        switch state.method.id {
        case "policy-iteration" where evaluated && piAction >= 0:
            let (text, total) = terms(piAction)
            return ["V(\(name)) ← Σ p(s',r|s,π(s)) [r + γ V(s')]",
                    "π(\(name)) = \(model.actionName(s, piAction)): \(text) = \(n(total))",
                    "V(\(name)): \(n(u.old)) → \(n(u.new)), change \(n(abs(u.new - u.old)))"]
        case "policy-iteration" where u.action != nil:
            let a = u.action ?? 0
            return ["policy improvement: π(\(name)) ← argmax_a Σ p(s',r|s,a) [r + γ V(s')]",
                    "π(\(name)) = \(model.actionName(s, a)): \(terms(a).0) = \(n(u.new))",
                    "the policy is stable when no state changes its action"]
        case "policy-evaluation" where p.policy.map({ !$0.isRandom(in: s, model: model) }) ?? false:
            let pi = p.policy!
            let each = (0..<model.actionCount(of: s)).filter { pi.p(s, $0) > 0 }.map { a in
                "\(Format.parameter(pi.p(s, a)))×\(model.actionName(s, a)) \(n(terms(a).1))"
            }
            return ["V(\(name)) ← Σ_a π(a|s) Σ p(s',r|s,a) [r + γ V(s')],  π the target policy (t changes it)",
                    "π(a|s) × action value: " + each.joined(separator: ", "),
                    "V(\(name)) ← \(n(u.new))   (was \(n(u.old)))"]
        case "policy-evaluation", "policy-iteration":
            let each = (0..<model.actionCount(of: s)).map { a in "\(model.actionName(s, a)) \(n(terms(a).1))" }
            return ["V(\(name)) ← Σ_a π(a|s) Σ p(s',r|s,a) [r + γ V(s')],  π(a|s) = 1/\(model.actionCount(of: s))",
                    "per action: " + each.joined(separator: ", "),
                    "V(\(name)) ← mean = \(n(u.new))   (was \(n(u.old)))"]
        default:
            let all = (0..<model.actionCount(of: s)).map(terms)
            let best = all.indices.max { all[$0].1 < all[$1].1 } ?? 0
            let (text, total) = all[best]
            return ["V(\(name)) ← max_a Σ p(s',r|s,a) [r + γ V(s')]", "best \(model.actionName(s, best)): \(text) = \(n(total))",
                    "V(\(name)): \(n(u.old)) → \(n(u.new)), change \(n(abs(u.new - u.old)))"]
        }
    }
}
