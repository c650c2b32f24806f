import BellmanCore
import Dispatch

/// The true values a learning state is measured against, solved in the background for the
/// world, discount and target policy it learns in now.
///
/// It follows the learning state rather than being part of it: a rewind past a gamma or
/// policy change, or a physics change, asks for another truth (`follow`), and one already
/// solved comes back from `TruthCache` at once.
struct TruthTracker {
    private(set) var truth: Truth?
    private var job: TruthJob?
    private var key: Key?

    private struct Key: Equatable {
        let model: Model
        let gamma: Double
        let kind: Truth.Kind
        static func == (a: Key, b: Key) -> Bool { a.model === b.model && a.gamma == b.gamma && a.kind == b.kind }
    }

    /// Waiting for the truth: the UI keeps polling so the error curve appears when it is ready.
    var isSolving: Bool { job != nil }

    /// What the panel says of the truth.
    var note: String? { isSolving ? "solving the DP truth…" : truth?.note }

    /// The values to measure against, when solved.
    var values: [Double]? { truth?.values }

    /// Starts solving the truth of `learning`'s world, gamma and policy, unless that is the one
    /// held or on its way; returns true when it changed (the old one no longer applies).
    @discardableResult
    mutating func follow(_ learning: LearningState) -> Bool {
        let parameters = learning.parameters
        let wanted = Key(model: learning.model, gamma: parameters.gamma,
                         kind: Truth.kind(for: learning.method, policy: parameters.policy))
        guard wanted != key else { return false }
        key = wanted
        truth = nil
        job?.cancel()
        job = TruthJob(model: wanted.model, gamma: wanted.gamma, kind: wanted.kind)
        _ = collect()
        return true
    }

    /// Takes the background truth if it has arrived; returns true when it did.
    mutating func collect() -> Bool {
        guard let job, let arrived = job.result else { return false }
        self.job = nil
        truth = arrived
        return true
    }
}

/// Solves a truth on a background queue; the tracker polls `result`.
final class TruthJob: Sendable {
    private let box = Locked<Truth?>(nil)
    private let cancelled = Locked(false)

    init(model: Model, gamma: Double, kind: Truth.Kind) {
        // The thread holds the box and the flag, not the job: dropping the job cancels it.
        DispatchQueue.global().async { [box, cancelled] in
            let truth = TruthCache.shared.truth(for: model, gamma: gamma, kind: kind) { cancelled.withLock { $0 } }
            box.withLock { $0 = truth }
        }
    }

    deinit { cancel() }

    /// Stops the solve at its next chunk of sweeps: nobody waits for this truth any more.
    func cancel() { cancelled.withLock { $0 = true } }

    var result: Truth? { box.withLock { $0 } }
}
