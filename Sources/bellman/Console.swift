#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import BellmanCore
import CAllocator

/// Standard output and standard error, the two places every command prints to. All text
/// passes through here, so two rules hold for every command at once: text from files (a
/// level's name, a key in an error message) cannot send control codes to the terminal, and a
/// write that fails (a full disk, a closed stdout) is an error with a message and exit 1,
/// never a silent half of a report.
enum Console {
    /// Run once at the start: a standard descriptor that was closed is held by a read-only
    /// `/dev/null`, so writes to it fail (rather than a later `open` getting descriptor 1 and
    /// the report landing in a session file); a write past `ulimit -f` is an error to report,
    /// not a signal that kills the process; the memory a run frees is kept for the next
    /// run (`bellman_keep_freed_memory`).
    static func prepare() {
        for fd in Int32(0)...2 where fcntl(fd, F_GETFD) == -1 {
            let null = open("/dev/null", O_RDONLY)
            if null >= 0 && null != fd {
                dup2(null, fd)
                close(null)
            }
        }
        signal(SIGXFSZ, SIG_IGN)
        // 256 MB free at a heap's top before any goes back; arrays up to 32 MB from the heaps.
        _ = bellman_keep_freed_memory(256 << 20, 32 << 20)
    }

    /// Prints `text` (a newline follows unless `terminator` says otherwise) to standard output;
    /// exits 1 with a message on standard error when it cannot be written.
    static func out(_ text: String, terminator: String = "\n") throws {
        guard write(1, text.terminalSafe(keepingLines: true) + terminator) else {
            err("bellman: cannot write the output: \(String(cString: strerror(errno))); nothing more was printed")
            throw ExitCode(1)
        }
    }

    /// Prints a message to standard error (where a failure has nowhere else to be told).
    static func err(_ text: String) {
        _ = write(2, text.terminalSafe(keepingLines: true) + "\n")
    }

    /// A progress line on standard error when it is a terminal: drawn over itself (carriage
    /// return, clear to the end), so a long study shows how far it is without scrolling;
    /// `nil` clears it. Nothing at all when standard error is a file or a pipe.
    static func progress(_ text: String?) {
        guard isatty(2) == 1 else { return }
        _ = write(2, "\r\u{1B}[K" + (text?.terminalSafe(keepingLines: false) ?? ""))
    }

    /// A study's progress bar, `label ████░░ 40% (4 of 10 runs)`, redrawn every percent and
    /// cleared when the runs are done.
    static func runsDone(_ label: String, _ done: Int, of total: Int) {
        guard total < 100 || done % (total / 100) == 0 || done == total else { return }
        let width = 30, filled = done * width / total
        progress(done == total ? nil : "\(label) " + String(repeating: "█", count: filled)
                 + String(repeating: "░", count: width - filled) + " \(done * 100 / total)% (\(done) of \(total) runs)")
    }

    /// The width text printed to standard output is wrapped to: the terminal's columns when
    /// it is a terminal, 80 when it is a file or a pipe (or the terminal does not say).
    static var width: Int {
        guard isatty(1) == 1 else { return 80 }
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// Writes all of `text`, retrying short writes; false on an error.
    private static func write(_ fd: Int32, _ text: String) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }
}
