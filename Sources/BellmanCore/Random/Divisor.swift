/// A whole-number divisor prepared so that `n % d` is two multiplications and some shifts, not
/// a `div` instruction (Granlund and Montgomery's method, in libdivide's form): exact for every
/// 64-bit `n`. Worth it where one divisor serves many draws: W7's planning picks a pair tried
/// by `n % pairs` ten times per real step, and the count changes at most once a step.
struct Divisor: Equatable {
    let d: UInt64
    /// floor(2^(64+shift) / d) + 1, or 0 for a power of two (the quotient is then a shift).
    private let magic: UInt64
    private let shift: UInt64
    /// The magic number needs a 65th bit, restored by an add.
    private let adds: Bool

    init(_ d: UInt64) {
        precondition(d > 0, "a divisor is positive")
        self.d = d
        let k = UInt64(63 - d.leadingZeroBitCount)   // floor(log2 d)
        if d & (d &- 1) == 0 {
            (magic, shift, adds) = (0, k, false)
            return
        }
        // floor(2^(64+k) / d): the high word 2^k is below d, as the division needs.
        var (m, rem) = d.dividingFullWidth((high: 1 << k, low: 0))
        if d - rem < 1 << k {
            (magic, shift, adds) = (m &+ 1, k, false)
        } else {
            m &+= m
            let twice = rem &+ rem
            if twice >= d || twice < rem { m &+= 1 }
            (magic, shift, adds) = (m &+ 1, k, true)
        }
    }

    /// n / d.
    @inline(__always)
    func quotient(_ n: UInt64) -> UInt64 {
        if magic == 0 { return n &>> shift }
        let q = magic.multipliedFullWidth(by: n).high
        return adds ? (((n &- q) &>> 1) &+ q) &>> shift : q &>> shift
    }

    /// n % d, equal to `n % d` for every n.
    @inline(__always)
    func remainder(_ n: UInt64) -> UInt64 { n &- quotient(n) &* d }
}
