import BellmanTestSupport
import Foundation
import XCTest

/// Every example command of `README.md` and `docs/*.md` runs on the built binary and does what
/// the page shows, by the convention `docs/testing.md` states ("The examples in these pages").
/// Headless commands run through `/bin/sh` in one temporary folder per page (also `$HOME`),
/// the built `bellman` first on the `PATH`; the playground's run under tmux, to their first
/// screen and `q`.
final class DocsExamplesTests: XCTestCase {
    /// Each page has its test below; a new page needs one.
    func testEveryPageHasItsTest() {
        XCTAssertEqual(RepositoryDocs.pages, ["README.md", "docs/experiments.md", "docs/figures.md", "docs/files.md", "docs/performance.md",
                                              "docs/playground.md", "docs/signal.md", "docs/testing.md"])
    }

    // The least number of commands each page shows: a parser that found none would pass.
    func testTheREADMEsExamples() throws { try checkExamples(of: "README.md", atLeast: 12) }
    func testTheExperimentsExamples() throws { try checkExamples(of: "docs/experiments.md", atLeast: 20) }
    func testTheFiguresExamples() throws { try checkExamples(of: "docs/figures.md", atLeast: 3) }
    func testTheFilesExamples() throws { try checkExamples(of: "docs/files.md", atLeast: 2) }
    func testThePerformanceExamples() throws { try checkExamples(of: "docs/performance.md", atLeast: 1) }
    func testThePlaygroundExamples() throws { try checkExamples(of: "docs/playground.md", atLeast: 3) }
    func testTheSignalStudysExamples() throws { try checkExamples(of: "docs/signal.md", atLeast: 3) }
    func testTheTestingPagesExamples() throws { try checkExamples(of: "docs/testing.md", atLeast: 0) }

    /// The convention's own rules, on made-up pages.
    func testTheConventionIsReadAsDocumented() {
        let page = DocExamples(page: "p.md", lines: [
            "```console", "$ bellman run x --runs 5 \\", "    --budget 9   # heavy: tested with --runs 1 --budget 2", "shown",
            "$ bellman check bad.toml   # exit 1", "$ bellman race y   # the cost; heavy: tested with --runs 2", "$ bellman lesson dp-vs-sampling", "$ bellman lesson --list", "```",
            "```toml", "# bad.toml", "gamma = 2", "```", "```sh", "bellman levels", "```",
        ])
        XCTAssertEqual(page.problems, ["p.md:15: a bellman command outside a console block is never run; show it as `$ bellman ...` in a console block"])
        let commands = page.commands
        XCTAssertEqual(commands.map(\.line), [2, 5, 6, 7, 8])
        XCTAssertEqual(commands[0].shown, ["shown"])
        XCTAssertEqual(commands[0].reduced, "bellman run x --runs 1 --budget 2")
        XCTAssertEqual(commands[1].expectedStatus, 1)
        XCTAssertEqual(commands[2].reduced, "bellman race y --runs 2")
        XCTAssertEqual(commands.map(\.needsTerminal), [false, false, false, true, false])
        guard case .file(let name, let text) = page.steps.last else { return XCTFail("the toml block is a file: \(page.steps)") }
        XCTAssertEqual(name, "bad.toml")
        XCTAssertEqual(text, "# bad.toml\ngamma = 2\n")
        XCTAssertTrue(DocExamples.matches(["a", "b", "c", "d"], ["a", "...", "d"]))
        XCTAssertTrue(DocExamples.matches(["a", "b", "c", "d"], ["a", "...", "c", "..."]))
        XCTAssertFalse(DocExamples.matches(["a", "b", "c", "d"], ["a", "...", "c"]))
        XCTAssertFalse(DocExamples.matches(["a", "b"], ["a", "b", "c"]))
        XCTAssertFalse(DocExamples.matches(["x", "b"], ["a", "...", "b"]))
    }

    func checkExamples(of page: String, atLeast count: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let examples = DocExamples(page: page, lines: try RepositoryDocs.lines(of: page))
        XCTAssertEqual(examples.problems, [], "\(page) breaks the examples' convention", file: file, line: line)
        XCTAssertGreaterThanOrEqual(examples.commands.count, count, "\(page)'s examples", file: file, line: line)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var skipped: [String] = []
        for step in examples.steps {
            switch step {
            case .file(let name, let text):
                try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            case .command(let command) where command.needsTerminal:
                guard TmuxPane.isAvailable else { skipped.append("\(page):\(command.line)"); continue }
                try runInTerminal(command, "\(page):\(command.line)")
            case .command(let command):
                try run(command, "\(page):\(command.line)", in: folder)
            }
        }
        if !skipped.isEmpty { throw XCTSkip("tmux is not installed (.ci/run installs it): not run: \(skipped.joined(separator: ", "))") }
    }

    /// A headless command through the shell, its output (stdout and stderr, as a terminal
    /// shows them) against the lines the page shows.
    func run(_ command: DocExamples.Command, _ place: String, in folder: URL) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = BellmanExecutable.url.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["HOME"] = folder.path
        let script = command.heavyOptions == nil ? String(command.text.dropFirst(2)) : command.reduced
        let output = try runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", script], in: folder, environment: environment,
                                    mergingStandardError: true)
        XCTAssertEqual(output.status, command.expectedStatus, "\(place): `\(script)` exited \(output.status):\n\(output.stdout)")
        guard !command.shown.isEmpty, command.heavyOptions == nil else { return }
        var printed = output.stdout.components(separatedBy: "\n")
        if printed.last == "" { printed.removeLast() }
        if command.shown.contains(where: { $0.trimmingCharacters(in: .whitespaces) == "..." }) {
            XCTAssertTrue(DocExamples.matches(printed, command.shown),
                          "\(place): the output shown is not what `\(script)` prints:\n\(printed.joined(separator: "\n"))")
        } else {
            assertSameLines(printed, command.shown, "the output \(place) shows")
        }
    }

    /// The playground under tmux: its first screen (a lesson's first caption), `q`, exit 0 and
    /// the terminal given back intact.
    func runInTerminal(_ command: DocExamples.Command, _ place: String) throws {
        let arguments = Array(command.words.dropFirst())
        let pane = try TmuxPane(arguments)
        let firstScreen = arguments.first == "lesson" ? "· 1/" : "‖ paused"
        let screen = try pane.waitFor(firstScreen, timeout: 30)
        XCTAssertTrue(screen.contains(firstScreen), "\(place): `\(command.text)` never showed its first screen")
        try pane.keys("q")
        try pane.waitFor("EXIT=0")
        try assertTerminalRestored(pane)
    }
}
