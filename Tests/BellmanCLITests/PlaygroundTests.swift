import Foundation
import XCTest

/// The real playground in a real terminal: the binary under tmux, driven with keys, checked
/// on screen and, after it exits, for a terminal given back intact.
final class PlaygroundTests: XCTestCase {
    /// A private tmux server with one pane running `command` in a shell that reports how it ended.
    final class Pane {
        let socket = "bellman-test-\(UUID().uuidString.prefix(8))"
        let directory: URL

        init(_ arguments: [String], width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let env = environment.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let quoted = ([CLITests.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
            // After the program: its exit status, the terminal's modes, then stay open to be read.
            let script = "cd '\(directory.path)'; env \(env) \(quoted); echo EXIT=$?; stty -a | tr '\\n' ' ' > stty.txt; echo; echo STTY-SAVED; sleep 60"
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
        func tmux(_ arguments: [String]) throws -> String {
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

        func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", "t"] + keys) }

        func screen(colors: Bool = false) throws -> String {
            try tmux(["capture-pane", "-p", "-t", "t"] + (colors ? ["-e"] : []))
        }

        /// Waits until the screen shows `text`; fails with the screen when it does not.
        @discardableResult
        func waitFor(_ text: String, timeout: Double = 20, file: StaticString = #filePath, line: UInt = #line) throws -> String {
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
        func programPid() throws -> Int32? {
            let shell = try tmux(["display", "-p", "-t", "t", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
            return children.split(separator: " ").first.flatMap { Int32($0) }
        }

        /// The terminal's state after the program exited: modes from `stty -a` and tmux's flags.
        func terminalAfterExit(file: StaticString = #filePath, line: UInt = #line) throws -> (stty: String, flags: String) {
            try waitFor("STTY-SAVED", file: file, line: line)
            let stty = try String(contentsOf: directory.appendingPathComponent("stty.txt"), encoding: .utf8)
            let flags = try tmux(["display", "-p", "-t", "t", "cursor=#{cursor_flag} alternate=#{alternate_on} mouse=#{mouse_any_flag}"])
            return (stty, flags.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            throw XCTSkip("tmux is not installed (.ci/run installs it)")
        }
    }

    func assertSane(_ pane: Pane, file: StaticString = #filePath, line: UInt = #line) throws {
        let (stty, flags) = try pane.terminalAfterExit(file: file, line: line)
        let modes = stty.split(separator: " ")
        for mode in ["icanon", "echo", "isig", "icrnl", "opost", "onlcr"] {
            XCTAssertTrue(modes.contains(Substring(mode)), "terminal left with -\(mode): \(stty)", file: file, line: line)
        }
        XCTAssertEqual(flags, "cursor=1 alternate=0 mouse=0", file: file, line: line)
    }

    func testStartRunPauseStepSwitchAndQuit() throws {
        let pane = try Pane([])
        var screen = try pane.waitFor("Cliff Walking │ DP value-iteration │ ⏸ paused")
        XCTAssertTrue(screen.contains("space run  . tick  e episode"), screen)
        try pane.keys("w")
        screen = try pane.waitFor("sweeps           1")
        XCTAssertTrue(screen.contains("V(r"), "the explain box shows the last backup:\n\(screen)")
        try pane.keys("+", "+", "+", " ")
        try pane.waitFor("✓ converged")
        try pane.keys("3")
        try pane.waitFor("TD q-learning │ ⏸ paused")
        try pane.keys(".")
        screen = try pane.waitFor("samples          1")
        XCTAssertTrue(screen.contains("max_a Q(r"), "Q-learning's update is explained:\n\(screen)")
        try pane.keys("e")
        try pane.waitFor("episodes         1")
        try pane.keys("?")
        try pane.waitFor("Bellman keys")
        try pane.keys("Escape")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertSane(pane)
    }

    func testCtrlCAndSigtermRestoreTheTerminal() throws {
        let interrupted = try Pane([])
        try interrupted.waitFor("⏸ paused")
        try interrupted.keys("3", "+", "+", "+", "+", " ")
        try interrupted.waitFor("▶ running")
        try interrupted.keys("C-c")
        try interrupted.waitFor("EXIT=130")
        try assertSane(interrupted)

        let terminated = try Pane([])
        try terminated.waitFor("⏸ paused")
        let pid = try XCTUnwrap(try terminated.programPid())
        kill(pid, SIGTERM)
        try terminated.waitFor("EXIT=143")
        try assertSane(terminated)
    }

    /// Paused, the playground blocks on input: no CPU.
    func testNoCPUWhilePaused() throws {
        let pane = try Pane([])
        try pane.waitFor("⏸ paused")
        Thread.sleep(forTimeInterval: 0.5)
        let pid = try XCTUnwrap(try pane.programPid())
        func cpuTicks() throws -> Int {
            let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
            let fields = stat.split(separator: ")").last!.split(separator: " ")
            return Int(fields[11])! + Int(fields[12])!  // utime + stime, in 1/100 s
        }
        let before = try cpuTicks()
        Thread.sleep(forTimeInterval: 3)
        let used = try cpuTicks() - before
        XCTAssertLessThanOrEqual(used, 3, "paused for 3 s used \(used)/100 s of CPU")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
    }

    func testNoColorAndASmallTerminal() throws {
        let pane = try Pane([], width: 40, height: 12, environment: ["NO_COLOR": "1"])
        let screen = try pane.waitFor("⏸")
        XCTAssertTrue(screen.contains("? help"), screen)
        let colored = try pane.screen(colors: true)
        XCTAssertFalse(colored.contains("[38;5;") || colored.contains("[48;5;"), "NO_COLOR draws no colours:\n\(colored)")
        try pane.tmux(["resize-window", "-t", "t", "-x", "30", "-y", "10"])
        try pane.waitFor("Bellman needs at least 40x12")
        try pane.tmux(["resize-window", "-t", "t", "-x", "100", "-y", "30"])
        try pane.waitFor("Cliff Walking │")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertSane(pane)
    }

    func testCompareModeFromTheCommandLine() throws {
        let pane = try Pane(["play", "cliff-walking", "--compare", "value-iteration,sarsa,q-learning"])
        try pane.waitFor("compare value-iteration vs sarsa vs q-learning │ ⏸ paused")
        try pane.keys(".", ".")
        let screen = try pane.waitFor("0 samples, 2 sweeps")
        XCTAssertTrue(screen.contains("q-learning (TD)"), screen)
        try pane.keys("C")
        try pane.waitFor("DP value-iteration │")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertSane(pane)
    }

    func testBrokenLevelIsReportedBeforeTheScreenOpens() throws {
        let pane = try Pane(["/nonexistent/level.toml"])
        let screen = try pane.waitFor("EXIT=1")
        XCTAssertTrue(screen.contains("/nonexistent/level.toml:1:1: no such file"), screen)
        try assertSane(pane)
    }
}
