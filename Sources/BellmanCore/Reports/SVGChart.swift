import Foundation

/// A standalone SVG plot for a course page or a slide (`--svg FILE` on `sweep`, `scale` and
/// `race`): axes with ticks (decades on a log axis), a line and dots per series, error bars,
/// and a legend. No script, no external fonts or styles: it opens in any browser. Every piece
/// of text lies inside the picture: the margins grow to hold the legend and the notes.
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
    /// A line under each category's name, or `nil` (race: how many runs did not reach the
    /// goal); wrapped to the category's width.
    public var categoryNotes: [String?]?
    /// Sentences under the legend, wrapped to its column: what the points cannot say.
    public var notes: [String] = []
    /// The y axis's range, when a figure fixes it (as the book's does); points beyond it are
    /// drawn on its edge and a note says so. `nil`: fit the data.
    public var yRange: ClosedRange<Double>?
    /// Points drawn as black crosses over the series (a figure's reference points from the
    /// book), with `referenceLabel` in the legend.
    public var references: [Point] = []
    public var referenceLabel = "the book"

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

    /// The font sizes of the chart's text: the title, axes and legend, and the notes.
    static let titleSize = 15.0, textSize = 12.0, noteSize = 11.0

    /// How wide `text` is at `size` points, generously: 0.6 em a character is wider than the
    /// average sans-serif letter, so the layout leaves room for the text it places.
    static func textWidth(_ text: String, size: Double) -> Double { Double(text.count) * size * 0.6 }

    /// The characters of a line of `size`-point text that fit in `width`.
    static func characters(fitting width: Double, size: Double) -> Int { max(1, Int(width / (size * 0.6))) }

    public func svg() -> String {
        // The frame keeps its size; the margins grow to hold what is written around it (the
        // legend's longest label, the notes, the lines under each category), so no text
        // falls outside the picture.
        let left = 84.0, top = 48.0, plotWidth = 446.0, plotHeight = 348.0
        let frameRight = left + plotWidth, frameBottom = top + plotHeight
        let legendText = frameRight + 46
        let longestLabel = series.map { Self.textWidth($0.label, size: Self.textSize) }.max() ?? 0
        let right = max(230, 46 + longestLabel + 12)
        let columnWidth = right - 46 - 12
        var width = left + plotWidth + right
        width = max(width, Self.textWidth(title, size: Self.titleSize) + 24)
        let slot = plotWidth / Double(max(1, categories?.count ?? 1))
        let noteLines: [[String]] = (categories ?? []).indices.map { i in
            guard let notes = categoryNotes, i < notes.count, let note = notes[i] else { return [] }
            return WordWrap.lines(note, width: Self.characters(fitting: slot - 6, size: Self.noteSize))
        }
        let bottom = 64 + 14 * Double(noteLines.map(\.count).max() ?? 0)
        var height = frameBottom + bottom

        func tx(_ x: Double) -> Double { logX ? log10(x) : x }
        func ty(_ y: Double) -> Double { logY ? log10(y) : y }
        func drawable(_ v: Double, log: Bool) -> Bool { v.isFinite && (!log || v > 0) }
        // A 0 has no place on a log axis: it is drawn on the axis's low edge, hollow, and the
        // legend says so, rather than left out without a word.
        func onEdge(_ v: Double, log: Bool) -> Bool { log && v == 0 }
        func placeable(_ v: Double, log: Bool) -> Bool { drawable(v, log: log) || onEdge(v, log: log) }
        func isEdgePoint(_ p: Point) -> Bool {
            placeable(p.x, log: logX) && placeable(p.y, log: logY) && (onEdge(p.x, log: logX) || onEdge(p.y, log: logY))
        }
        let all = series.flatMap(\.points)
        let points = all.filter { drawable($0.x, log: logX) && drawable($0.y, log: logY) }
        let edgePoints = all.filter(isEdgePoint)
        var body = "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        body += "<text x=\"\(Int(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"\(Int(Self.titleSize))\">\(Self.escaped(title))</text>\n"
        func document(_ body: String) -> String {
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width.rounded(.up)))\" height=\"\(Int(height.rounded(.up)))\" viewBox=\"0 0 \(Int(width.rounded(.up))) \(Int(height.rounded(.up)))\" font-family=\"sans-serif\" font-size=\"\(Int(Self.textSize))\">\n" + body + "</svg>\n"
        }
        guard !points.isEmpty || !edgePoints.isEmpty else {
            return document(body + "<text x=\"\(Int(width / 2))\" y=\"\(Int(height / 2))\" text-anchor=\"middle\">nothing reached the goal: no points to plot</text>\n")
        }
        let marks = references.filter { drawable($0.x, log: logX) && drawable($0.y, log: logY) }
        let xs = (points + marks).map { tx($0.x) } + edgePoints.filter { drawable($0.x, log: logX) }.map { tx($0.x) }
        let ys = (points + edgePoints + marks).flatMap { [$0.y, $0.low ?? $0.y, $0.high ?? $0.y] }.filter { drawable($0, log: logY) }.map(ty)
        var (x0, x1) = (xs.min() ?? 0, xs.max() ?? 1)
        var (y0, y1) = (ys.min() ?? 0, ys.max() ?? 1)
        // Categories span their names, whether or not a category has a point to draw.
        if let categories { x0 = -0.5; x1 = Double(max(1, categories.count)) - 0.5 }
        if x1 == x0 { x0 -= 1; x1 += 1 }
        if y1 == y0 { y0 -= 1; y1 += 1 }
        let yPad = (y1 - y0) * 0.05
        y0 -= yPad
        y1 += yPad
        if let yRange, drawable(yRange.lowerBound, log: logY), drawable(yRange.upperBound, log: logY), yRange.upperBound > yRange.lowerBound {
            (y0, y1) = (ty(yRange.lowerBound), ty(yRange.upperBound))
        }
        func px(_ x: Double, dodge: Double = 0) -> Double {
            onEdge(x, log: logX) ? left : left + (tx(x) + dodge - x0) / (x1 - x0) * plotWidth
        }
        // Beyond a fixed range a point sits on the frame's edge (the notes say so).
        func py(_ y: Double) -> Double { onEdge(y, log: logY) ? frameBottom : top + (y1 - min(max(ty(y), y0), y1)) / (y1 - y0) * plotHeight }
        let clipped = yRange != nil && ys.contains { $0 < y0 || $0 > y1 }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        // Axes and ticks.
        body += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#444\"/>\n"
        if let categories {
            for (i, name) in categories.enumerated() {
                let x = px(Double(i))
                body += "<line x1=\"\(f(x))\" y1=\"\(f(frameBottom))\" x2=\"\(f(x))\" y2=\"\(f(frameBottom + 5))\" stroke=\"#444\"/>\n"
                body += "<text x=\"\(f(x))\" y=\"\(f(frameBottom + 18))\" text-anchor=\"middle\">\(Self.escaped(name))</text>\n"
                for (k, line) in noteLines[i].enumerated() {
                    body += "<text x=\"\(f(x))\" y=\"\(f(frameBottom + 33 + 14 * Double(k)))\" text-anchor=\"middle\" font-size=\"\(Int(Self.noteSize))\" fill=\"#A0321E\">\(Self.escaped(line))</text>\n"
                }
            }
        } else {
            for t in Self.ticks(x0, x1, log: logX) {
                let x = left + (t - x0) / (x1 - x0) * plotWidth
                body += "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(frameBottom))\" stroke=\"#ddd\"/>\n"
                body += "<text x=\"\(f(x))\" y=\"\(f(frameBottom + 18))\" text-anchor=\"middle\">\(Self.label(t, log: logX))</text>\n"
            }
        }
        for t in Self.ticks(y0, y1, log: logY) {
            let y = top + (y1 - t) / (y1 - y0) * plotHeight
            body += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(frameRight))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>\n"
            body += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(Self.label(t, log: logY))</text>\n"
        }
        body += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(frameBottom + bottom - 18))\" text-anchor=\"middle\">\(Self.escaped(xLabel))\(logX ? " (log)" : "")</text>\n"
        body += "<text transform=\"translate(20 \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(Self.escaped(yLabel))\(logY ? " (log)" : "")</text>\n"
        // Series: error bars, line, dots (hollow on an edge); the legend on the right.
        var legendY = top + 10
        for (i, s) in series.enumerated() {
            let colour = Self.palette[i % Self.palette.count]
            // Beside each other within a category, so equal values do not hide one another.
            let dodge = categories == nil ? 0 : (Double(i) - Double(series.count - 1) / 2) * 0.08
            let shown = s.points.filter { drawable($0.x, log: logX) && drawable($0.y, log: logY) }
            for p in shown {
                guard let low = p.low, let high = p.high, low != high, placeable(low, log: logY), placeable(high, log: logY) else { continue }
                let x = px(p.x, dodge: dodge)
                body += "<path d=\"M\(f(x)) \(f(py(low)))V\(f(py(high)))M\(f(x - 4)) \(f(py(low)))h8M\(f(x - 4)) \(f(py(high)))h8\" stroke=\"\(colour)\" fill=\"none\"/>\n"
            }
            // Past the palette's eight colours, the lines are dashed: no two series look alike.
            let dash = i >= Self.palette.count ? " stroke-dasharray=\"7 3\"" : ""
            if shown.count > 1 && categories == nil {
                let line = shown.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
                body += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash)/>\n"
            }
            // A dot per point while they stay apart; a long curve is its line.
            if shown.count <= 60 || categories != nil {
                for p in shown { body += "<circle cx=\"\(f(px(p.x, dodge: dodge)))\" cy=\"\(f(py(p.y)))\" r=\"3.5\" fill=\"\(colour)\"/>\n" }
            }
            for p in s.points where isEdgePoint(p) {
                body += "<circle cx=\"\(f(px(p.x, dodge: dodge)))\" cy=\"\(f(py(p.y)))\" r=\"4\" fill=\"white\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
            }
            body += "<line x1=\"\(f(frameRight + 16))\" y1=\"\(f(legendY))\" x2=\"\(f(frameRight + 40))\" y2=\"\(f(legendY))\" stroke=\"\(colour)\" stroke-width=\"3\"\(dash)/>\n"
            body += "<text x=\"\(f(legendText))\" y=\"\(f(legendY + 4))\">\(Self.escaped(s.label))</text>\n"
            legendY += 20
        }
        // The book's points: a cross each, its tolerance as a bar; one legend line.
        for p in marks {
            let (x, y) = (px(p.x), py(p.y))
            if let low = p.low, let high = p.high, low != high, drawable(low, log: logY), drawable(high, log: logY) {
                body += "<path d=\"M\(f(x)) \(f(py(low)))V\(f(py(high)))\" stroke=\"#000\" stroke-dasharray=\"2 2\"/>\n"
            }
            body += "<path d=\"M\(f(x - 5)) \(f(y - 5))l10 10M\(f(x - 5)) \(f(y + 5))l10 -10\" stroke=\"#000\" stroke-width=\"2\"/>\n"
        }
        if !marks.isEmpty {
            body += "<path d=\"M\(f(frameRight + 23)) \(f(legendY - 5))l10 10M\(f(frameRight + 23)) \(f(legendY + 5))l10 -10\" stroke=\"#000\" stroke-width=\"2\"/>\n"
            body += "<text x=\"\(f(legendText))\" y=\"\(f(legendY + 4))\">\(Self.escaped(referenceLabel))</text>\n"
            legendY += 20
        }
        // Lines of notes in the legend's column, each wrapped to it.
        func note(_ text: String, gap: Double = 6) {
            for line in WordWrap.lines(text, width: Self.characters(fitting: columnWidth, size: Self.noteSize)) {
                body += "<text x=\"\(f(legendText))\" y=\"\(f(legendY + 4))\" font-size=\"\(Int(Self.noteSize))\">\(Self.escaped(line))</text>\n"
                legendY += 14
            }
            legendY += gap
        }
        if !edgePoints.isEmpty {
            body += "<circle cx=\"\(f(frameRight + 28))\" cy=\"\(f(legendY))\" r=\"4\" fill=\"white\" stroke=\"#444\" stroke-width=\"2\"/>\n"
            let edges = [logY && edgePoints.contains { $0.y == 0 } ? "bottom" : nil, logX && edgePoints.contains { $0.x == 0 } ? "left" : nil]
            note("0: a log axis has none; drawn hollow on its \(edges.compactMap { $0 }.joined(separator: " and ")) edge")
        }
        if !notes.isEmpty || clipped { legendY += 6 }
        if clipped, let yRange {
            note("y from \(Self.label(ty(yRange.lowerBound), log: logY)) to \(Self.label(ty(yRange.upperBound), log: logY)), as the book draws it; points beyond sit on its edge")
        }
        for text in notes { note(text) }
        height = max(height, legendY + 8)
        return document(body)
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
