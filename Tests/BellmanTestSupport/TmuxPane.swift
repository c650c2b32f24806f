import Foundation
import XCTest

/// The real playground in a real terminal: a private tmux server with one pane running the
/// built `bellman` in a shell that reports how it ended, driven with keys and read as text.
public final class TmuxPane {
    /// Whether tmux is installed (`.ci/run` installs it); tests that need it skip without it.
    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    public let socket = "bellman-test-\(UUID().uuidString.prefix(8))"
    /// The pane's working folder, removed with the pane.
    public let directory: URL

    /// Runs `bellman arguments`. `redirect` is appended to the command line (e.g. "> out.txt").
    /// With `interactive`, the pane is an interactive shell instead, and the test types the command.
    public init(_ arguments: [String], width: Int = 120, height: Int = 40, environment: [String: String] = [:], redirect: String = "",
                interactive: Bool = false) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let env = environment.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let quoted = ([BellmanExecutable.url.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        // After the program: its exit status, the terminal's modes, then stay open to be read.
        var script = "cd '\(directory.path)'; stty -a | tr '\\n' ' ' > stty-before.txt; env \(env) \(quoted) \(redirect); echo EXIT=$?; stty -a | tr '\\n' ' ' > stty.txt; echo; echo STTY-SAVED; sleep 60"
        if interactive {
            // A shell with job control, where the program is typed as a person would.
            script = "cd '\(directory.path)'; PS1='$ ' exec bash --norc --noprofile -i"
        }
        try tmux(["new-session", "-d", "-s", "t", "-x", "\(width)", "-y", "\(height)", script])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs a tmux command on the private server and returns what it printed. Output goes
    /// through a file, not a pipe: the server that `new-session` starts would inherit a pipe
    /// and hold it open; and the command is reaped with waitpid directly.
    @discardableResult
    public func tmux(_ arguments: [String]) throws -> String {
        let output = directory.appendingPathComponent("tmux-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let command = (["tmux", "-L", socket] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            .joined(separator: " ") + " > '\(output.path)' 2>/dev/null < /dev/null"
        var pid: pid_t = 0
        let words: [String] = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    public func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", "t"] + keys) }

    public func screen(colors: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", "t"] + (colors ? ["-e"] : []))
    }

    /// Waits until the screen shows `text`; fails with the screen when it does not.
    @discardableResult
    public func waitFor(_ text: String, timeout: Double = 20, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTFail("screen never showed \(text):\n\(last)", file: file, line: line)
        return last
    }

    /// The pid of the playground (the pane shell's child).
    public func programPid() throws -> Int32? {
        let shell = try tmux(["display", "-p", "-t", "t", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    /// The terminal's state after the program exited: modes from `stty -a` and tmux's flags.
    public func terminalAfterExit(file: StaticString = #filePath, line: UInt = #line) throws -> (stty: String, before: String?, flags: String) {
        try waitFor("STTY-SAVED", file: file, line: line)
        let stty = try String(contentsOf: directory.appendingPathComponent("stty.txt"), encoding: .utf8)
        let before = try? String(contentsOf: directory.appendingPathComponent("stty-before.txt"), encoding: .utf8)
        let flags = try tmux(["display", "-p", "-t", "t", "cursor=#{cursor_flag} alternate=#{alternate_on} mouse=#{mouse_any_flag}"])
        return (stty, before, flags.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Asserts that the program left the pane's terminal as it found it: every `stty -a` setting
/// but the size, the usual cooked modes, the cursor visible, the alternate screen and mouse off.
public func assertTerminalRestored(_ pane: TmuxPane, file: StaticString = #filePath, line: UInt = #line) throws {
    let (stty, before, flags) = try pane.terminalAfterExit(file: file, line: line)
    let modes = stty.split(separator: " ")
    if let before {
        // Every setting as it was before the program ran (the size may have been changed by the test).
        func settings(_ s: String) -> [Substring] {
            s.split(separator: ";").filter { !$0.contains("rows") && !$0.contains("columns") }
        }
        XCTAssertEqual(settings(stty), settings(before), "stty -a changed", file: file, line: line)
    }
    for mode in ["icanon", "echo", "isig", "icrnl", "opost", "onlcr"] {
        XCTAssertTrue(modes.contains(Substring(mode)), "terminal left with -\(mode): \(stty)", file: file, line: line)
    }
    XCTAssertEqual(flags, "cursor=1 alternate=0 mouse=0", file: file, line: line)
}
