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
    /// point is kept and carries the error.
    func testARunWithoutACurveEndsWithTheSameErrorAndLatestPoints() throws {
        let model = try bundledModel("small-maze")
        var parameters = QLearning.info.defaults(for: model.level)
        parameters.seed = 3
        let truth = TruthCache.shared.truth(for: model, gamma: parameters.gamma, kind: .optimal)
        var a = try QLearning.info.make(model, parameters), b = try QLearning.info.make(model, parameters)
        let withCurve = Runner.run(&a, model: model, budget: .episodes(150), truth: truth)
        let without = Runner.run(&b, model: model, budget: .episodes(150), truth: truth, keepsCurve: false)
        XCTAssertEqual(withCurve.curve.count, 150)
        XCTAssertEqual(withCurve.curve.compactMap(\.rms).count, 150)
        XCTAssertTrue(without.curve.isEmpty)
        XCTAssertEqual(without.latest.count, CurveRecorder.recentCount)
        XCTAssertEqual(without.latest.map(\.return_), withCurve.curve.suffix(CurveRecorder.recentCount).map(\.return_))
        XCTAssertEqual(without.latest.map(\.rms), Array(repeating: nil, count: CurveRecorder.recentCount))
        XCTAssertEqual(try XCTUnwrap(without.rms), try XCTUnwrap(withCurve.rms))
        XCTAssertEqual(withCurve.curve.last?.rms, withCurve.rms)
        XCTAssertNil(without.notes.first { $0.contains("the curve holds") })
    }
}
