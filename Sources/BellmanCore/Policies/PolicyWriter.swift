/// Making policies and writing them as policy files (DESIGN §7) that `PolicyParser` reads back
/// to the same probabilities.
extension TargetPolicy {
    /// The equiprobable random policy of a model: what a state a policy file leaves out follows.
    public static func random(for model: Model) -> TargetPolicy {
        let A = model.actionCount
        var probability = [Double](repeating: 0, count: model.stateCount * A)
        for s in 0..<model.stateCount where !model.isTerminal[s] {
            let n = model.actionCount(of: s)
            for a in 0..<n { probability[s * A + a] = 1 / Double(n) }
        }
        return TargetPolicy(file: "", actionCount: A, probability: probability)
    }

    /// The greedy policy of some values: each state's tied best actions equally likely
    /// (`actions[s]`; a state with none keeps the random policy).
    public static func greedy(_ actions: [[Int]], for model: Model, file: String = "") -> TargetPolicy {
        var policy = random(for: model)
        policy.file = file
        for s in 0..<model.stateCount where !model.isTerminal[s] && !actions[s].isEmpty {
            policy.setRow(s, model: model) { a in actions[s].contains(a) ? 1 / Double(actions[s].count) : 0 }
        }
        return policy
    }

    /// The one action pi takes in s with certainty, if there is one.
    public func action(in s: Int, model: Model) -> Int? {
        (0..<model.actionCount(of: s)).first { p(s, $0) == 1 }
    }

    /// pi(. | s) follows the random policy.
    public func isRandom(in s: Int, model: Model) -> Bool {
        let n = model.actionCount(of: s)
        return (0..<n).allSatisfy { abs(p(s, $0) - 1 / Double(n)) < 1e-12 }
    }

    /// Sets pi(a | s) for each action a of s.
    public mutating func setRow(_ s: Int, model: Model, _ probability: (Int) -> Double) {
        for a in 0..<model.actionCount(of: s) { self.probability[s * actionCount + a] = probability(a) }
    }

    /// The playground's key: the next choice for state s, in the order random, the first
    /// action, the second, ..., and back to random.
    public mutating func cycle(_ s: Int, model: Model) {
        let n = model.actionCount(of: s)
        let next: Int?  // nil: back to random
        if isRandom(in: s, model: model) {
            next = 0
        } else if let a = action(in: s, model: model) {
            next = a + 1 < n ? a + 1 : nil
        } else {
            next = 0  // action probabilities from a file: start the cycle over
        }
        setRow(s, model: model) { a in next.map { a == $0 ? 1 : 0 } ?? 1 / Double(n) }
    }

    /// The states whose choice differs from the random policy.
    public func chosenStates(model: Model) -> [Int] {
        (0..<model.stateCount).filter { !model.isTerminal[$0] && !isRandom(in: $0, model: model) }
    }

    /// The policy as a policy file: `level` names a bundled level (a level from a file is named
    /// in a comment, as a path written elsewhere would not resolve), then one line per state
    /// that does not follow the random policy.
    public func toml(model: Model, about: String) -> String {
        let level = model.level
        var lines = ["# \(about)".terminalSafe]
        if level.file == "levels/\(level.id).toml" {
            lines.append("level = \(Self.quoted(level.id))")
        } else {
            lines.append("# for the level in \(level.file) (add level = \"PATH\" relative to this file to check it)".terminalSafe)
        }
        lines.append("")
        lines.append("[policy]")
        for s in chosenStates(model: model) {
            let actions = 0..<model.actionCount(of: s)
            if let a = action(in: s, model: model) {
                lines.append("\(Self.quoted(model.name(of: s))) = \(Self.quoted(model.actionName(s, a)))")
            } else {
                let choices = actions.filter { p(s, $0) > 0 }.map { "\(Self.quoted(model.actionName(s, $0))) = \(p(s, $0))" }
                lines.append("\(Self.quoted(model.name(of: s))) = { \(choices.joined(separator: ", ")) }")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A TOML basic string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.isTerminalControl || scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
