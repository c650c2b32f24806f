#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcurses
import Synchronization

/// The last quit signal received (SIGINT, SIGTERM, SIGHUP), 0 when none. Written only by the
/// signal handler (an atomic store is async-signal-safe) and read by the main loop.
private let pendingSignal = Atomic<Int32>(0)

/// Ctrl-Z (SIGTSTP) arrived and the main loop has not stopped yet.
private let pendingStop = Atomic<Bool>(false)

/// Whether curses owns the terminal (between a successful `newterm` and `endwin`), so a crash
/// handler knows whether there is a terminal to give back.
let cursesActive = Atomic<Bool>(false)

/// What a crash handler calls to give the terminal back; set once, before the handlers go in.
nonisolated(unsafe) private var crashRestore: (@convention(c) () -> Void)?

/// Signal handling for the playground.
///
/// Quit signals only set a flag: the main loop sees `pending`, leaves its loop and closes the
/// terminal the ordinary way. Crash signals give the terminal back at once and die.
enum Signals {
    /// The quit signals: Ctrl-C, `kill`, and the terminal going away.
    static let quitSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// The signals a crash (a Swift trap, a bad access, an abort) arrives as.
    static let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE]

    /// Replaces the handling of SIGINT, SIGTERM and SIGHUP with a handler that only records the
    /// signal. Install after `Terminal.open()`: newterm installs its own handlers for signals
    /// still at their default, and these must replace them.
    ///
    /// `sa_flags` is 0, not SA_RESTART, so a signal interrupts a blocking read of the keyboard
    /// (with SA_RESTART the read would resume and the quit would wait for the next key press).
    static func installQuitHandlers() {
        for signal in quitSignals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { received in
                pendingSignal.store(received, ordering: .relaxed)
            }
            #else
            action.__sigaction_u.__sa_handler = { received in
                pendingSignal.store(received, ordering: .relaxed)
            }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
    }

    /// Replaces curses' own SIGTSTP handler, which gave the terminal back from inside the
    /// signal, on whichever thread, even in the middle of a screen update (seen under load: the
    /// program stopped with the alternate screen still on). The handler only records Ctrl-Z;
    /// the main loop calls `stopNow` between frames.
    static func installStopHandler() {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { _ in pendingStop.store(true, ordering: .relaxed) }
        #else
        action.__sigaction_u.__sa_handler = { _ in pendingStop.store(true, ordering: .relaxed) }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGTSTP, &action, nil)
    }

    /// Ctrl-Z is waiting for the main loop.
    static var stopPending: Bool { pendingStop.load(ordering: .relaxed) }

    /// Stops the process as Ctrl-Z does by default, and returns when it is continued (`fg`):
    /// the caller gives the terminal back before and takes it again after.
    static func stopNow() {
        pendingStop.store(false, ordering: .relaxed)
        signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)
        installStopHandler()
    }

    /// The quit signal received (SIGINT, SIGTERM or SIGHUP), 0 when none.
    static var pending: Int32 { pendingSignal.load(ordering: .relaxed) }

    /// Records a quit as if `signal` had arrived (the terminal uses it when its input goes away).
    static func post(_ signal: Int32) {
        pendingSignal.store(signal, ordering: .relaxed)
    }

    /// Installs handlers for SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT and SIGFPE that give the
    /// terminal back, say so on standard error, and then die of the same signal (default
    /// action, so the exit status and any core dump are as usual).
    ///
    /// `restore` runs inside a signal handler, so it must be a plain C function that does
    /// nothing but async-signal-tolerable work; the default calls `endwin()` when curses is
    /// active. This replaces the Swift runtime's backtracer for these signals, which would
    /// otherwise draw its prompt into the curses screen and leave the terminal raw.
    static func installCrashHandlers(restore: @escaping @convention(c) () -> Void = { restoreCurses() }) {
        crashRestore = restore
        for signal in crashSignals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { received in crashed(received) }
            #else
            action.__sigaction_u.__sa_handler = { received in crashed(received) }
            #endif
            sigemptyset(&action.sa_mask)
            // No SA_RESETHAND: `crashed` resets the handling itself (and the constant does not
            // fit an Int32 without `bitPattern:`).
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
    }
}

/// The default crash restore: `endwin()` if curses owns the terminal (at most once).
func restoreCurses() {
    if cursesActive.exchange(false, ordering: .relaxed) {
        endwin()
    }
}

/// The crash handler body: restore, report, die of the same signal.
private func crashed(_ received: Int32) {
    if let restore = crashRestore { restore() }
    let message: StaticString = "\nbellman: crashed; terminal restored\n"
    _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
    signal(received, SIG_DFL)
    raise(received)
}
