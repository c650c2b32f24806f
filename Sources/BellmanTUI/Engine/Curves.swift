import BellmanCore

/// The curves of one learning state: the sum of rewards per episode, the book's measure, with
/// each episode's steps and discounted return beside it (or the largest change per sweep),
/// the error against the truth with the panel's RMS now, and the marks where the
/// values began to aim elsewhere (a world, discount or target policy changed).
struct Curves {
    static let maxPoints = 20_000

    private(set) var lastEpisode: EpisodeEnd?
    private(set) var lastDelta: Double?
    /// Sum of rewards per episode (sample-based) or max change per sweep (DP).
    private(set) var progress: [Double] = []
    /// Per episode, beside `progress`: its steps and its discounted return.
    private(set) var steps: [Double] = []
    private(set) var returns: [Double] = []
    /// The first action of the latest episodes (at most `recentEpisodes`), in no order: a
    /// ring, the oldest overwritten (the panel counts them; a shift per episode was a copy of
    /// a hundred numbers, hundreds of thousands of times a second running free).
    private(set) var firstActions: [Int] = []
    private var firstActionNext = 0
    static let recentEpisodes = 100
    private(set) var errors: [ErrorPoint] = []
    /// A bandit's curves, a point per pull: the mean reward and the % of pulls of a best arm,
    /// each over the last `recentPulls` pulls (one pull's reward is mostly noise).
    private(set) var recentReward: [Double] = []
    private(set) var recentOptimal: [Double] = []
    static let recentPulls = 100
    private var window: [(reward: Double, optimal: Bool)] = []
    private var windowNext = 0
    private var windowReward = 0.0
    private var windowOptimal = 0
    private(set) var rms: Double?
    /// At the error curve's x.
    private(set) var marks: [Int] = []
    private var ticksSinceError = 0
    private var lastErrorTime: UInt64 = 0
    /// How long the last measure took (ns): a learned policy's V^pi is an exact evaluation,
    /// dear on a large world.
    private var errorCost: UInt64 = 0
    /// The curve's x of an episode or sweep end whose error is not yet measured.
    private var errorDue: Int?

    /// `count` ticks were taken since the last call.
    mutating func ticked(_ count: Int) { ticksSinceError += count }

    mutating func episodeEnded(_ end: EpisodeEnd, samples: Int) {
        lastEpisode = end
        if firstActions.count < Self.recentEpisodes {
            firstActions.append(end.firstAction)
        } else {
            firstActions[firstActionNext] = end.firstAction
            firstActionNext = (firstActionNext + 1) % Self.recentEpisodes
        }
        Self.append(&progress, end.rewards)
        Self.append(&steps, Double(end.steps))
        Self.append(&returns, end.return_)
        errorDue = samples
    }

    /// A bandit's pull: its reward, and whether the arm was a best one as the arms stood.
    mutating func pulled(reward: Double, optimal: Bool) {
        if window.count < Self.recentPulls {
            window.append((reward, optimal))
        } else {
            let old = window[windowNext]
            windowReward -= old.reward
            windowOptimal -= old.optimal ? 1 : 0
            window[windowNext] = (reward, optimal)
            windowNext = (windowNext + 1) % Self.recentPulls
        }
        windowReward += reward
        windowOptimal += optimal ? 1 : 0
        Self.append(&recentReward, windowReward / Double(window.count))
        Self.append(&recentOptimal, 100 * Double(windowOptimal) / Double(window.count))
    }

    mutating func sweepEnded(_ end: SweepEnd) {
        lastDelta = end.maxDelta
        Self.append(&progress, end.maxDelta)
        errorDue = end.sweep
    }

    /// The values aim elsewhere from `x` on.
    mutating func mark(at x: Int) { marks.append(x) }

    /// The panel's RMS now: `nil` while another truth is on its way (or there is none).
    mutating func show(rms: Double?) { self.rms = rms }

    /// The truth arrived: the error curve starts at `x` with `rms`.
    mutating func truthArrived(at x: Int, rms: Double) {
        self.rms = rms
        errors.append(ErrorPoint(x: x, rms: rms))
    }

    /// RMS against the truth (`measure`) at an episode or sweep end: when `watched` (stepping,
    /// or slow), every time; when running fast, once per quarter of the `states`' worth of
    /// ticks and at most every 2 ms, or every 19 times as long as the last measure took (so
    /// that measuring costs at most a twentieth of the time), so that short episodes, large
    /// levels and dear measures do not spend the run measuring. Between those ends a watched
    /// tick updates the panel's RMS, so that the number moves with the values. `clock` times
    /// the measure.
    mutating func recordError(states: Int, watched: Bool, clock: () -> UInt64, measure: () -> Double) {
        let now = clock()
        guard ticksSinceError > 0 else { return }
        guard let x = errorDue else {
            if watched {
                rms = measure()
                ticksSinceError = 0
            }
            return
        }
        if !watched {
            guard ticksSinceError * 4 >= states, now - lastErrorTime > max(2_000_000, 19 * errorCost) else { return }
            lastErrorTime = now
        }
        ticksSinceError = 0
        errorDue = nil
        let start = clock()
        let error = measure()
        errorCost = clock() &- start
        rms = error
        appendError(ErrorPoint(x: x, rms: error))
    }

    /// A point of the error curve; past `maxPoints` every second one goes first.
    private mutating func appendError(_ point: ErrorPoint) {
        if errors.count >= Self.maxPoints { errors = stride(from: 0, to: errors.count, by: 2).map { errors[$0] } }
        errors.append(point)
    }

    /// The error measured now at `x`: the panel's RMS and, past the curve's last point, a
    /// point of its own.
    mutating func measureNow(at x: Int, rms: Double) {
        self.rms = rms
        ticksSinceError = 0
        guard (errors.last?.x ?? -1) < x else { return }
        appendError(ErrorPoint(x: x, rms: rms))
    }

    /// Static: a method on self taking `&self.series` would make Swift copy self, and with
    /// it the series, on every call.
    private static func append(_ series: inout [Double], _ value: Double) {
        if series.count >= maxPoints { series.removeFirst(series.count / 2) }
        series.append(value)
    }
}
