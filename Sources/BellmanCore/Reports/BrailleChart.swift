import Foundation

/// Lines through points, drawn in braille characters (2 x 4 dots each) for text reports:
/// `scale`'s log-log cost against |S|, `sweep`'s measure against a parameter. Each series ends
/// in its number, which the legend below the chart names.
public struct BrailleChart: Sendable {
    public struct Series: Sendable {
        public var label: String
        public var points: [(x: Double, y: Double)]
        public init(label: String, points: [(x: Double, y: Double)]) {
            self.label = label
            self.points = points
        }
    }

    public var series: [Series]
    public var xLabel: String
    public var yLabel: String
    public var logX = false
    public var logY = false
    /// The plot's size in characters, axis labels aside.
    public var width = 56
    public var height = 12
    /// The y range drawn, where not the data's own; points beyond it sit on its edge.
    public var yRange: ClosedRange<Double>?

    public init(series: [Series], xLabel: String, yLabel: String, logX: Bool = false, logY: Bool = false) {
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.logY = logY
    }

    private static let bits: [[UInt32]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// The chart as lines of text; empty when there is nothing to draw.
    public func text() -> String {
        func tx(_ x: Double) -> Double { logX ? log10(x) : x }
        func ty(_ y: Double) -> Double { logY ? log10(y) : y }
        let usable = series.map { s in s.points.filter { (!logX || $0.x > 0) && (!logY || $0.y > 0) && $0.x.isFinite && $0.y.isFinite } }
        let all = usable.flatMap { $0 }
        guard let x0 = all.map({ tx($0.x) }).min(), let x1 = all.map({ tx($0.x) }).max(),
              var y0 = all.map({ ty($0.y) }).min(), var y1 = all.map({ ty($0.y) }).max() else { return "" }
        if let yRange { (y0, y1) = (ty(yRange.lowerBound), ty(yRange.upperBound)) }
        let columns = width * 2, rows = height * 4
        func column(_ x: Double) -> Int { x1 > x0 ? Int(((tx(x) - x0) / (x1 - x0) * Double(columns - 1)).rounded()) : columns / 2 }
        func row(_ y: Double) -> Int {
            y1 > y0 ? min(rows - 1, max(0, Int(((y1 - ty(y)) / (y1 - y0) * Double(rows - 1)).rounded()))) : rows / 2
        }
        var dots = [UInt32](repeating: 0, count: width * height)
        var marks: [Int: Character] = [:]
        for (i, points) in usable.enumerated() {
            for (a, b) in zip(points, points.dropFirst()) {
                let (c0, r0, c1, r1) = (column(a.x), row(a.y), column(b.x), row(b.y))
                let steps = max(abs(c1 - c0), abs(r1 - r0), 1)
                for k in 0...steps {
                    let c = c0 + (c1 - c0) * k / steps, r = r0 + (r1 - r0) * k / steps
                    dots[(r / 4) * width + c / 2] |= Self.bits[c % 2][r % 4]
                }
            }
            if let only = points.first, points.count == 1 {
                let (c, r) = (column(only.x), row(only.y))
                dots[(r / 4) * width + c / 2] |= Self.bits[c % 2][r % 4]
            }
            if let last = points.last {
                let number = i < 9 ? Character("\(i + 1)") : "+"
                marks[(row(last.y) / 4) * width + min(width - 1, column(last.x) / 2 + 1)] = number
            }
        }
        func value(_ t: Double, log: Bool) -> String { RunReport.format(log ? pow(10, t) : t, digits: 3) }
        let top = value(y1, log: logY), bottom = value(y0, log: logY)
        let margin = max(top.count, bottom.count) + 1
        var lines: [String] = ["\(yLabel)\(logY ? " (log)" : "")"]
        for r in 0..<height {
            var line = r == 0 ? top : r == height - 1 ? bottom : ""
            line += String(repeating: " ", count: margin - line.count) + "│"
            for c in 0..<width {
                if let mark = marks[r * width + c] { line.append(mark); continue }
                let pattern = dots[r * width + c]
                line.append(pattern == 0 ? " " : Character(Unicode.Scalar(0x2800 + pattern)!))
            }
            lines.append(line)
        }
        lines.append(String(repeating: " ", count: margin) + "└" + String(repeating: "─", count: width))
        let left = value(x0, log: logX), right = value(x1, log: logX)
        lines.append(String(repeating: " ", count: margin + 1) + left
                     + String(repeating: " ", count: max(1, width - left.count - right.count)) + right)
        lines.append(String(repeating: " ", count: margin + 1) + "\(xLabel)\(logX ? " (log)" : "")")
        for (i, s) in series.enumerated() where !usable[i].isEmpty { lines.append("  \(i < 9 ? "\(i + 1)" : "+") \(s.label)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
