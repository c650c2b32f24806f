import BellmanCore
import Dispatch
import Foundation

/// Runs the selected solver on its own thread (DESIGN §1).
///
/// The UI sends commands and reads the latest `Snapshot`; the two threads share only a
/// command inbox and that snapshot, each behind a lock held for no longer than a copy. The
/// solver never waits for the UI.
public final class SolverEngine: Sendable {
    private let inbox = Locked<[EngineCommand]>([])
    private let outbox = Locked<Snapshot>(Snapshot())
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    public init() {
        Thread.detachNewThread { [self] in
            var worker = EngineWorker()
            self.work(&worker)
            self.stopped.signal()
        }
    }

    /// Queues a command for the solver thread.
    public func send(_ command: EngineCommand) {
        inbox.withLock { $0.append(command) }
        wake.signal()
    }

    /// The latest published snapshot.
    public var snapshot: Snapshot { outbox.withLock { $0 } }

    /// Stops the solver thread and waits (briefly) for it to end.
    public func shutdown() {
        send(.quit)
        _ = stopped.wait(timeout: .now() + 2)
    }

    private func work(_ worker: inout EngineWorker) {
        var handled = 0
        while true {
            let commands = inbox.withLock { queue in
                defer { queue.removeAll(keepingCapacity: true) }
                return queue
            }
            for command in commands {
                handled += 1
                if case .quit = command { return }
                // Keys pressed faster than steps finish (or a lesson's keys) each count: a step
                // still under way completes before the next command.
                switch command {
                case .step, .back: worker.finishStep()
                default: break
                }
                worker.apply(command)
            }
            if worker.hasWork {
                let pause = worker.advance()
                if worker.shouldPublish { publish(worker.snapshot(), handled) }
                if let pause { _ = wake.wait(timeout: .now() + pause) }
            } else {
                worker.collectTruth()
                if worker.isDirty { publish(worker.snapshot(), handled) }
                if worker.isSolvingTruth {
                    _ = wake.wait(timeout: .now() + 0.02)
                } else {
                    wake.wait()
                }
            }
        }
    }

    /// Publishes a snapshot; `handled` counts every command the thread has taken, whichever
    /// mode handled it, so the UI knows when its commands have been seen.
    private func publish(_ snapshot: Snapshot, _ handled: Int) {
        var snapshot = snapshot
        snapshot.acknowledged = handled
        outbox.withLock { $0 = snapshot }
    }
}
