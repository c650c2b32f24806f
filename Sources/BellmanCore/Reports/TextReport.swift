import Foundation

/// The human rendering of a headless run: what ran, the counters, the value grid with
/// aligned numbers and the greedy policy as arrows.
extension RunReport {
    /// Widest map whose values are printed as numbers; wider maps show only the policy.
    static let maxValueColumns = 16
    /// Widest map whose policy is printed.
    static let maxPolicyColumns = 120

    public static func text(_ result: RunResult) -> String {
        let model = result.model, level = model.level, method = result.method
        var out = level.mdp == nil
            ? "\(level.name) (\(level.id), \(level.rows)x\(level.cols), \(model.stateCount) states)\n"
            : "\(level.name) (\(level.id), \(level.kind) model, \(model.stateCount) states, \(model.pairCount) state-action pairs)\n"
        out += "\(method.id) [\(method.family.rawValue): \(method.family.title)] \(method.summary)\n"
        out += "parameters: " + describe(method, result.parameters, level: level) + "\n"
        let c = result.counters
        if method.family == .dp {
            out += "sweeps \(c.sweeps)  backups \(group(c.backups))  model reads \(group(c.modelReads))  samples 0\n"
        } else {
            out += "episodes \(group(c.episodes))  samples \(group(c.samples))  backups \(group(c.backups))"
            if c.episodesCut > 0 { out += "  (\(group(c.episodesCut)) episodes cut at \(model.episodeCap) steps)" }
            out += "\n"
            if let last = result.latest.last {
                let recent = result.latest
                let mean = recent.map(\.return_).reduce(0, +) / Double(recent.count)
                out += "last return \(format(last.return_)), mean of the last \(recent.count): \(format(mean, digits: 2))\n"
            }
        }
        if let rms = result.rms {
            let truth = !method.isPrediction ? "V*" : result.parameters.policy.map { "V of the policy in \($0.file)" } ?? "V of the random policy"
            out += "RMS error vs \(truth): \(format(rms, digits: 4))\n"
        }
        for note in result.notes { out += "note: \(note)\n" }
        out += "\n"
        if model.isBandit { return out + arms(result) }
        let valueTitle = method.learnsQ ? "V = max_a Q(s,a)" : "V(s)"
        if level.cols <= maxValueColumns {
            out += valueTitle + ":\n" + valueGrid(result)
        } else {
            out += "\(valueTitle): \(level.cols) columns are too wide to print; use --format json\n"
        }
        if level.cols <= maxPolicyColumns {
            // A prediction run evaluated a policy; the arrows are only a lookahead on its V.
            out += method.isPrediction
                ? "\ngreedy with respect to V (a one-step lookahead, not the policy evaluated):\n" : "\ngreedy policy:\n"
            out += policyGrid(result)
            let tied = (0..<model.stateCount).filter { result.greedy[$0].count > 1 && model.isOccupiable[$0] }.count
            if tied > 0 {
                out += level.mdp != nil
                    ? "* \(tied) states have tied best actions (within 1e-9); the first is shown, as the JSON's policy (its greedy lists them all)\n"
                    : "\(tied) cells have tied best actions (within 1e-9); the first in the level's action order is shown, as the JSON's policy (its greedy lists them all)\n"
            }
        }
        return out
    }

    /// Most arms listed one per line.
    static let maxArmLines = 40

    /// A bandit's arms: each arm's true value in the task run and what the method learnt of
    /// it (Q, or pi for a method that learns a policy), the best arm and the greedy one.
    static func arms(_ result: RunResult) -> String {
        let model = result.model, s = model.banditState ?? 0, trueValues = model.armValues(), A = model.actionCount
        let learnt: (title: String, values: [Double])? = result.probabilities.map { ("pi(a)", Array($0[(s * A)..<(s * A + trueValues.count)])) }
            ?? result.actionValues.map { ("Q(a)", Array($0[(s * A)..<(s * A + trueValues.count)])) }
        let best = trueValues.indices.max { trueValues[$0] < trueValues[$1] } ?? 0
        var out = ""
        if trueValues.count <= maxArmLines {
            let rows = trueValues.indices.map { a in
                [model.actionName(s, a), format(trueValues[a], digits: 3)] + (learnt.map { [format($0.values[a], digits: 3)] } ?? [])
            }
            out += TextTable.render([["arm", "q*(a)"] + (learnt.map { [$0.title] } ?? [])] + rows, left: [])
        } else {
            out += "\(trueValues.count) arms are too many to list; use --format json\n"
        }
        out += "the best arm: \(model.actionName(s, best)) (q* \(format(trueValues[best], digits: 3)))"
        if result.policy[s] >= 0 {
            out += "; the \(result.probabilities == nil ? "greedy" : "most probable") arm: \(model.actionName(s, result.policy[s]))"
        }
        return out + "\n"
    }

