@testable import BellmanCore
import XCTest

/// W7's planning draw takes `n % pairs` through a prepared `Divisor`: it must be the `%` the
/// reference computes for every 64-bit n, or the checksums (and the pairs replayed) change.
final class DivisorTests: XCTestCase {
    func testTheRemainderIsTheDivisionsForEveryKindOfDivisor() {
        var rng = Xoshiro256(seed: 29)
        let edges: [UInt64] = [0, 1, 2, 3, 4095, 4096, 9_995, 9_996, 1 << 31, (1 << 32) - 1, 1 << 32, (1 << 63) - 1, 1 << 63, .max - 1, .max]
        var divisors: [UInt64] = [1, 2, 3, 5, 7, 10, 64, 641, 9_996, 10_000, 2_500 * 4, (1 << 31) - 1, 1 << 31, (1 << 32) + 1,
                                  (1 << 63) - 25, 1 << 63, (1 << 63) + 1, .max - 1, .max]
        for _ in 0..<200 { divisors.append(rng.next() >> (rng.next() % 64)) }
        // W7's count of pairs tried has the short form; 1 has none; most powers of two do.
        XCTAssertNotNil(Divisor(9_996).short)
        XCTAssertNil(Divisor(1).short)
        XCTAssertNotNil(Divisor(1 << 40).short)
        XCTAssertGreaterThan(divisors.filter { $0 > 0 && Divisor($0).short != nil }.count, divisors.count / 4)
        for d in divisors where d > 0 {
            let divisor = Divisor(d)
            for n in edges + (0..<500).map({ _ in rng.next() }) {
                XCTAssertEqual(divisor.remainder(n), n % d, "\(n) % \(d)")
                if let short = divisor.short { XCTAssertEqual(short.remainder(n), n % d, "\(n) % \(d), the short form") }
            }
        }
    }
}
