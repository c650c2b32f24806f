import BellmanCore
import BellmanTestSupport
import Foundation
import XCTest

/// The real playground in a real terminal: the binary under tmux, driven with keys, checked
/// on screen and, after it exits, for a terminal given back intact.
final class PlaygroundTests: XCTestCase {
    override func setUpWithError() throws {
        guard TmuxPane.isAvailable else {
            throw XCTSkip("tmux is not installed (.ci/run installs it)")
        }
    }

    func testStartRunPauseStepSwitchAndQuit() throws {
        let pane = try TmuxPane([])
        var screen = try pane.waitFor("Cliff Walking │ DP value-iteration │ ‖ paused")
        XCTAssertTrue(screen.contains("space run  . tick  e episode"), screen)
        try pane.keys("w")
        screen = try pane.waitFor("sweeps           1")
        XCTAssertTrue(screen.contains("V(r"), "the explain box shows the last backup:\n\(screen)")
        try pane.keys("+", "+", "+", " ")
        try pane.waitFor("✓ converged")
        try pane.keys("3")
        try pane.waitFor("TD q-learning │ ‖ paused")
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
        try assertTerminalRestored(pane)
    }

    func testCtrlCAndSigtermRestoreTheTerminal() throws {
        let interrupted = try TmuxPane([])
        try interrupted.waitFor("‖ paused")
        try interrupted.keys("3", "+", "+", "+", "+", " ")
        try interrupted.waitFor("▶ running")
        try interrupted.keys("C-c")
        try interrupted.waitFor("EXIT=130")
        try assertTerminalRestored(interrupted)

        let terminated = try TmuxPane([])
        try terminated.waitFor("‖ paused")
        let pid = try XCTUnwrap(try terminated.programPid())
        kill(pid, SIGTERM)
        try terminated.waitFor("EXIT=143")
        try assertTerminalRestored(terminated)
    }

    /// SIGHUP (the terminal window closed) quits like SIGTERM, mid-run, with status 129.
    func testHangupQuitsCleanly() throws {
        let pane = try TmuxPane([])
        try pane.waitFor("‖ paused")
        try pane.keys("3", "+", "+", "+", " ")
        try pane.waitFor("▶ running")
        let pid = try XCTUnwrap(try pane.programPid())
        kill(pid, SIGHUP)
        try pane.waitFor("EXIT=129")
        try assertTerminalRestored(pane)
    }

    /// Paused, the playground blocks on input: no CPU.
    func testNoCPUWhilePaused() throws {
        let pane = try TmuxPane([])
        try pane.waitFor("‖ paused")
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
        let pane = try TmuxPane([], width: 40, height: 12, environment: ["NO_COLOR": "1"])
        let screen = try pane.waitFor("‖")
        XCTAssertTrue(screen.contains("? help"), screen)
        let colored = try pane.screen(colors: true)
        XCTAssertFalse(colored.contains("[38;5;") || colored.contains("[48;5;"), "NO_COLOR draws no colours:\n\(colored)")
        try pane.tmux(["resize-window", "-t", "t", "-x", "30", "-y", "10"])
        try pane.waitFor("Bellman needs at least 40x12")
        try pane.tmux(["resize-window", "-t", "t", "-x", "100", "-y", "30"])
        try pane.waitFor("Cliff Walking │")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertTerminalRestored(pane)
    }

    func testCompareModeFromTheCommandLine() throws {
        let pane = try TmuxPane(["play", "cliff-walking", "--compare", "value-iteration,sarsa,q-learning"])
        try pane.waitFor("‖ paused 50/s │ compare value-iteration vs sarsa vs q-learning")
        try pane.keys(".", ".")
        let screen = try pane.waitFor("0 samples, 2 sweeps")
        XCTAssertTrue(screen.contains("q-learning (TD)"), screen)
        try pane.keys("C")
        try pane.waitFor("DP value-iteration │")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertTerminalRestored(pane)
    }

