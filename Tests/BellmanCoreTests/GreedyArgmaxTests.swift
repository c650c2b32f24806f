import XCTest
@testable import BellmanCore

/// The greedy choice with ties to the lowest action, whose row widths known when compiled
/// (a grid's four, the testbed's ten) take paths of their own: each agrees with the plain
/// scan on every width, with ties and values of -infinity.
final class GreedyArgmaxTests: XCTestCase {
    /// The lowest index of the largest value, read as the book's argmax.
    private func plainArgmax(_ row: [Double]) -> Int {
        var best = 0
        for a in row.indices.dropFirst() where row[a] > row[best] { best = a }
        return best
    }

    func testEveryWidthPicksTheFirstOfTheGreatest() {
        var rng = Xoshiro256(seed: 2024)
        // Few distinct values, so that ties are common.
        let pool: [Double] = [-1, 0, 0.5, 2, -.infinity]
        for width in 1...12 {
            for _ in 0..<2_000 {
                let row = (0..<width).map { _ in pool[rng.below(pool.count)] }
                let picked = row.withUnsafeBufferPointer { ActionValueTable.firstGreatest($0.baseAddress!, count: width) }
                XCTAssertEqual(picked, plainArgmax(row), "width \(width), row \(row)")
            }
        }
    }

    func testTenArmsFindTheGreatestAnywhere() {
        for place in 0..<10 {
            var row = [Double](repeating: 1, count: 10)
            row[place] = 3
            if place < 9 { row[9] = 3 }
            let picked = row.withUnsafeBufferPointer { ActionValueTable.firstGreatest($0.baseAddress!, count: 10) }
            XCTAssertEqual(picked, place, "the first 3 is arm \(place)")
        }
    }
}
