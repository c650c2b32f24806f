import Foundation

/// A standalone SVG plot for a course page or a slide (`--svg FILE` on `sweep`, `scale` and
/// `race`): axes with ticks (decades on a log axis), a line and dots per series, error bars,
/// and a legend. No script, no external fonts or styles: it opens in any browser.
public struct SVGChart: Sendable {
    public struct Point: Sendable {
        public var x: Double
        public var y: Double
        /// The error bar's ends, when there is one.
        public var low: Double?
        public var high: Double?
        public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
        }
    }

    public struct Series: Sendable {
        public var label: String
        public var points: [Point]
        public init(label: String, points: [Point]) {
            self.label = label
            self.points = points
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var logX = false
    public var logY = false
    /// Names for x = 0, 1, 2, ... in place of numbers (race: one per method).
    public var categories: [String]?

    public init(title: String, xLabel: String, yLabel: String, series: [Series], logX: Bool = false, logY: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logX = logX
        self.logY = logY
    }

    /// Colours that stay apart for colour-blind readers (Okabe and Ito).
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]

    public func svg() -> String {
        let width = 760.0, height = 460.0
        let left = 84.0, right = 230.0, top = 48.0, bottom = 64.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func tx(_ x: Double) -> Double { logX ? log10(x) : x }
        func ty(_ y: Double) -> Double { logY ? log10(y) : y }
        func drawable(_ v: Double, log: Bool) -> Bool { v.isFinite && (!log || v > 0) }
        let points = series.flatMap(\.points).filter { drawable($0.x, log: logX) && drawable($0.y, log: logY) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        out += "<text x=\"\(Int(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">\(Self.escaped(title))</text>\n"
        guard !points.isEmpty else {
            return out + "<text x=\"\(Int(width / 2))\" y=\"\(Int(height / 2))\" text-anchor=\"middle\">nothing reached the goal: no points to plot</text>\n</svg>\n"
        }
        let ys = points.flatMap { [$0.y, $0.low ?? $0.y, $0.high ?? $0.y] }.filter { drawable($0, log: logY) }.map(ty)
        var (x0, x1) = (points.map { tx($0.x) }.min()!, points.map { tx($0.x) }.max()!)
        var (y0, y1) = (ys.min()!, ys.max()!)
        if categories != nil { x0 -= 0.5; x1 += 0.5 }
        if x1 == x0 { x0 -= 1; x1 += 1 }
        if y1 == y0 { y0 -= 1; y1 += 1 }
        let yPad = (y1 - y0) * 0.05
        y0 -= yPad
        y1 += yPad
        func px(_ x: Double) -> Double { left + (tx(x) - x0) / (x1 - x0) * plotWidth }
        func py(_ y: Double) -> Double { top + (y1 - ty(y)) / (y1 - y0) * plotHeight }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        // Axes and ticks.
        out += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#444\"/>\n"
        if let categories {
            for (i, name) in categories.enumerated() {
                let x = px(Double(i))
                out += "<line x1=\"\(f(x))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(x))\" y2=\"\(f(top + plotHeight + 5))\" stroke=\"#444\"/>\n"
                out += "<text x=\"\(f(x))\" y=\"\(f(top + plotHeight + 18))\" text-anchor=\"middle\">\(Self.escaped(name))</text>\n"
            }
        } else {
            for t in Self.ticks(x0, x1, log: logX) {
                let x = left + (t - x0) / (x1 - x0) * plotWidth
                out += "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(top + plotHeight))\" stroke=\"#ddd\"/>\n"
                out += "<text x=\"\(f(x))\" y=\"\(f(top + plotHeight + 18))\" text-anchor=\"middle\">\(Self.label(t, log: logX))</text>\n"
            }
        }
        for t in Self.ticks(y0, y1, log: logY) {
            let y = top + (y1 - t) / (y1 - y0) * plotHeight
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>\n"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(Self.label(t, log: logY))</text>\n"
        }
        out += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 18))\" text-anchor=\"middle\">\(Self.escaped(xLabel))\(logX ? " (log)" : "")</text>\n"
        out += "<text transform=\"translate(20 \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(Self.escaped(yLabel))\(logY ? " (log)" : "")</text>\n"
        // Series: error bars, line, dots; the legend on the right.
        for (i, s) in series.enumerated() {
            let colour = Self.palette[i % Self.palette.count]
            // Beside each other within a category, so equal values do not hide one another.
            let dodge = categories == nil ? 0 : (Double(i) - Double(series.count - 1) / 2) * 0.08
            func px(_ x: Double) -> Double { left + (tx(x) + dodge - x0) / (x1 - x0) * plotWidth }
            let shown = s.points.filter { drawable($0.x, log: logX) && drawable($0.y, log: logY) }
            for p in shown {
                guard let low = p.low, let high = p.high, drawable(low, log: logY), drawable(high, log: logY) else { continue }
                let x = px(p.x)
                out += "<path d=\"M\(f(x)) \(f(py(low)))V\(f(py(high)))M\(f(x - 4)) \(f(py(low)))h8M\(f(x - 4)) \(f(py(high)))h8\" stroke=\"\(colour)\" fill=\"none\"/>\n"
            }
            if shown.count > 1 && categories == nil {
                let line = shown.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
                out += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
            }
            for p in shown { out += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"3.5\" fill=\"\(colour)\"/>\n" }
            let y = top + 10 + Double(i) * 20
            out += "<line x1=\"\(f(width - right + 16))\" y1=\"\(f(y))\" x2=\"\(f(width - right + 40))\" y2=\"\(f(y))\" stroke=\"\(colour)\" stroke-width=\"3\"/>\n"
            out += "<text x=\"\(f(width - right + 46))\" y=\"\(f(y + 4))\">\(Self.escaped(s.label))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// Tick positions (in the transformed units): decades on a log axis, 1-2-5 steps otherwise.
    static func ticks(_ low: Double, _ high: Double, log: Bool) -> [Double] {
        if log {
            let first = low.rounded(.up), last = high.rounded(.down)
            if last >= first { return stride(from: first, through: last, by: 1).map { $0 } }
        }
        let raw = (high - low) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        return stride(from: (low / step).rounded(.up) * step, through: high, by: step).map { $0 }
    }

    private static func label(_ t: Double, log: Bool) -> String {
        let v = log ? pow(10, t) : t
        return escaped(RunReport.format(abs(v) < 1e-12 ? 0 : v, digits: 3))
    }

    /// Text as SVG character data: names from level files cannot open a tag.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value): out += "?"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
