@testable import BellmanCore
import XCTest

/// A run's curve stays within its memory however long the run.
final class CurveRecorderTests: XCTestCase {
    func testALongCurveIsThinnedEvenlyAndTheLatestPointsKeptExactly() {
        var curve = CurveRecorder()
        let total = 3 * CurveRecorder.maxPoints + 17
        for i in 1...total {
            curve.append(CurvePoint(index: i, steps: 0, samples: 0, backups: 0, modelReads: 0, return_: Double(i), cut: false, delta: 0, rms: nil))
        }
        XCTAssertLessThanOrEqual(curve.points.count, CurveRecorder.maxPoints)
        XCTAssertGreaterThan(curve.points.count, CurveRecorder.maxPoints / 2)
        XCTAssertEqual(curve.stride, 4)
        XCTAssertEqual(curve.points.first?.index, 1)
        XCTAssertEqual(Set(zip(curve.points, curve.points.dropFirst()).map { $1.index - $0.index }), [4], "evenly spaced")
        XCTAssertEqual(curve.latest.map(\.index), Array(total - 99...total))
        XCTAssertEqual(curve.note, "the curve holds every 4th of its \(total) points (at most 100000 are kept)")
    }

    func testAShortCurveIsKeptWhole() {
        var curve = CurveRecorder()
        for i in 1...500 {
            curve.append(CurvePoint(index: i, steps: 0, samples: 0, backups: 0, modelReads: 0, return_: 0, cut: false, delta: 0, rms: nil))
        }
        XCTAssertEqual(curve.points.map(\.index), Array(1...500))
        XCTAssertNil(curve.note)
    }

    /// `holdsNext` says which points the curve will hold: the run measures the error for those only.
    func testHoldsNextNamesThePointsTheCurveKeeps() {
        var curve = CurveRecorder()
        var held: [Int] = []
        for i in 1...(CurveRecorder.maxPoints + 10) {
            if curve.holdsNext { held.append(i) }
            curve.append(CurvePoint(index: i, steps: 0, samples: 0, backups: 0, modelReads: 0, return_: 0, cut: false, delta: 0, rms: nil))
        }
        XCTAssertEqual(Set(curve.points.map(\.index)).subtracting(held), [], "every point held was announced")
        XCTAssertEqual(held.last, CurveRecorder.maxPoints + 9, "after thinning to every 2nd, the odd points are announced")
    }

    /// A run that keeps no curve (the text report) measures the same error at the end and
    /// keeps only the latest points (the text's mean of the last returns); with a curve, every
    /// point is kept and carries the error. Without one, the kernel runs many episodes a call:
    /// its points carry the same counters as those taken an episode at a time (methods whose
    /// backups are not their samples: planning, episode-end and n-step updates).
    func testARunWithoutACurveEndsWithTheSameErrorAndLatestPoints() throws {
        let model = try bundledModel("small-maze")
        for method in [QLearning.info, DynaQ.info, MCControl.info, NStepSarsa.info, ExpectedSarsa.info] {
            var parameters = method.defaults(for: model.level)
            parameters.seed = 3
            let truth = TruthCache.shared.truth(for: model, gamma: parameters.gamma, kind: Truth.kind(for: method, policy: parameters.policy))
            var a = try method.make(model, parameters), b = try method.make(model, parameters)
            let withCurve = Runner.run(&a, model: model, budget: .episodes(150), truth: truth)
            let without = Runner.run(&b, model: model, budget: .episodes(150), truth: truth, keepsCurve: false)
            XCTAssertEqual(withCurve.curve.count, 150, method.id)
            XCTAssertEqual(withCurve.curve.compactMap(\.rms).count, 150, method.id)
            XCTAssertTrue(without.curve.isEmpty, method.id)
            XCTAssertEqual(without.latest.count, CurveRecorder.recentCount, method.id)
            let unmeasured = withCurve.curve.suffix(CurveRecorder.recentCount).map { point in
                var point = point
                point.rms = nil
                return point
            }
            XCTAssertEqual(without.latest, unmeasured, method.id)
            XCTAssertEqual(without.counters, withCurve.counters, method.id)
            XCTAssertEqual(try XCTUnwrap(without.rms), try XCTUnwrap(withCurve.rms), method.id)
            XCTAssertEqual(withCurve.curve.last?.rms, withCurve.rms, method.id)
            XCTAssertNil(without.notes.first { $0.contains("the curve holds") }, method.id)
        }
    }
}