    func testBrokenLevelIsReportedBeforeTheScreenOpens() throws {
        let pane = try TmuxPane(["/nonexistent/level.toml"])
        let screen = try pane.waitFor("EXIT=1")
        XCTAssertTrue(screen.contains("bellman: /nonexistent/level.toml: no such file"), screen)
        try assertTerminalRestored(pane)
    }

    /// Ctrl-Z (in a shell with job control) gives the terminal back while stopped; `fg`
    /// redraws the screen and the playground goes on where it was.
    func testCtrlZStopsWithTheTerminalBackAndFgRedraws() throws {
        let pane = try TmuxPane([], interactive: true)
        try pane.waitFor("$")
        try pane.keys("'\(BellmanExecutable.url.path)'", "Enter")
        try pane.waitFor("‖ paused")
        try pane.keys("3", " ")
        try pane.waitFor("▶ running")
        try pane.keys("C-z")
        let stopped = try pane.waitFor("Stopped")
        XCTAssertFalse(stopped.contains("Cliff Walking │"), "the shell's screen is back:\n\(stopped)")
        let flags = try pane.tmux(["display", "-p", "-t", "t", "alternate=#{alternate_on} cursor=#{cursor_flag}"])
        XCTAssertEqual(flags.trimmingCharacters(in: .whitespacesAndNewlines), "alternate=0 cursor=1", "stopped, the terminal is the shell's")
        try pane.keys("stty -a | tr '\\n' ' ' > stty-stopped.txt", "Enter")
        try pane.keys("fg", "Enter")
        try pane.waitFor("▶ running")
        try pane.keys(" ")
        try pane.waitFor("‖ paused")
        try pane.keys("q")
        // The marker is typed split (STTY-""SAVED) so the command line itself does not show it:
        // the wait must end when stty has written its file, not when the command is typed.
        try pane.keys("echo EXIT=$?; stty -a | tr '\\n' ' ' > stty.txt; echo STTY-\"\"SAVED", "Enter")
        try pane.waitFor("EXIT=0")
        try assertTerminalRestored(pane)
        let whileStopped = try String(contentsOf: pane.directory.appendingPathComponent("stty-stopped.txt"), encoding: .utf8)
        for mode in ["icanon", "echo", "isig"] {
            XCTAssertTrue(whileStopped.split(separator: " ").contains(Substring(mode)), "stopped with -\(mode): \(whileStopped)")
        }
    }

    /// Resizing while the solver runs flat out, down to a 1x1 terminal and back, never breaks
    /// the screen or the program.
    func testResizeToOneByOneWhileRunningFast() throws {
        let pane = try TmuxPane([])
        try pane.waitFor("‖ paused")
        try pane.keys("3", "+", "+", "+", "+", "+", "+", " ")
        try pane.waitFor("▶ running")
        for (width, height) in [(1, 1), (39, 11), (40, 12), (1, 1), (200, 60), (80, 24)] {
            try pane.tmux(["resize-window", "-t", "t", "-x", "\(width)", "-y", "\(height)"])
            Thread.sleep(forTimeInterval: 0.3)
        }
        try pane.tmux(["resize-window", "-t", "t", "-x", "120", "-y", "40"])
        try pane.waitFor("Cliff Walking │ TD q-learning │ ▶ running")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertTerminalRestored(pane)
    }

    /// Without a usable terminal the playground says why and what to use instead, exit 1.
    func testNoUsableTerminalIsRefusedWithAReason() throws {
        for (environment, redirect, reason) in [(["TERM": "dumb"], "", "TERM=dumb cannot move the cursor"),
                                                (["TERM": ""], "", "TERM is not set"),
                                                ([:], "> out.txt", "stdout is not a terminal"),
                                                ([:], "< /dev/null", "stdin is not a terminal")] {
            let pane = try TmuxPane([], environment: environment, redirect: redirect)
            let screen = try pane.waitFor("EXIT=1")
            XCTAssertTrue(screen.contains(reason), "\(reason):\n\(screen)")
            XCTAssertTrue(screen.contains("bellman run"), "points to the headless command:\n\(screen)")
            try assertTerminalRestored(pane)
        }
    }

