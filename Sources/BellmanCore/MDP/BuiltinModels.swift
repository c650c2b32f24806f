import Foundation
import TOMLKit

/// The built-in models of DESIGN §6.2: `[mdp] builtin = "NAME"` and that model's keys, each
/// checked against its domain with the book's default.
struct BuiltinModels {
    var reader: MDPReader
    let mdp: TOMLTable

    /// Every built-in model's keys, each with its domain.
    static let rules: [String: [KeyRule]] = [
        "gambler": [whole("goal", 2...2_000), .number("p_heads", message: "`p_heads` must be a number in [0, 1]") { $0 >= 0 && $0 <= 1 }],
        "jacks-car-rental": [whole("max_cars", 1...25), whole("max_move", 1...25), amount("rent"), amount("move_cost"), .other("requests"), .other("returns")],
        "blackjack": [],
        "testbed": [whole("arms", Testbed.armRange), amount("mean", signed: true), amount("mean_sd"), amount("reward_sd"), amount("walk_sd")],
    ]
    static let defaultGamma: [String: Double] = ["gambler": 1, "jacks-car-rental": 0.9, "blackjack": 1, "testbed": 1]

    private static func whole(_ key: String, _ range: ClosedRange<Int>) -> KeyRule {
        .integer(key, message: "`\(key)` must be an integer from \(range.lowerBound) to \(range.upperBound)", accepts: range.contains)
    }

    private static func amount(_ key: String, signed: Bool = false) -> KeyRule {
        let low = signed ? -LevelParser.maxReward : 0
        return .number(key, message: "`\(key)` must be a number from \(signed ? "-1000000" : "0") to 1000000") { $0 >= low && $0 <= LevelParser.maxReward }
    }

    /// The keys of `[mdp]` for built-in model `name`; a key of another model is named as such.
    static func schema(of name: String, _ rules: [KeyRule]) -> KeySchema {
        let keys = rules.map(\.name)
        return KeySchema(rules: [.other("builtin")] + rules) { key in
            let owner = Self.rules.first { $0.value.contains { $0.name == key } }?.key
            let valid = "\(name) takes \(keys.isEmpty ? "no other keys" : keys.joined(separator: ", "))"
            return owner.map { "`\(key)` belongs to \($0), not \(name); \(valid)" } ?? KeySchema.unknownKey(key, in: " for \(name)", valid)
        }
    }

    /// The gamma a built-in model has when the level does not set one.
    static func gamma(of name: String) -> Double? { defaultGamma[name] }

    init(reader: MDPReader, mdp: TOMLTable) {
        self.reader = reader
        self.mdp = mdp
    }

