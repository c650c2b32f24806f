/// A whole-number divisor prepared so that `n % d` is two multiplications and some shifts, not
/// a `div` instruction (Granlund and Montgomery's method, in libdivide's branch-free form):
/// exact for every 64-bit `n`. Worth it where one divisor serves many draws: W7's planning picks
/// a pair tried by `n % pairs` ten times per real step, and the count changes at most once a
/// step. Branch-free because the draw sits in W7's innermost loop: the two tests of the
/// branching form (a power of two? the 65th bit?) were four instructions and a spilled flag in
/// an update of about forty.
struct Divisor: Equatable, Remainder {
    let d: UInt64
    /// The shorter form, where d has one: used where it exists, it saves about five of an
    /// update's forty-five instructions in W7's replay.
    let short: ShortDivisor?
    /// The low 64 bits of ceil(2^(64+shift+1) / d) for d not a power of two (its 65th bit is
    /// restored by the add in `remainder`), or 0 for a power of two (the quotient is then a shift).
    private let magic: UInt64
    private let shift: UInt64
    /// All ones, or 0 for d = 1: every remainder of 1 is 0, and the branch-free quotient of a
    /// power of two, (n >> 1) >> (log2 d - 1), has no form for it.
    private let kept: UInt64

    init(_ d: UInt64) {
        precondition(d > 0, "a divisor is positive")
        self.d = d
        kept = d == 1 ? 0 : .max
        let k = UInt64(63 - d.leadingZeroBitCount)   // floor(log2 d)
        if d & (d &- 1) == 0 {
            (magic, shift) = (0, k == 0 ? 0 : k - 1)
            short = k == 0 ? nil : ShortDivisor(d: d, magic: 1 << (64 - k), shift: 0)
            return
        }
        // floor(2^(64+k) / d), doubled with the remainder's carry: floor(2^(65+k) / d), whose
        // 65th bit is implicit; the high word 2^k is below d, as the division needs.
        var (m, rem) = d.dividingFullWidth((high: 1 << k, low: 0))
        // Where d - rem < 2^k, floor(2^(64+k) / d) + 1 is exact with no 65th bit.
        short = d - rem < 1 << k ? ShortDivisor(d: d, magic: m &+ 1, shift: k) : nil
        m &+= m
        let twice = rem &+ rem
        if twice >= d || twice < rem { m &+= 1 }
        (magic, shift) = (m &+ 1, k)
    }

    /// n % d, equal to `n % d` for every n.
    @inline(__always)
    func remainder(_ n: UInt64) -> UInt64 {
        let high = magic.multipliedFullWidth(by: n).high
        let quotient = (((n &- high) &>> 1) &+ high) &>> shift
        return (n &- quotient &* d) & kept
    }
}

/// `n % d` for a prepared divisor: the draw W7's replay is compiled for, once per form.
protocol Remainder {
    func remainder(_ n: UInt64) -> UInt64
}

/// A divisor whose magic number fits 64 bits (about two in three, and every power of two but
/// 1): the quotient is the high word of one multiplication, shifted.
struct ShortDivisor: Equatable, Remainder {
    let d: UInt64
    fileprivate let magic: UInt64
    fileprivate let shift: UInt64

    /// n % d, equal to `n % d` for every n.
    @inline(__always)
    func remainder(_ n: UInt64) -> UInt64 { n &- (magic.multipliedFullWidth(by: n).high &>> shift) &* d }
}