    /// The level file may be broken or go away while it is open: the playground keeps the
    /// level it loaded.
    func testLevelFileBrokenAndDeletedWhileOpen() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-deleted-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("mine.toml")
        try "name = \"Mine\"\nmap = \"\"\"\nS..\n..G\n\"\"\"\n".write(to: file, atomically: true, encoding: .utf8)
        let pane = try TmuxPane([file.path])
        try pane.waitFor("Mine │ DP value-iteration │ ‖ paused")
        try "[[[ not a level".write(to: file, atomically: true, encoding: .utf8)
        try pane.keys("w", "r")
        try pane.waitFor("Mine │ DP value-iteration │ ‖ paused")
        try FileManager.default.removeItem(at: directory)
        try pane.keys("r", "w", "3", ".")
        try pane.waitFor("samples          1")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertTerminalRestored(pane)
    }

    /// Hot reload: saving the open level in an editor reloads it within a second, without
    /// leaving the playground; a broken save shows its FILE:LINE:COL and the last good level
    /// goes on; fixing it reloads again.
    func testEditingTheOpenLevelReloadsIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("mine.toml")
        try "name = \"Mine\"\nmap = \"\"\"\nS..\n..G\n\"\"\"\n".write(to: file, atomically: true, encoding: .utf8)
        let pane = try TmuxPane([file.path])
        try pane.waitFor("Mine │ DP value-iteration │ ‖ paused")
        try pane.keys("3")
        try pane.waitFor("Mine │ TD q-learning │ ‖ paused")
        try "name = \"Mine, bigger\"\nmap = \"\"\"\nS....\n.....\n....G\n\"\"\"\n".write(to: file, atomically: true, encoding: .utf8)
        var screen = try pane.waitFor("Mine, bigger │ TD q-learning", timeout: 3)
        XCTAssertTrue(screen.contains("reloaded"), screen)
        try "name = \"Mine\"\ngamma = 2\nmap = \"S.G\"\n".write(to: file, atomically: true, encoding: .utf8)
        screen = try pane.waitFor("mine.toml:2:9: gamma = 2 is out of range", timeout: 3)
        XCTAssertTrue(screen.contains("Mine, bigger │ TD q-learning"), "the last good level goes on:\n\(screen)")
        try pane.keys(".")
        try pane.waitFor("samples          1")
        try "name = \"Mine, fixed\"\ngamma = 0.9\nmap = \"S.G\"\n".write(to: file, atomically: true, encoding: .utf8)
        try pane.waitFor("Mine, fixed │ TD q-learning", timeout: 3)
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertTerminalRestored(pane)
    }

    /// Rewind in the real program: back one tick shows the state at that moment, forward again
    /// shows the same update as before.
    func testRewindOneTickAndForwardAgain() throws {
        let pane = try TmuxPane([])
        try pane.waitFor("‖ paused")
        try pane.keys("3")
        try pane.waitFor("TD q-learning │ ‖ paused")
        // Presses faster than ticks finish each count.
        for _ in 0..<3 { try pane.keys(".") }
        let third = try pane.waitFor("samples          3")
        try pane.keys(",")
        let back = try pane.waitFor("◀ back 1 of 3 ticks held")
        XCTAssertTrue(back.contains("samples          2"), back)
        try pane.keys(".")
        let again = try pane.waitFor("3 ticks held (")
        func update(_ screen: String) -> String? { screen.split(separator: "\n").first { $0.contains("= ") && $0.contains("Q(r") }.map { String($0.prefix(78)) } }
        XCTAssertEqual(update(again), update(third), "the same third update")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertTerminalRestored(pane)
    }

    /// You drive (`h`): the arrows take Q-learning's steps, counted as samples; `S` saves a
    /// session with them that `run --load` replays to the same tables.
    func testYouDriveWithTheArrowsAndTheSessionKeepsYourSteps() throws {
        let pane = try TmuxPane(["play", "--save", "driven.json"])
        try pane.waitFor("‖ paused")
        try pane.keys("3")
        try pane.waitFor("TD q-learning │ ‖ paused")
        try pane.keys("h")
        try pane.waitFor("TD q-learning │ you drive")
        try pane.keys("Up")
        try pane.keys("Right")
        try pane.keys("Right")
        var screen = try pane.waitFor("samples          3")
        XCTAssertTrue(screen.contains("you drive: 3 steps, h hands back"), screen)
        XCTAssertTrue(screen.contains("step: r2c1 --E--> r2c2"), "the explain box shows your step:\n\(screen)")
        XCTAssertTrue(screen.contains("arrows: your action"), screen)
        // Back one tick over a driven step, and the method takes over from there.
        try pane.keys(",")
        try pane.waitFor("samples          2")
        try pane.keys("h")
        try pane.waitFor("the method drives again")
        try pane.keys(".")
        screen = try pane.waitFor("samples          3")
        XCTAssertTrue(screen.contains("the method drives (you drove 2, h)"), screen)
        try pane.keys("S")
        try pane.waitFor("saved the session at tick 3")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertTerminalRestored(pane)
        let session = try Session.read(pane.directory.appendingPathComponent("driven.json").path)
        XCTAssertEqual(session.drives?.map(\.tick), [0, 1])
    }

    /// Build mode (`b`): a wall built while Q-learning runs, its reward keys, and `w` writing
    /// the edited level, which `bellman check` accepts and `play` opens to the same map.
    func testBuildModeEditsTheMapWhileItRunsAndWritesTheLevel() throws {
        let pane = try TmuxPane(["play", "--export-dir", "exports"])
        try pane.waitFor("‖ paused")
        try pane.keys("3")
        try pane.waitFor("TD q-learning │ ‖ paused")
        for _ in 0..<5 { try pane.keys("+") }
        try pane.keys(" ")
        try pane.waitFor("▶ running 2.0k/s")
        try pane.keys("b")
        try pane.waitFor("build mode: move the cursor and set its cell")
        try pane.keys("Up")
        for _ in 0..<5 { try pane.keys("Right") }
        try pane.keys("#")
        var screen = try pane.waitFor("r2c5: floor → wall")
        XCTAssertTrue(screen.contains("build: 1 edit; w: write level"), screen)
        // Learning goes on (the title says "working…" until the engine has taken the edit).
        try pane.waitFor("│ ▶ running")
        try pane.keys("Left")
        try pane.keys("+")
        try pane.waitFor("r2c4's reward -1 → -0.5")
        try pane.keys("w")
        screen = try pane.waitFor("/exports/cliff-walking-edited.toml")
        XCTAssertTrue(screen.contains("level written to /"), "the whole path: \(screen)")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertTerminalRestored(pane)
        let written = pane.directory.appendingPathComponent("exports/cliff-walking-edited.toml").path
        let check = try BellmanExecutable.run(["check", written])
        XCTAssertEqual(check.status, 0, "bellman check accepts the level written: \(check.stderr)")
        let level = try LevelParser.parse(contentsOf: URL(fileURLWithPath: written))
        XCTAssertEqual(level.cell(2, 5).kind, .wall)
        XCTAssertEqual(level.cell(2, 4).reward, -0.5)
    }

    /// `X` exports the screen, values and curves; `--record` writes an asciicast of the session.
    func testExportKeyAndRecording() throws {
        let pane = try TmuxPane(["play", "--record", "session.cast", "--export-dir", "exports"])
        try pane.waitFor("‖ paused")
        try pane.keys("3", "e")
        try pane.waitFor("episodes         1")
        try pane.keys("X")
        let screen = try pane.waitFor("exported to")
        XCTAssertTrue(screen.contains("exported to /") && screen.contains("/exports/cliff-walking-q-learning-"), screen)
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertTerminalRestored(pane)
        let exports = pane.directory.appendingPathComponent("exports")
        let folder = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: exports.path).first)
        XCTAssertTrue(folder.hasPrefix("cliff-walking-q-learning-"), folder)
        let frame = try String(contentsOf: exports.appendingPathComponent(folder).appendingPathComponent("frame.txt"), encoding: .utf8)
        XCTAssertTrue(frame.contains("Cliff Walking │ TD q-learning"), frame)
        let cast = try String(contentsOf: pane.directory.appendingPathComponent("session.cast"), encoding: .utf8).split(separator: "\n")
        XCTAssertGreaterThan(cast.count, 3)
        let header = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(cast[0].utf8)) as? [String: Any])
        XCTAssertEqual(header["version"] as? Int, 2)
        XCTAssertEqual(header["width"] as? Int, 120)
        for line in cast.dropFirst() { XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8))) }
        XCTAssertTrue(cast.contains { $0.contains("exported to") }, "the recording has the screens that were drawn")
    }

    /// Every bundled lesson runs to its end in the real program.
    func testEveryLessonRunsToItsEnd() throws {
        for name in ["dp-vs-sampling", "sarsa-vs-q-learning", "planning", "blackjack", "signal"] {
            let pane = try TmuxPane(["lesson", name])
            var screen = ""
            // Each caption waited for by its number, so no press is lost to a slow machine.
            for step in 1...10 {
                screen = try pane.waitFor("· \(step)/")
                if screen.contains("(the end; q quits)") { break }
                try pane.keys("n")
            }
            XCTAssertTrue(screen.contains("(the end; q quits)"), "\(name):\n\(screen)")
            XCTAssertTrue(screen.contains("compare "), "\(name) ends in compare mode:\n\(screen)")
            try pane.keys("q")
            try pane.waitFor("EXIT=0")
            try assertTerminalRestored(pane)
        }
    }
}

