/// The value heatmap's colour scale: a perceptual (viridis-like) ramp on 256-colour
/// terminals, five basic colours on eight-colour ones, and shade characters without colour.
public struct Heat: Sendable {
    /// Nearest xterm-256 colours along viridis, dark purple to yellow (see the notes on colour maps).
    public static let ramp256: [UInt8] = [53, 54, 60, 24, 30, 36, 72, 71, 77, 113, 149, 185, 184, 220]
    public static let ramp8: [UInt8] = [5, 4, 6, 2, 3]
    /// Shades from low to high for terminals without colour.
    public static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

    public let low: Double
    public let high: Double
    public let mode: ColorMode
    /// No value given was finite: the scale has no range to show.
    public let isEmpty: Bool

    /// A scale over the finite values given (a flat scale when they are all equal).
    public init<S: Sequence>(_ values: S, mode: ColorMode) where S.Element == Double {
        var low = Double.infinity, high = -Double.infinity
        for v in values where v.isFinite {
            low = min(low, v)
            high = max(high, v)
        }
        isEmpty = low > high
        if isEmpty { low = 0; high = 0 }
        self.low = low
        self.high = high
        self.mode = mode
    }

    /// Where a value sits on the scale, 0 (low) to 1 (high); 0.5 on a flat scale.
    public func fraction(_ value: Double) -> Double {
        guard value.isFinite else { return 0 }
        guard high > low else { return 0.5 }
        return min(1, max(0, (value - low) / (high - low)))
    }

    /// The step of a ramp of `count` steps a value falls on.
    public func step(_ value: Double, of count: Int) -> Int {
        min(count - 1, Int(fraction(value) * Double(count)))
    }

    /// The background colour of a value (`.default` without colour, and for a value that is
    /// not a number: a TD error not yet made, an unbounded V^pi, which no colour would tell
    /// apart from the scale's low end).
    public func color(_ value: Double) -> Color {
        guard !value.isNaN else { return .default }
        return switch mode {
        case .palette256: .indexed(Self.ramp256[step(value, of: Self.ramp256.count)])
        case .basic8: .indexed(Self.ramp8[step(value, of: Self.ramp8.count)])
        case .none: .default
        }
    }

    /// Text readable on `color(value)`: black on the light end, white on the dark end.
    public func textColor(_ value: Double) -> Color {
        mode == .none || value.isNaN ? .default : (fraction(value) > 0.55 ? .black : .indexed(15))
    }

    /// The shade character of a value, for terminals without colour.
    public func shade(_ value: Double) -> Character { Self.shades[step(value, of: Self.shades.count)] }
}

extension Heat {
    /// The legend on one line: "label low ▒▒▒▒ high", the ramp in this heat's colours (shades
    /// without colour); returns the x after it.
    func drawLegend(_ label: String, x: Int, y: Int, into canvas: inout Canvas, number: (Double) -> String) -> Int {
        var x = canvas.put("\(label) ", x: x, y: y, style: .dim)
        guard !isEmpty else { return canvas.put("none finite", x: x, y: y, style: .dim) }
        x = canvas.put(number(low), x: x, y: y) + 1
        let steps = mode == .palette256 ? Self.ramp256.count : mode == .basic8 ? Self.ramp8.count : Self.shades.count
        for i in 0..<steps {
            let value = low + (high - low) * (Double(i) + 0.5) / Double(steps)
            canvas[x, y] = mode == .none ? Cell(Self.shades[i]) : Cell(" ", Style(background: color(value)))
            x += 1
        }
        return canvas.put(" " + number(high), x: x, y: y)
    }
}
