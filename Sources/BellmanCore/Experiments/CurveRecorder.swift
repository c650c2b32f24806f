/// A learning curve that stays within a fixed memory however long the run: past
/// `maxPoints` it keeps every second point and records every second one from then on (the
/// stride doubles), so a DP run of 85 million sweeps holds at most `maxPoints` points spread
/// evenly over all of it. The latest `recentCount` points are always kept exactly.
struct CurveRecorder {
    /// The most points held (about 8 MB).
    static let maxPoints = 100_000
    /// The latest points kept one by one (the text report's mean of the last 100 returns).
    static let recentCount = 100

    private(set) var points: [CurvePoint] = []
    /// Whether the points are kept at all: a report that shows no curve needs only the
    /// latest ones (56,000 points on W2's world were a tenth of `run`'s time, mostly pages).
    let keepsPoints: Bool
    /// Every `stride`-th point is held.
    private(set) var stride = 1
    /// Points offered so far.
    private(set) var count = 0
    private var recent: [CurvePoint] = []
    private var recentStart = 0

    init(keepsPoints: Bool = true) { self.keepsPoints = keepsPoints }

    /// Whether the next point offered is held (every `stride`-th is).
    var holdsNext: Bool { keepsPoints && count % stride == 0 }

    mutating func append(_ point: CurvePoint) {
        if holdsNext {
            points.append(point)
            if points.count > Self.maxPoints {
                points = points.indices.lazy.filter { $0 % 2 == 0 }.map { points[$0] }
                stride *= 2
            }
        }
        count += 1
        if recent.count < Self.recentCount {
            recent.append(point)
        } else {
            recent[recentStart] = point
            recentStart = (recentStart + 1) % Self.recentCount
        }
    }

    /// The latest points, oldest first.
    var latest: [CurvePoint] { Array(recent[recentStart...] + recent[..<recentStart]) }

    /// Says how the curve was thinned, when it was.
    var note: String? {
        stride == 1 ? nil : "the curve holds every \(stride)th of its \(count) points (at most \(Self.maxPoints) are kept)"
    }
}