    mutating func read(gammaGiven: Bool) -> MDP? {
        let names = Self.rules.keys.sorted()
        guard let value = mdp["builtin"], value.type == .string, let name = value.string, let rules = Self.rules[name] else {
            reader.problems.report(reader.locator.mdpKey("builtin", value: true), "`builtin` must be one of \(names.map { "\"\($0)\"" }.joined(separator: ", "))")
            return nil
        }
        let keys = Self.schema(of: name, rules).reading(mdp) { [locator = reader.locator] in locator.mdpKey($0, value: true) }
        keys.reportUnknownKeys(at: { [locator = reader.locator] in locator.mdpKey($0) }, to: &reader.problems)
        let at = gammaGiven ? reader.locator.value("gamma") : reader.locator.mdpKey("builtin")
        let origin = "\(reader.file):\(at.line):\(at.column)"
        var model: MDP?
        switch name {
        case "gambler":
            let goal = keys.integer("goal", &reader.problems) ?? 100
            let p = keys.number("p_heads", &reader.problems) ?? 0.4
            if reader.problems.isEmpty { model = Self.gambler(goal: goal, pHeads: p) }
        case "jacks-car-rental":
            let maxCars = keys.integer("max_cars", &reader.problems) ?? 20
            let maxMove = keys.integer("max_move", &reader.problems) ?? 5
            let rent = keys.number("rent", &reader.problems) ?? 10
            let cost = keys.number("move_cost", &reader.problems) ?? 2
            let requests = pair("requests", default: (3, 4)), returns = pair("returns", default: (3, 2))
            if reader.problems.isEmpty {
                model = Self.jacksCarRental(maxCars: maxCars, maxMove: maxMove, rent: rent, moveCost: cost, requests: requests, returns: returns)
            }
        case "testbed":
            let testbed = Testbed(arms: keys.integer("arms", &reader.problems) ?? 10, mean: keys.number("mean", &reader.problems) ?? 0,
                                  meanSD: keys.number("mean_sd", &reader.problems) ?? 1, rewardSD: keys.number("reward_sd", &reader.problems) ?? 1,
                                  walkSD: keys.number("walk_sd", &reader.problems) ?? 0)
            // The level as written shows the task of the default seed, and is no run's task yet.
            if reader.problems.isEmpty {
                model = testbed.mdp(seed: Parameters(gamma: 1).seed)
                model?.taskSeed = nil
            }
        default:
            model = Self.blackjack()
        }
        model?.builtin = name
        if let count = model?.stateCount { model?.origin = Array(repeating: origin, count: count) }
        return reader.problems.isEmpty ? model : nil
    }

    /// Two Poisson means >= 0 (at most 100, where the distribution has long left a 25-car lot).
    private mutating func pair(_ key: String, default fallback: (Double, Double)) -> (Double, Double) {
        guard let value = mdp[key] else { return fallback }
        guard let array = value.array, array.count == 2, let a = array[0].number, let b = array[1].number,
              (0...100).contains(a), (0...100).contains(b) else {
            reader.problems.report(reader.locator.mdpKey(key, value: true), "`\(key)` must be two Poisson means from 0 to 100, one per location, e.g. [3, 4]")
            return fallback
        }
        return (a, b)
    }

    // MARK: - The gambler (Example 4.3)

    /// States "0" .. goal; stakes 1 .. min(s, goal - s); +1 on reaching the goal.
    static func gambler(goal: Int, pHeads: Double) -> MDP {
        var builder = MDPBuilder(states: (0...goal).map(String.init), terminal: (0...goal).map { $0 == 0 || $0 == goal })
        for s in 0...goal {
            if s > 0 && s < goal {
                for stake in 1...min(s, goal - s) {
                    builder.addAction(String(stake), [(s + stake, pHeads, s + stake == goal ? 1 : 0, 0), (s - stake, 1 - pHeads, 0, 0)])
                }
            }
            builder.endState()
        }
        var model = builder.mdp
        model.start = (1..<goal).map { Int32($0) }
        model.layout = stride(from: 0, through: goal, by: 10).map { first in
            (first..<first + 10).map { $0 <= goal ? Int32($0) : -1 }
        }
        model.axes = MDP.Axes(rows: "capital (tens)", columns: "capital (units)",
                              rowLabels: model.layout.indices.map { String($0 * 10) }, columnLabels: (0..<10).map { "+\($0)" })
        return model
    }

    // MARK: - Jack's car rental (Example 4.2)

    /// P(n' | m cars after the move) at one location, with the rent earned given n' (its
    /// conditional mean), from Poisson requests and returns; the tails fold into the cap.
    static func location(maxCars: Int, requests: Double, returns: Double, rent: Double) -> (p: [[Double]], rentGiven: [[Double]]) {
        func pmf(_ lambda: Double) -> [Double] {
            var p = exp(-lambda), out: [Double] = []
            for k in 0...maxCars { out.append(p); p *= lambda / Double(k + 1) }
            return out
        }
        let req = pmf(requests), ret = pmf(returns)
        var p = [[Double]](repeating: [Double](repeating: 0, count: maxCars + 1), count: maxCars + 1)
        var earned = p
        for m in 0...maxCars {
            var below = 0.0
            for k in 0...m {
                let pk: Double
                if k < m { pk = req[k]; below += pk } else { pk = 1 - below }
                let left = m - k
                var cumulative = 0.0
                for j in left..<maxCars {
                    let q = ret[j - left]
                    cumulative += q
                    p[m][j] += pk * q
                    earned[m][j] += pk * q * rent * Double(k)
                }
                p[m][maxCars] += pk * (1 - cumulative)
                earned[m][maxCars] += pk * (1 - cumulative) * rent * Double(k)
            }
        }
        let rentGiven = (0...maxCars).map { m in (0...maxCars).map { j in p[m][j] > 0 ? earned[m][j] / p[m][j] : 0 } }
        return (p, rentGiven)
    }

    /// States "n1,n2"; moves -max_move .. max_move that the giving location can make.
    static func jacksCarRental(maxCars: Int, maxMove: Int, rent: Double, moveCost: Double,
                               requests: (Double, Double), returns: (Double, Double)) -> MDP {
        let n = maxCars + 1
        let first = location(maxCars: maxCars, requests: requests.0, returns: returns.0, rent: rent)
        let second = location(maxCars: maxCars, requests: requests.1, returns: returns.1, rent: rent)
        var ids: [String] = []
        for n1 in 0...maxCars { for n2 in 0...maxCars { ids.append("\(n1),\(n2)") } }
        var builder = MDPBuilder(states: ids, terminal: Array(repeating: false, count: n * n))
        for n1 in 0...maxCars {
            for n2 in 0...maxCars {
                for a in -maxMove...maxMove where (a <= 0 || a <= n1) && (a >= 0 || -a <= n2) {
                    let m1 = min(n1 - a, maxCars), m2 = min(n2 + a, maxCars)
                    let cost = moveCost * Double(abs(a))
                    var outcomes: [(next: Int, p: Double, mean: Double, sd: Double)] = []
                    outcomes.reserveCapacity(n * n)
                    for j1 in 0...maxCars where first.p[m1][j1] > 0 {
                        for j2 in 0...maxCars where second.p[m2][j2] > 0 {
                            outcomes.append((j1 * n + j2, first.p[m1][j1] * second.p[m2][j2],
                                             first.rentGiven[m1][j1] + second.rentGiven[m2][j2] - cost, 0))
                        }
                    }
                    builder.addAction(String(a), outcomes)
                }
                builder.endState()
            }
        }
        var model = builder.mdp
        model.start = (0..<n * n).map { Int32($0) }
        model.layout = (0...maxCars).map { r in (0...maxCars).map { c in Int32((maxCars - r) * n + c) } }
        model.axes = MDP.Axes(rows: "cars at first location", columns: "cars at second location",
                              rowLabels: (0...maxCars).map { String(maxCars - $0) }, columnLabels: (0...maxCars).map(String.init))
        model.defaultEpisodeCap = 100
        return model
    }

    // MARK: - Blackjack (Example 5.1)

    /// The chance of each card value 1 (ace) .. 10 in an infinite deck.
    static let cardProbability: [Double] = [0] + Array(repeating: 1.0 / 13, count: 9) + [4.0 / 13]

    /// The dealer's final sum (17 ... 21, or 22 for a bust) from a hand, hitting below 17 and
    /// counting an ace 11 when that keeps the sum at 21 or less.
    static func dealerFinish(sum: Int, usable: Bool, memo: inout [Int: [Double]]) -> [Double] {
        let key = sum * 2 + (usable ? 1 : 0)
        if let known = memo[key] { return known }
        var result = [Double](repeating: 0, count: 23)
        if sum > 21 {
            result[22] = 1
        } else if sum >= 17 {
            result[sum] = 1
        } else {
            for card in 1...10 {
                var s = sum, u = usable
                if card == 1 && s + 11 <= 21 { s += 11; u = true } else { s += card }
                if s > 21 && u { s -= 10; u = false }
                let after = dealerFinish(sum: s, usable: u, memo: &memo)
                for i in 17...22 { result[i] += cardProbability[card] * after[i] }
            }
        }
        memo[key] = result
        return result
    }

    /// 200 states "S,D,A" in layout order, then "win", "draw", "lose"; hit or stick.
    static func blackjack() -> MDP {
        var ids: [String] = [], hands: [(sum: Int, dealer: Int, usable: Bool)] = []
        for usable in [true, false] {
            for sum in (12...21).reversed() {
                for dealer in 1...10 {
                    ids.append("\(sum),\(dealer),\(usable ? "usable" : "none")")
                    hands.append((sum, dealer, usable))
                }
            }
        }
        let win = 200, draw = 201, lose = 202
        func index(_ sum: Int, _ dealer: Int, _ usable: Bool) -> Int { (usable ? 0 : 100) + (21 - sum) * 10 + dealer - 1 }
        var builder = MDPBuilder(states: ids + ["win", "draw", "lose"], terminal: Array(repeating: false, count: 200) + [true, true, true])
        var memo: [Int: [Double]] = [:]
        for hand in hands {
            var hit: [Int: Double] = [:]
            for card in 1...10 {
                var sum = hand.sum + card, usable = hand.usable
                if sum > 21 && usable { sum -= 10; usable = false }
                hit[sum > 21 ? lose : index(sum, hand.dealer, usable), default: 0] += cardProbability[card]
            }
            builder.addAction("hit", hit.sorted { $0.key < $1.key }.map { ($0.key, $0.value, $0.key == lose ? -1 : 0, 0) })
            let shown = hand.dealer == 1 ? (11, true) : (hand.dealer, false)
            let finish = dealerFinish(sum: shown.0, usable: shown.1, memo: &memo)
            var pWin = finish[22], pDraw = 0.0, pLose = 0.0
            for d in 17...21 {
                if hand.sum > d { pWin += finish[d] } else if hand.sum == d { pDraw += finish[d] } else { pLose += finish[d] }
            }
            builder.addAction("stick", [(win, pWin, 1, 0), (draw, pDraw, 0, 0), (lose, pLose, -1, 0)])
            builder.endState()
        }
        for _ in 0..<3 { builder.endState() }
        var model = builder.mdp
        // The deal: two cards to the player, who hits while below 12; one card shown by the dealer.
        var start = [Double](repeating: 0, count: 200)
        func deal(_ sum: Int, _ usable: Bool, _ cards: Int, _ p: Double) {
            if cards >= 2 && sum >= 12 {
                for dealer in 1...10 { start[index(sum, dealer, usable)] += p * cardProbability[dealer] }
                return
            }
            for card in 1...10 {
                var s = sum, u = usable
                if card == 1 && s + 11 <= 21 { s += 11; u = true } else { s += card }
                if s > 21 && u { s -= 10; u = false }
                deal(s, u, cards + 1, p * cardProbability[card])
            }
        }
        deal(0, false, 0, 1)
        model.start = (0..<200).filter { start[$0] > 0 }.map { Int32($0) }
        model.startProbability = model.start.map { start[Int($0)] }
        model.layout = (0..<20).map { r in (0..<10).map { c in Int32(r * 10 + c) } }
        model.axes = MDP.Axes(rows: "player sum (usable ace, then none)", columns: "dealer showing",
                              rowLabels: (0..<20).map { "\(21 - $0 % 10)\($0 < 10 ? " A" : "")" },
                              columnLabels: ["A"] + (2...10).map(String.init))
        return model
    }
}
