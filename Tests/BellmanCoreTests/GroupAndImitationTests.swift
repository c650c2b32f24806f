@testable import BellmanCore
import XCTest

/// GRPO, RLOO and imitation (DESIGN §13) against hand computations on the two-step chain of
/// `PolicyGradientTests`, and what each promises on a grid: a group plays from one start,
/// imitation ends on the expert's policy wherever it went.
final class GroupAndImitationTests: XCTestCase {
    /// The estimators by hand: rewards -3, -5, -4, -8 have mean -5 and population std
    /// sqrt(14/4).
    func testTheAdvantagesByHand() {
        let R = [-3.0, -5, -4, -8], std = 3.5.squareRoot()
        let grpo = GRPO.advantages(R, standardize: true)
        for (a, expected) in zip(grpo, [2 / std, 0, 1 / std, -3 / std]) { XCTAssertEqual(a, expected, accuracy: 1e-7) }
        XCTAssertEqual(GRPO.advantages(R, standardize: false), [2, 0, 1, -3])
        // Leave one out: -3 against the mean of -5, -4, -8 (-17/3), and so on.
        let rloo = RLOO.advantages(R)
        for (a, expected) in zip(rloo, [8.0 / 3, 0, 4.0 / 3, -4]) { XCTAssertEqual(a, expected, accuracy: 1e-12) }
        // One episode per group, or a group that all scored the same: nothing to learn.
        XCTAssertEqual(GRPO.advantages([-7], standardize: true), [0])
        XCTAssertEqual(GRPO.advantages([-7, -7, -7], standardize: true), [0, 0, 0])
        XCTAssertEqual(RLOO.advantages([-7, -7]), [0, 0])
    }

    /// A group of two on the chain whose episodes go x, x (R = 1 + 4 = 5: the sum, undiscounted,
    /// though gamma is 1/2) and y, y (R = 0), alpha 0.1, from theta = 0. GRPO: A = (5 - 2.5) /
    /// 2.5 = 1 and -1; theta[A,x] = 0.1/2 x (1 x 0.5 + (-1) x (-0.5)) = 0.05, the same in B.
    /// Without the std: A = 2.5, -2.5 and 0.125. RLOO: A = 5 - 0 and 0 - 5, theta 0.25.
    func testAGroupUpdateByHand() throws {
        let chain = try model(PolicyGradientTests.chain)
        let cases: [(MethodInfo, Bool, Double)] = [(GRPO.info, true, 0.05), (GRPO.info, false, 0.125), (RLOO.info, true, 0.25)]
        for (method, standardize, thetaX) in cases {
            var p = method.defaults(for: chain.level)
            p.alpha = 0.1
            p.group = 2
            p.standardize = standardize
            let actions = [0, 0, 1, 1]
            p.seed = try XCTUnwrap((1...200).map(UInt64.init).first { seed in
                var probe = p
                probe.seed = seed
                var solver = try! method.make(chain, probe)
                return actions.allSatisfy { solver.tick().transition?.action == $0 }
            })
            var solver = try method.make(chain, p)
            var ticks: [Tick] = []
            for _ in actions { ticks.append(solver.tick()) }
            XCTAssertEqual(ticks[0..<3].map(\.updates), [0, 0, 0], "theta waits for the group")
            XCTAssertEqual(ticks[3].updates, 4, "one row per step of the group")
            for s in 0..<2 {
                XCTAssertEqual(solver.actionProbabilities![s * 2], 1 / (1 + exp(-2 * thetaX)), accuracy: 1e-7, "\(method.id) state \(s)")
            }
        }
    }

    /// Every episode of a group starts where its first did; groups start as any episode does
    /// (the small gridworld starts anywhere).
    func testAGroupPlaysFromOneStart() throws {
        let grid = try bundledModel("small-gridworld")
        var p = GRPO.info.defaults(for: grid.level)
        p.group = 4
        var solver = try GRPO.info.make(grid, p)
        var starts: [Int] = [], next = true
        while starts.count < 40 {
            let tick = solver.tick()
            if next, let t = tick.transition { starts.append(t.state) }
            next = tick.episodeEnd != nil
        }
        let groups = stride(from: 0, to: 40, by: 4).map { Array(starts[$0..<($0 + 4)]) }
        for group in groups { XCTAssertEqual(Set(group).count, 1, "\(group)") }
        XCTAssertGreaterThan(Set(groups.map(\.[0])).count, 3, "the groups' starts vary")
    }

