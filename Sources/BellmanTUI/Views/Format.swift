import BellmanCore

/// Number formatting for the screen: short, and honest about large or non-finite values.
enum Format {
    /// A value in at most `width` characters: "-13.2", "0.81", "-1.2e4", "-1e4", "nan".
    static func value(_ x: Double, width: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        // Two decimals, or none from 10 up (so "-14" beside "-9.00", never "-14.0"); one
        // decimal only where a whole number would lose the value ("0.5" in three columns).
        for decimals in abs(x) >= 10 ? [2, 0] : [2, 1, 0] {
            let text = fixed(x, decimals)
            if text.count <= width { return text }
        }
        // A short exponent form ("-1.2e4", then "-1e4"); a finite number is never drawn as
        // infinity, and where not even that fits, "…" says the number does not fit.
        var exponent = Int((abs(x)).log10Floor)
        for decimals in [1, 0] {
            if abs((x / pow10(exponent) * pow10(decimals)).rounded()) >= 10 * pow10(decimals) { exponent += 1 }
            let text = "\(fixed(x / pow10(exponent), decimals))e\(exponent)"
            if text.count <= width { return text }
        }
        return "…"
    }

    /// `value`, except that a nonzero number too small for two decimals is "5.9e-6", not a
    /// "0.00" that reads as nothing (a discounted return after a long episode).
    static func nonzero(_ x: Double, width: Int) -> String {
        guard x != 0, abs(x) < 0.005, x.isFinite else { return value(x, width: width) }
        return exponentForm(x)
    }

    /// A count in at most `width` characters: "269", "12k", "3.4M" (visit counts have no
    /// decimals).
    static func count(_ x: Double, width: Int) -> String {
        let n = Int(x.rounded())
        let plain = String(n)
        if plain.count <= width { return plain }
        for (scale, suffix) in [(1e3, "k"), (1e6, "M"), (1e9, "G")] {
            for decimals in [1, 0] {
                let text = fixed(x / scale, decimals) + suffix
                if text.count <= width { return text }
            }
        }
        return "…"
    }

    /// x with exactly `decimals` decimals ("-0.00" shown as "0.00").
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        let scale = pow10(decimals)
        let rounded = (x * scale).rounded()
        let negative = rounded < 0
        let magnitude = abs(rounded)
        guard magnitude < 9e15 else { return "\(x)" }
        let integer = Int(magnitude)
        let whole = integer / Int(scale)
        var text = String(whole)
        if decimals > 0 {
            let fraction = String(integer % Int(scale))
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return (negative ? "-" : "") + text
    }

    /// 12345 -> "12,345".
    static func count(_ n: Int) -> String { RunReport.group(n) }

    /// Probabilities that sum to 1 with `decimals` decimals that sum to exactly 1 too (largest
    /// remainders take the last units), so a class adding up the column gets 1.
    static func shares(_ p: [Double], decimals: Int) -> [String] {
        let unit = pow10(decimals)
        return apportion(p, into: Int(unit.rounded())).map { fixed(Double($0) / unit, decimals) }
    }

    /// Shares of a whole split into `total` whole units that add up to it (largest
    /// remainders): `apportion(p, into: 100)` is whole percents summing to 100.
    static func apportion(_ p: [Double], into total: Int) -> [Int] {
        let scaled = p.map { max(0, $0) * Double(total) }
        var units = scaled.map { Int($0.rounded(.down)) }
        let left = total - units.reduce(0, +)
        if left > 0 {
            let order = scaled.indices.sorted { scaled[$0] - Double(units[$0]) > scaled[$1] - Double(units[$1]) }
            for i in order.prefix(left) { units[i] += 1 }
        }
        return units
    }

    /// A rate: "50/s", "12k/s", "3.1M/s".
    static func rate(_ r: Double?) -> String {
        guard let r else { return "max" }
        if r >= 1e6 { return "\(fixed(r / 1e6, r >= 1e7 ? 0 : 1))M/s" }
        if r >= 1e4 { return "\(fixed(r / 1e3, 0))k/s" }
        if r >= 1e3 { return "\(fixed(r / 1e3, 1))k/s" }
        return "\(fixed(r, r < 10 && r != r.rounded() ? 1 : 0))/s"
    }

    /// A parameter value without trailing zeros.
    /// Below 0.0001 (a small probability in Jack's model, a tiny epsilon) it is "3.1e-5",
    /// never a "0." that hides a nonzero number.
    static func parameter(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e9 { return String(Int(x)) }
        guard abs(x) >= 0.0001 else { return exponentForm(x) }
        var text = fixed(x, 4)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// A small number as "3.1e-5" (one decimal, none when it is 0: "1e-6").
    private static func exponentForm(_ x: Double) -> String {
        var exponent = Int(abs(x).log10Floor)
        if abs(x / pow10(exponent)) >= 9.95 { exponent += 1 }
        var mantissa = fixed(x / pow10(exponent), 1)
        if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
        return "\(mantissa)e\(exponent)"
    }

    private static func pow10(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<abs(n) { p *= 10 }
        return n < 0 ? 1 / p : p
    }

    /// `wrap` kept to `count` lines: when text is left over, the last line ends in "…".
    static func wrap(_ text: String, width: Int, lines count: Int) -> [String] {
        limit(wrap(text, width: width), to: count, width: width)
    }

    /// At most `count` of `lines`; the last one kept ends in "…" when some were left out.
    static func limit(_ lines: [String], to count: Int, width: Int) -> [String] {
        guard lines.count > count, count > 0 else { return Array(lines.prefix(max(0, count))) }
        var kept = Array(lines.prefix(count))
        // Set apart where there is room, so that "0.96 …" is not read as a longer number.
        let last = kept[count - 1]
        kept[count - 1] = last.count + 2 <= width ? last + " …" : String(last.prefix(max(0, width - 1))) + "…"
        return kept
    }

    /// Word-wraps text into lines of at most `width` characters (`WordWrap`); on a screen a
    /// word longer than a line is cut across lines rather than overflowing its box.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0, text.contains(where: { $0 != " " }) else { return [] }
        return WordWrap.lines(text, width: width).flatMap { line in
            Swift.stride(from: 0, to: line.count, by: width).map { String(line.dropFirst($0).prefix(width)) }
        }
    }
}

private extension Double {
    var log10Floor: Double {
        var e = 0.0, v = self
        while v >= 10 { v /= 10; e += 1 }
        while v < 1 && v > 0 { v *= 10; e -= 1 }
        return e
    }
}
