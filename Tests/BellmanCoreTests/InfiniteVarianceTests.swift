import XCTest
@testable import BellmanCore

/// Example 5.5 and Figure 5.4 on the bundled `infinite-variance` level: the target policy
/// always goes left (v(s) = 1), the behaviour is uniform. Weighted importance sampling is 1
/// after the first episode that ends by going left; ordinary importance sampling does not
/// settle.
final class InfiniteVarianceTests: XCTestCase {
    func testWeightedIsOneAtOnceAndOrdinaryDoesNotSettle() throws {
        let model = Model(try LevelCatalog.load("infinite-variance"))
        let policy = try PolicyCatalog.load("infinite-variance-left", for: model)
        let s = try XCTUnwrap((0..<model.stateCount).first { model.name(of: $0) == "s" })
        XCTAssertEqual(try XCTUnwrap(TruthCache.shared.truth(for: model, gamma: 1, kind: Truth.kind(for: MCOffPolicyPrediction.info, policy: policy)).values)[s], 1, accuracy: 1e-9)
        for seed in 1...5 as ClosedRange<UInt64> {
            var p = MCOffPolicyPrediction.info.defaults(for: model.level)
            p.policy = policy
            p.seed = seed
            var weighted = try MCOffPolicyPrediction.info.make(model, p)
            var sawLeftEnding = false
            while weighted.counters.episodes < 1_000 {
                let tick = weighted.tick()
                if let t = tick.transition, t.ends, t.action == 0, t.reward == 1 { sawLeftEnding = true }
                if tick.episodeEnd != nil && sawLeftEnding {
                    XCTAssertEqual(weighted.stateValues[s], 1, accuracy: 1e-12, "seed \(seed), episode \(weighted.counters.episodes)")
                }
            }
            XCTAssertTrue(sawLeftEnding)
            p.weightedSampling = false
            var ordinary = try MCOffPolicyPrediction.info.make(model, p)
            var estimates: [Double] = []
            while ordinary.counters.episodes < 100_000 {
                if ordinary.tick().episodeEnd != nil, ordinary.counters.episodes % 1_000 == 0 { estimates.append(ordinary.stateValues[s]) }
            }
            let late = estimates.suffix(50)
            XCTAssertGreaterThan((late.max() ?? 0) - (late.min() ?? 0), 0.05, "seed \(seed): ordinary IS still moves after 50,000 episodes: \(late.min() ?? 0)...\(late.max() ?? 0)")
        }
    }
}
