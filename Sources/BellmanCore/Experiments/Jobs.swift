import Foundation

/// A study's runs spread over the threads.
enum Jobs {
    /// Runs `body` for every job of `0..<count` on `threads` threads, each thread taking the
    /// next job no thread has taken yet. A fixed share per thread left one thread working alone
    /// at the end whenever the machine slowed the other (80 ms of Figure 2.2's 0.4 s); taking
    /// turns, a slowed thread simply takes fewer jobs. What a job computes depends on its
    /// number only, never on the thread that runs it, so results do not depend on `threads`.
    static func run(_ count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        let next = Locked(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            while true {
                let j = next.withLock { taken in defer { taken += 1 }; return taken }
                guard j < count else { return }
                body(j)
            }
        }
    }
}
