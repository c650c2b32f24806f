import Foundation

/// A value shared between threads behind a lock.
///
/// `NSLock` rather than Synchronization's `Mutex`: ThreadSanitizer cannot see `Mutex`'s
/// futex-based locking and reports its users as racing, which would make the
/// `swift test --sanitize=thread` run meaningless.
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with the value while holding the lock; keep it short (a copy or a swap).
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
