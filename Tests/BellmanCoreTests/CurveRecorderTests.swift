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
}