    /// The parameters a method uses, as "gamma 1, alpha 0.5, ..."; with `level`, the values
    /// that are its `[defaults]` say so ("alpha 1 (level)").
    public static func describe(_ method: MethodInfo, _ p: Parameters, level: Level? = nil,
                                omitting omitted: Set<ParameterName> = []) -> String {
        let fromLevel = level.map { $0.defaults.fromLevel(p, for: method) } ?? []
        return method.parameters.filter { !omitted.contains($0) }.map { name -> String in
            let text: String = switch name {
            case .gamma: "gamma \(format(p.gamma))"
            case .alpha: "alpha \(p.alpha.map { format($0) } ?? "1/N (sample average)")"
            case .epsilon: "epsilon \(format(p.epsilon))"
            case .lambda: "lambda \(format(p.lambda))"
            case .n: "n \(p.n)"
            case .planningSteps: "planning-steps \(p.planningSteps)"
            case .kappa: "kappa \(format(p.kappa))"
            case .priorityThreshold: "priority-threshold \(format(p.priorityThreshold))"
            case .theta: "theta \(p.theta)"
            case .initialValue: "init \(format(p.initialValue))"
            case .seed: "seed \(p.seed)"
            case .everyVisit: p.everyVisit ? "every-visit" : "first-visit"
            case .replacingTraces: p.replacingTraces ? "replacing traces" : "accumulating traces"
            case .batch: p.batch ? "batch updating" : "online updates"
            case .synchronous: p.synchronous ? "synchronous sweeps" : "in-place sweeps"
            case .ties: "ties \(p.ties.rawValue)"
            case .sampling: "\(p.weightedSampling ? "weighted" : "ordinary") importance sampling"
            case .c: "c \(format(p.c))"
            case .noBaseline: p.baseline ? "baseline the average reward" : "no baseline"
            case .alphaW: "alpha-w \(format(p.alphaW))"
            case .group: "group \(p.group)"
            case .noStd: p.standardize ? "advantages over the group's std" : "advantages not scaled"
            case .prior: p.prior.map { "prior \(format($0))" } ?? p.policy.map { "pi_0 from \($0.file)" } ?? "pi_0 uniform"
            case .priorNoise: "prior-noise \(format(p.priorNoise))"
            }
            return fromLevel.contains(name) ? text + " (level)" : text
        }.joined(separator: ", ") + (p.start.map { ", every episode from \($0.name)" } ?? "")
    }

    /// Values right-aligned in equal columns; walls `#`; terminals and cliffs (never occupied)
    /// shown as their map character.
    static func valueGrid(_ result: RunResult) -> String {
        let model = result.model, level = model.level
        if level.mdp != nil { return layoutGrid(result) { String(format: "%.2f", result.stateValues[$0]) } }
        let texts: [[String]] = (0..<level.rows).map { r in
            (0..<level.cols).map { c in
                let s = Int(model.stateOfCell[r * level.cols + c])
                if s < 0 { return "#" }
                if !model.isOccupiable[s] { return String(level.cell(r, c).symbol) }
                return String(format: "%.2f", result.stateValues[s])
            }
        }
        let width = texts.joined().map(\.count).max() ?? 1
        return texts.map { row in
            row.map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: " ")
        }.joined(separator: "\n") + "\n"
    }

    /// One arrow per cell; walls `#`, terminals and cliffs their map character.
    static func policyGrid(_ result: RunResult) -> String {
        let model = result.model, level = model.level
        if level.mdp != nil {
            return layoutGrid(result) { model.actionName($0, result.policy[$0]) + (result.greedy[$0].count > 1 ? "*" : "") }
        }
        return (0..<level.rows).map { r in
            String((0..<level.cols).map { c -> Character in
                let s = Int(model.stateOfCell[r * level.cols + c])
                if s < 0 { return "#" }
                if !model.isOccupiable[s] { return level.cell(r, c).symbol }
                // No greedy action (values that are not numbers): say so, never guess one.
                guard result.policy[s] >= 0 else { return "?" }
                return model.direction(of: result.policy[s]).arrow
            })
        }.joined(separator: "\n") + "\n"
    }

    /// An `[mdp]` level's layout as aligned columns, with its axes' labels when the model
    /// names them; empty cells `·`, terminal states `T`.
    static func layoutGrid(_ result: RunResult, _ text: (Int) -> String) -> String {
        let model = result.model, level = model.level
        let axes = level.mdp?.axes
        var rows: [[String]] = (0..<level.rows).map { r in
            (0..<level.cols).map { c in
                let s = Int(model.stateOfCell[r * level.cols + c])
                return s < 0 ? "·" : model.isTerminal[s] ? "T" : text(s)
            }
        }
        if let axes {
            rows = [[""] + axes.columnLabels] + rows.enumerated().map { [axes.rowLabels[$0.offset]] + $0.element }
        }
        let width = rows.joined().map(\.count).max() ?? 1
        let grid = rows.map { row in
            row.map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: " ")
        }.joined(separator: "\n") + "\n"
        return axes.map { "rows: \($0.rows); columns: \($0.columns)\n" } .map { $0 + grid } ?? grid
    }

    /// A number with at most `digits` decimals and no trailing zeros ("-13", "0.5", "8.79").
    static func format(_ x: Double, digits: Int = 6) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (x * scale).rounded() / scale
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
        var text = String(rounded)
        if text.contains("e") { return text }
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// 12345678 -> "12,345,678": counts as the CLI and the playground print them.
    public static func group(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}
