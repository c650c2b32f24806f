import BellmanCore
@testable import BellmanTUI
import Foundation
import XCTest

/// Every method's explain box, tick after tick: the arithmetic it shows adds up from the
/// numbers it shows, to their printed precision. A box that shows a value read after the
/// update (TD(0) and TD(lambda) on a bump, where S' is S) fails here.
final class ExplanationArithmeticTests: XCTestCase {
    func testEveryMethodsShownArithmeticAddsUp() throws {
        for info in Methods.all {
            var checked = 0
            // Policy gradient on worlds whose episodes end under any policy its steps reach
            // (on the cliff a collapsed policy can walk for ever).
            let levels = switch info.family {
            case .bandit: ["ten-armed-testbed", "ten-armed-nonstationary"]
            case .pg: ["random-walk", "short-corridor", "random-walk-19"]
            default: ["cliff-walking", "aima-4x3", "random-walk"]
            }
            for level in levels {
                checked += try checkBoxes(of: info, on: level)
            }
            XCTAssertGreaterThan(checked, 20, "\(info.id): too few updates shown to check")
        }
    }

    /// Runs `info` on `level` tick by tick (episode by episode for Monte Carlo, whose updates
    /// come at an episode's end) and checks each box; returns how many boxes held a sum.
    private func checkBoxes(of info: MethodInfo, on levelName: String) throws -> Int {
        var state = try appState(levelName)
        state.family = info.family
        state.methodOfFamily[info.family] = info.id
        var worker = EngineWorker()
        worker.apply(.configure(state.model, state.method, state.parameters))
        awaitTruth(&worker)
        var checked = 0
        // Monte Carlo and REINFORCE update at an episode's end, GRPO and RLOO at a group's
        // (8 episodes): an episode a press, for 50 groups.
        let byGroup = ["grpo", "rloo"].contains(info.id)
        let byEpisode = info.family == .mc || info.id.hasPrefix("reinforce") || byGroup
        let steps: [StepSize] = byEpisode ? Array(repeating: .episode, count: byGroup ? 400 : 40) : Array(repeating: .tick, count: 300)
        for step in steps {
            worker.apply(.step(step))
            finishWork(&worker)
            state.snapshot = worker.snapshot()
            if state.snapshot.message != nil { return checked }
            let lines = Explanation.lines(state)
            if try checkSums(lines, method: info.id, on: levelName) { checked += 1 }
        }
        return checked
    }