/// The playground's own writes under hostile conditions: a recording that hits a full disk,
/// exports named from a hostile level file, a save path that holds somebody else's file.
extension PlaygroundTests {
    func testARecordingOnAFullDiskStopsAndTheTerminalComesBack() throws {
        let pane = try TmuxPane([], interactive: true)
        // Type only once the shell is ready: keys sent before its prompt can be lost.
        try pane.waitFor("$")
        // ulimit -f counts 1024-byte blocks here: 100 KB hold a few screens.
        try pane.keys("ulimit -f 100; '\(BellmanExecutable.url.path)' play --record r.cast; echo EXIT=$?", "Enter")
        try pane.waitFor("‖ paused")
        try pane.keys("3", "+", "+", " ")
        try pane.waitFor("recording stopped, the screens before are kept")
        try pane.keys("q")
        let screen = try pane.waitFor("EXIT=1")
        XCTAssertTrue(screen.contains("r.cast: cannot write the recording: File too large; recording stopped"), screen)
        let cast = try String(contentsOf: pane.directory.appendingPathComponent("r.cast"), encoding: .utf8)
        let lines = cast.split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 1)
        for line in lines {
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)), "every kept line is whole")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: pane.directory.path).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(left, [], "no temporary file left")
    }

    func testExportsStayInTheirFolderAndSaveLeavesOtherFilesAlone() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-hostile-play-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A level whose file name and level name carry escape sequences and path pieces.
        let level = directory.appendingPathComponent("..\u{1B}]0;x.toml")
        try "name = \"Evil\\u001b]0;pwned\\u0007\"\nmap = \"S..G\"\n".write(to: level, atomically: true, encoding: .utf8)
        let notes = directory.appendingPathComponent("notes.txt")
        try "my own notes".write(to: notes, atomically: true, encoding: .utf8)
        let pane = try TmuxPane(["play", level.path, "--export-dir", directory.appendingPathComponent("exports").path, "--save", notes.path])
        try pane.waitFor("‖ paused")
        let title = try pane.tmux(["display", "-p", "-t", "t", "#{pane_title}"])
        XCTAssertFalse(title.contains("pwned"), "the level's name did not retitle the terminal: \(title)")
        try pane.keys("X")
        try pane.waitFor("exported to")
        try pane.keys("X")
        try pane.waitFor("-0-2/")
        let exports = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("exports").path).sorted()
        XCTAssertEqual(exports, ["--0-x-value-iteration-0", "--0-x-value-iteration-0-2"], "inside the export folder, the second one new")
        try pane.keys("S")
        try pane.waitFor("is not a Bellman session: S leaves it alone")
        XCTAssertEqual(try String(contentsOf: notes, encoding: .utf8), "my own notes")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertTerminalRestored(pane)
    }
}