    /// Imitation's first step by hand: the expert's action in A is x (worth 1 + 4/2 = 3
    /// against 2), so theta[A,x] += 0.1 x (1 - 0.5) whatever the agent did, and no reward is used.
    func testImitationByHand() throws {
        let chain = try model(PolicyGradientTests.chain)
        for seed: UInt64 in 1...6 {
            var p = Imitation.info.defaults(for: chain.level)
            p.alpha = 0.1
            p.seed = seed
            var solver = try Imitation.info.make(chain, p)
            let tick = solver.tick()
            XCTAssertEqual(tick.update?.action, 0, "the label is x, seed \(seed)")
            XCTAssertEqual(solver.actionProbabilities![0], 1 / (1 + exp(-2 * 0.05)), accuracy: 1e-12)
            XCTAssertEqual(solver.counters.samples, 1)
        }
    }

    /// Imitation on the small gridworld ends with the expert's action the most probable in
    /// every state it visited (with fixed seeds), and the expert can be a policy file.
    func testImitationLearnsTheExpertWhereverItWent() throws {
        let grid = try bundledModel("small-gridworld")
        let expert = Expert.optimal(grid, gamma: grid.level.gamma)
        for seed: UInt64 in 1...5 {
            var p = Imitation.info.defaults(for: grid.level)
            p.seed = seed
            var solver = try Imitation.info.make(grid, p)
            var visited = Set<Int>()
            for _ in 0..<2_000 { if let t = solver.tick().transition { visited.insert(t.state) } }
            XCTAssertEqual(visited.count, 14, "seed \(seed) went everywhere")
            let greedy = try XCTUnwrap(solver.policyTable)
            for s in visited { XCTAssertEqual(Int(greedy[s]), expert[s], "seed \(seed), state \(s)") }
        }
        // An expert file that always says `up` (action 0) is followed instead.
        var p = Imitation.info.defaults(for: grid.level)
        let up = (0..<grid.stateCount).flatMap { _ -> [Double] in [1, 0, 0, 0] }
        p.expert = TargetPolicy(file: "up.toml", actionCount: 4, probability: up)
        var solver = try Imitation.info.make(grid, p)
        for _ in 0..<2_000 { _ = solver.tick() }
        for s in 0..<grid.stateCount where !grid.isTerminal[s] { XCTAssertEqual(solver.policyTable?[s], 0) }
    }

    /// On a bandit, REINFORCE with baseline and the gradient bandit both ascend
    /// alpha (R - b)(e_A - pi). They differ in the baseline b: the gradient bandit's is the
    /// average of all rewards so far, this one's included (so its first pull teaches nothing),
    /// while REINFORCE's v(S) is updated by a constant alpha_w after delta is taken (so its
    /// first pull moves theta by alpha R). Same seed, same first pull.
    func testReinforceWithBaselineAgainstTheGradientBandit() throws {
        let bandit = try bundledModel("ten-armed-testbed")
        let k = Double(bandit.actionCount), alpha = 0.1
        var pg = ReinforceBaseline.info.defaults(for: bandit.level)
        pg.alpha = alpha
        var gb = GradientBandit.info.defaults(for: bandit.level)
        gb.alpha = alpha
        var reinforce = try ReinforceBaseline.info.make(bandit, pg), gradient = try GradientBandit.info.make(bandit, gb)
        let a = try XCTUnwrap(reinforce.tick().transition), b = try XCTUnwrap(gradient.tick().transition)
        XCTAssertEqual(a.action, b.action)
        XCTAssertEqual(a.reward, b.reward)
        let s = a.state, w = bandit.actionCount
        XCTAssertEqual(gradient.actionProbabilities![s * w + b.action], 1 / k, accuracy: 1e-12, "R - Rbar = 0 on the first pull")
        let moved = exp(alpha * a.reward) / (exp(alpha * a.reward) + k - 1)
        XCTAssertEqual(reinforce.actionProbabilities![s * w + a.action], moved, accuracy: 1e-12, "delta = R - v = R on the first pull")
    }
}
