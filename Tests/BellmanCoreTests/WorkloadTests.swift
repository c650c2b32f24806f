import XCTest
@testable import BellmanCore

/// The benchmark workloads, scaled down, agree with the C reference (../shared/bench/ref.c)
/// bit for bit: same dynamics, same generator, same draw order. The expected numbers were
/// printed by ref.c compiled with STEPS = 200000 and W1_N = 100.
final class WorkloadTests: XCTestCase {
    func checksum(_ m: Workload.Measurement, _ name: String) throws -> Double {
        try XCTUnwrap(m.checksums.first { $0.0 == name }?.1, name)
    }

    func testW1ChecksumsMatchTheReference() throws {
        let m = try Workload.w1.runW1(size: 100)
        XCTAssertEqual(String(format: "%.6f", try checksum(m, "v00")), "-19.027213")
        XCTAssertEqual(String(format: "%.6f", try checksum(m, "sumV")), "-189248.322448")
    }

    func testW2EpisodesMatchTheReference() throws {
        let m = try Workload.w2.runSampled(QLearning.info, cut: nil, steps: 200_000)
        XCTAssertEqual(try checksum(m, "episodes"), 15)
        XCTAssertEqual(String(format: "%.6f", try checksum(m, "q_start")), "-2.837659")
    }

    func testW3CutsMatchTheReference() throws {
        let m = try Workload.w3.runSampled(MCControl.info, cut: 10_000, steps: 200_000)
        XCTAssertEqual(try checksum(m, "episodes"), 0)
        XCTAssertEqual(try checksum(m, "episodes_cut"), 20)
        XCTAssertEqual(String(format: "%.6f", try checksum(m, "q_start")), "-99.331854")
    }

    /// ref.c's W8 compiled with STEPS = 1234567: REINFORCE's episodes and policy, the last
    /// episode cut by the budget mid-way and still learnt from (99 cut, not 98).
    func testW8MatchesTheReferenceWithTheBudgetsCutEpisodeLearntFrom() throws {
        let m = try Workload.w8.runW8(steps: 1_234_567)
        XCTAssertEqual(try checksum(m, "episodes"), 41)
        XCTAssertEqual(try checksum(m, "episodes_cut"), 99)
        XCTAssertEqual(String(format: "%.6f", try checksum(m, "pi_start_east")), "0.194808")
    }

    /// ref.c's W9 compiled with RUNS = 200: the testbed's tasks, pulls and rewards drawn in
    /// its order from one generator.
    func testW9ChecksumsMatchTheReference() throws {
        let m = try Workload.w9.runW9(runs: 200)
        XCTAssertEqual(String(format: "%.6f", try checksum(m, "mean_reward")), "1.284071")
        XCTAssertEqual(String(format: "%.6f", try checksum(m, "optimal_share")), "0.690555")
    }
}