extension PlaygroundTests {
    /// A session made on a level file that is gone since: it holds the level's text, so S
    /// saves it again, naming the same level file (not the session it came from).
    func testASessionOfADeletedLevelFileSavesAgain() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-session-play-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let level = directory.appendingPathComponent("mine.toml"), first = directory.appendingPathComponent("s.json")
        let second = directory.appendingPathComponent("s2.json")
        try "name = \"Mine\"\nmap = \"S..G\"\n".write(to: level, atomically: true, encoding: .utf8)
        let made = try BellmanExecutable.run(["run", level.path, "--method", "q-learning", "--episodes", "5", "--save", first.path])
        XCTAssertEqual(made.status, 0, made.stderr)
        try FileManager.default.removeItem(at: level)
        let pane = try TmuxPane(["play", "--load", first.path, "--save", second.path])
        try pane.waitFor("‖ paused")
        try pane.keys("S")
        try pane.waitFor("saved the session at tick")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        let saved = try String(contentsOf: second, encoding: .utf8)
        XCTAssertTrue(saved.contains("\"file\" : \"\(level.path)\""), saved)
        XCTAssertTrue(saved.contains("name = \\\"Mine\\\""), "the level's text travels with the session")
    }
}

extension PlaygroundTests {
    /// A model that is not a grid in the real terminal: the gambler's layout, value iteration's
    /// sweeps, the stakes where a grid has arrows, and the terminal given back.
    func testTheGamblerOpensInThePlayground() throws {
        let pane = try TmuxPane(["play", "gambler"])
        try pane.waitFor("Gambler's problem (p = 0.4) │ DP value-iteration │ ‖ paused")
        try pane.keys("+", "+", "+", " ")
        let screen = try pane.waitFor("RMS vs V*       0.00", timeout: 30)
        XCTAssertTrue(screen.contains("rows ↓ capital (tens)"), screen)
        XCTAssertTrue(screen.contains("0.40   0.40   0.41"), screen)
        XCTAssertTrue(screen.contains("1,49"), "the tied stakes of Figure 4.3\n\(screen)")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertTerminalRestored(pane)
    }