    /// Checks every sum in `lines`; true when one was found.
    private func checkSums(_ lines: [String], method: String, on level: String) throws -> Bool {
        let box = lines.joined(separator: "\n")
        func near(_ shown: Shown, _ computed: Interval, _ what: String) {
            XCTAssertTrue(computed.overlaps(shown.interval), "\(method) on \(level): \(what) gives \(computed), the box says \(shown.text)\n\(box)")
        }
        // A TD step: old + alpha x [R + gamma x bootstrap - old] = new.
        if let m = match(#"← (\S+) \+ (\S+) × \[(\S+) \+ (\S+) × (\S+)(?: \(terminal\))? − (\S+)\] = (\S+)$"#, lines) {
            let (old, alpha, r, gamma, b, old2, new) = (m[0], m[1], m[2], m[3], m[4], m[5], m[6])
            near(old2, old.interval, "the old value written twice")
            near(new, old.interval + alpha.interval * (r.interval + gamma.interval * b.interval - old.interval), "old + α × [R + γ × bootstrap − old]")
            return true
        }
        // A multi-step target or the planning queue: old + alpha x [G - old] = new.
        if let m = match(#"← (\S+) \+ (\S+) × \[(\S+) − (\S+)\] = (\S+)$"#, lines) {
            near(m[3], m[0].interval, "the old value written twice")
            near(m[4], m[0].interval + m[1].interval * (m[2].interval - m[0].interval), "old + α × [G − old]")
            return true
        }
        // TD(lambda), Sarsa(lambda): delta = R + gamma x bootstrap - old.
        if let m = match(#"^δ = (\S+) \+ (\S+) × (\S+)(?: \(terminal\))? − (\S+) = (\S+);"#, lines) {
            near(m[4], m[0].interval + m[1].interval * m[2].interval - m[3].interval, "R + γ × bootstrap − old")
            return true
        }
        // Policy gradient: theta <- old + step x signal x (1 - pi) with signal = g, pi = p -> new.
        if let m = match(#"← (\S+) \+ (\S+) × \S+ × \(1 − π\) with \S+ = (\S+), π = (\S+) → (\S+)$"#, lines) {
            near(m[4], m[0].interval + m[1].interval * m[2].interval * (Interval(1) - m[3].interval), "old + step × signal × (1 − π)")
            return true
        }
        // Imitation: theta <- old + step x (1 - pi) with pi = p -> new (the label scales nothing).
        if let m = match(#"← (\S+) \+ (\S+) × \(1 − π\) with π = (\S+) → (\S+)$"#, lines) {
            near(m[3], m[0].interval + m[1].interval * (Interval(1) - m[2].interval), "old + step × (1 − π)")
            return true
        }
        // The gradient bandit: old + alpha x (R - Rbar) x (1 - pi(A)) -> new.
        if let m = match(#"← (\S+) \+ (\S+) × \((\S+) − (\S+)\) × \(1 − (\S+)\) → (\S+)$"#, lines) {
            near(m[5], m[0].interval + m[1].interval * (m[2].interval - m[3].interval) * (Interval(1) - m[4].interval), "old + α × (R − R̄) × (1 − π)")
            return true
        }
        // Monte Carlo (a bandit's averages: R for G): old + step x [G - old] with G = g -> new.
        if let m = match(#"← (\S+) \+ (.+) × \[[GR] − (\S+)\] with [GR] = (\S+) → (\S+)$"#, lines) {
            let stepText = m[1].text.replacingOccurrences(of: "W/C = ", with: "")
            let step: Interval
            if stepText.hasPrefix("1/") {
                let n = try XCTUnwrap(Double(stepText.dropFirst(2)), box)
                step = Interval(1 / n)
            } else {
                step = try XCTUnwrap(Shown(stepText), box).interval
            }
            near(m[2], m[0].interval, "the old value written twice")
            near(m[4], m[0].interval + step * (m[3].interval - m[0].interval), "old + step × [G − old]")
            return true
        }
        // DP: a sum over outcomes, p x [r + gamma x V(s')] + ..., against its total.
        if let line = lines.first(where: { $0.contains("×[") && !$0.contains("outcomes)") }),
           let total = line.split(separator: " = ").last.flatMap({ Shown(String($0)) }) {
            let terms = try regex(#"(\S+)×\[(\S+) \+ (\S+)×(\S+)\]"#).matches(in: line, range: NSRange(line.startIndex..., in: line))
            XCTAssertFalse(terms.isEmpty, box)
            var sum = Interval(0)
            for t in terms {
                let n = (1...4).map { Shown(String(line[Range(t.range(at: $0), in: line)!]))! }
                sum = sum + n[0].interval * (n[1].interval + n[2].interval * n[3].interval)
            }
            near(total, sum, "Σ p × [r + γ × V(s')]")
            if let m = match(#": (\S+) → (\S+), change (\S+)$"#, lines) {
                near(m[2], (m[1].interval - m[0].interval).magnitude, "|new − old|")
                if lines[1].hasPrefix("best") || lines[1].hasPrefix("π(") { near(m[1], total.interval, "the backup's total") }
            }
            return true
        }
        // Policy evaluation: the mean of the action values, or their pi-weighted sum.
        if let line = lines.first(where: { $0.hasPrefix("per action: ") || $0.hasPrefix("π(a|s) × action value: ") }),
           let m = match(#"← (?:mean = )?(\S+)   \(was (\S+)\)$"#, lines) {
            let items = line.split(separator: ": ", maxSplits: 1)[1].components(separatedBy: ", ")
            var sum = Interval(0)
            for item in items {
                let parts = item.split(separator: " ").map(String.init)
                let value = try XCTUnwrap(Shown(parts[1]), box).interval
                if line.hasPrefix("per action") {
                    sum = sum + value * Interval(1 / Double(items.count))
                } else {
                    let p = try XCTUnwrap(Shown(String(parts[0].split(separator: "×")[0])), box).interval
                    sum = sum + p * value
                }
            }
            near(m[0], sum, "the policy's weighted action values")
            return true
        }
        return false
    }

    private func regex(_ pattern: String) throws -> NSRegularExpression { try NSRegularExpression(pattern: pattern) }

    /// The numbers `pattern` captures in the first line it matches.
    private func match(_ pattern: String, _ lines: [String]) -> [Shown]? {
        let re = try! NSRegularExpression(pattern: pattern)
        for line in lines {
            guard let m = re.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { continue }
            let captured = (1..<m.numberOfRanges).map { String(line[Range(m.range(at: $0), in: line)!]) }
            // The step of Monte Carlo is text ("1/3", "W/C = 0.5"); every other capture a number.
            return captured.map { Shown($0) ?? Shown(text: $0, interval: Interval(.nan)) }
        }
        return nil
    }
}

/// A number as the box prints it, with the range of values that print that way.
private struct Shown {
    var text: String
    var interval: Interval

    init(text: String, interval: Interval) {
        self.text = text
        self.interval = interval
    }

    /// "-9.03", "(-9.03)", "0 (terminal)", "1.2e4", "0.5"; nil for anything else.
    init?(_ raw: String) {
        var t = raw
        if t.hasPrefix("(") && t.hasSuffix(")") { t = String(t.dropFirst().dropLast()) }
        if t == "0 (terminal)" { t = "0" }
        guard let x = Double(t) else { return nil }
        let mantissa = t.split(separator: "e").first.map(String.init) ?? t
        let exponent = t.contains("e") ? Double(t.split(separator: "e")[1]) ?? 0 : 0
        let decimals = mantissa.split(separator: ".").dropFirst().first?.count ?? 0
        let half = 0.5 * pow(10, -Double(decimals)) * pow(10, exponent)
        self.init(text: raw, interval: Interval(x - half, x + half))
    }
}

/// A closed range of reals with the arithmetic the boxes show, to bound rounding.
private struct Interval: CustomStringConvertible {
    var low: Double
    var high: Double

    init(_ low: Double, _ high: Double) { (self.low, self.high) = (low, high) }
    init(_ x: Double) { self.init(x, x) }

    var description: String { "[\(low), \(high)]" }

    /// A little slack for the floating point of the solver itself.
    func overlaps(_ other: Interval) -> Bool {
        let slack = 1e-9 * Swift.max(1, abs(low), abs(high))
        return low - slack <= other.high && other.low <= high + slack
    }

    var magnitude: Interval {
        if low >= 0 { return self }
        if high <= 0 { return Interval(-high, -low) }
        return Interval(0, Swift.max(-low, high))
    }

    static func + (a: Interval, b: Interval) -> Interval { Interval(a.low + b.low, a.high + b.high) }
    static func - (a: Interval, b: Interval) -> Interval { Interval(a.low - b.high, a.high - b.low) }
    static func * (a: Interval, b: Interval) -> Interval {
        let p = [a.low * b.low, a.low * b.high, a.high * b.low, a.high * b.high]
        return Interval(p.min()!, p.max()!)
    }
}