    /// `--policy` opens policy evaluation of it; t changes the cursor's state, T writes the
    /// whole policy as a file in the export folder.
    func testATargetPolicyIsSetAndSaved() throws {
        let pane = try TmuxPane(["play", "blackjack", "--policy", "blackjack-stick-20", "--export-dir", "exports"])
        try pane.waitFor("Blackjack │ DP policy-evaluation │ ‖ paused")
        try pane.keys("t")
        try pane.waitFor("target policy at 21,1,usable: random")
        try pane.keys("T")
        try pane.waitFor("/exports/blackjack-policy.toml (199 states set")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertTerminalRestored(pane)
        let saved = try String(contentsOf: pane.directory.appendingPathComponent("exports/blackjack-policy.toml"), encoding: .utf8)
        XCTAssertTrue(saved.contains("level = \"blackjack\"\n"), saved)
        XCTAssertFalse(saved.contains("\"21,1,usable\""), "t made it random again, so it is left out\n\(saved)")
        XCTAssertTrue(saved.contains("\"21,2,usable\" = \"stick\""), saved)
    }

    func testPlayOpensWithTheMethodParametersGiven() throws {
        let pane = try TmuxPane(["play", "--method", "q-learning", "--alpha", "0.1", "--epsilon", "0.2"])
        let screen = try pane.waitFor("TD q-learning │ ‖ paused")
        XCTAssertTrue(screen.contains("alpha            0.1"), screen)
        XCTAssertTrue(screen.contains("epsilon          0.2"), screen)
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertTerminalRestored(pane)
    }
}
