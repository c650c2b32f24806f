import BellmanTestSupport
import Foundation
import XCTest

/// Files from others and unusual outputs, end to end on the real binary: names with escape
/// sequences, closed and full outputs, a file-size limit, special files, and files a command
/// was not asked to touch.
final class HostileFilesCLITests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-hostile-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    /// Runs `script` in /bin/sh from the test folder, with `$B` the bellman binary.
    func sh(_ script: String) throws -> CommandOutput {
        try runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", "B='\(BellmanExecutable.url.path)'; " + script], in: URL(fileURLWithPath: folder))
    }

    func write(_ text: String, _ name: String) throws {
        try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    }

    func contents(_ name: String) -> String? {
        FileManager.default.contents(atPath: folder + "/" + name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// No control character but newline and tab reaches the terminal from any command.
    func assertNoControlCharacters(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let bad = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
        XCTAssertTrue(bad.isEmpty, "\(what) printed control characters \(bad.map { String($0.value, radix: 16) }):\n\(text)", file: file, line: line)
    }

    func testALevelNameWithEscapeSequencesIsPrintedHarmlessly() throws {
        try write("name = \"Evil\\u001b]0;pwned\\u0007\\u009b2J\"\nabout = \"\\u001b[31mred\"\nmap = \"S.G\"\n", "evil.toml")
        try write("name = \"x\"\nmap = \"S.G\"\n\"\\u001b[2J\" = 1\n", "bad-key.toml")
        for (command, shows) in [("$B check evil.toml", "Evil^[]0;pwned^G<U+009B>2J"),
                                 ("$B run evil.toml --method q-learning --episodes 3", "Evil^[]0;pwned^G"),
                                 ("$B run evil.toml --method q-learning --episodes 3 --format json", "\"level\": \"evil\""),
                                 ("$B race evil.toml --methods q-learning,sarsa --runs 1 --budget 200", "Evil^["),
                                 ("$B check bad-key.toml", "unknown key `^[[2J`")] {
            let output = try sh(command)
            assertNoControlCharacters(output.stdout + output.stderr, command)
            XCTAssertTrue((output.stdout + output.stderr).contains(shows), "\(command): expected \(shows) in\n\(output.stdout)\(output.stderr)")
        }
    }

    func testAClosedOrFullStdoutIsAnErrorNotASilentHalfReport() throws {
        for redirect in [">&-", "> /dev/full"] {
            let output = try sh("$B run cliff-walking --method q-learning --episodes 20 --format json \(redirect)")
            XCTAssertEqual(output.status, 1, redirect)
            XCTAssertTrue(output.stderr.contains("bellman: cannot write the output:"), "\(redirect): \(output.stderr)")
        }
        // With stdout closed, a session file opened later is not mistaken for stdout.
        let closed = try sh("$B run cliff-walking --method q-learning --episodes 20 --save s.json >&-")
        XCTAssertEqual(closed.status, 1)
        XCTAssertTrue(contents("s.json")?.hasPrefix("{") ?? false, "the session holds only the session")
    }

    /// A full disk (a file-size limit for this one process): the old session survives, the
    /// report is still printed, and the run says why it failed with exit 1.
    func testAFullDiskLosesNothingAndSaysSo() throws {
        let first = try sh("$B run cliff-walking --method q-learning --episodes 5 --save s.json > /dev/null")
        XCTAssertEqual(first.status, 0, first.stderr)
        let before = try XCTUnwrap(contents("s.json"))
        let full = try sh("ulimit -f 2; $B run --load s.json --save s.json --episodes 50")
        XCTAssertEqual(full.status, 1)
        XCTAssertTrue(full.stderr.contains("s.json: cannot write the session: File too large; the session was not saved (an existing file there is unchanged)"), full.stderr)
        XCTAssertTrue(full.stdout.contains("episodes 55"), "the report is kept: \(full.stdout)")
        XCTAssertEqual(contents("s.json"), before, "the old session is whole")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), ["s.json"], "no partial file left")
        // The continue flow of docs/experiments.md still works when the disk has room.
        let again = try sh("$B run --load s.json --save s.json --episodes 50 > /dev/null")
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(contents("s.json")!.contains("\"episodes\" : 55"))
    }

    func testSpecialFilesAreWrittenInPlaceOrRefusedAndNeverReplaced() throws {
        guard mknod(folder + "/null", S_IFCHR | 0o666, makedev(1, 3)) == 0,
              mknod(folder + "/full", S_IFCHR | 0o666, makedev(1, 7)) == 0 else { throw XCTSkip("mknod needs root") }
        XCTAssertEqual(mkfifo(folder + "/fifo", 0o600), 0)
        let null = try sh("$B run cliff-walking --method q-learning --episodes 5 --save null > /dev/null")
        XCTAssertEqual(null.status, 0, null.stderr)
        let full = try sh("$B run cliff-walking --method q-learning --episodes 5 --save full")
        XCTAssertEqual(full.status, 1)
        XCTAssertTrue(full.stderr.contains("full: cannot write the session: No space left on device"), full.stderr)
        let start = Date()
        let fifo = try sh("$B run cliff-walking --method q-learning --episodes 5 --save fifo")
        XCTAssertEqual(fifo.status, 1)
        XCTAssertTrue(fifo.stderr.contains("fifo: cannot write the session: it is a FIFO that nothing is reading"), fifo.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        let directory = try sh("$B run cliff-walking --method q-learning --episodes 5 --save .")
        XCTAssertTrue(directory.stderr.contains(".: cannot write the session: it is a directory"), directory.stderr)
        XCTAssertEqual(directory.stdout, "", "refused before the run")
        for name in ["null", "full"] {
            var info = stat()
            XCTAssertEqual(lstat(folder + "/" + name, &info), 0)
            XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "\(name) is still a device")
        }
        let level = try sh("$B check fifo")
        XCTAssertEqual(level.status, 1)
        XCTAssertTrue(level.stderr.contains("fifo:1:1: this is a FIFO (named pipe), not a level file"), level.stderr)
    }

    /// A session saves the text of the level it ran on, not whatever a file of that name
    /// holds in the current folder.
    func testSaveStoresTheBundledLevelNotALocalLookalike() throws {
        try FileManager.default.createDirectory(atPath: folder + "/levels", withIntermediateDirectories: true)
        try write("name = \"impostor\"\nmap = \"SG\"\n", "levels/cliff-walking.toml")
        let output = try sh("$B run cliff-walking --method q-learning --episodes 5 --save s.json > /dev/null")
        XCTAssertEqual(output.status, 0, output.stderr)
        let session = try XCTUnwrap(contents("s.json"))
        XCTAssertTrue(session.contains("Cliff Walking"), "the bundled level's text")
        XCTAssertFalse(session.contains("impostor"))
    }

    func testExportReplacesNoFileUnlessAsked() throws {
        try FileManager.default.createDirectory(atPath: folder + "/out", withIntermediateDirectories: true)
        try write("my notes", "out/values.csv")
        let refused = try sh("$B export cliff-walking --method q-learning --episodes 5 --out out")
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("out: already holds values.csv; give an empty or new folder, or --overwrite to replace them"), refused.stderr)
        XCTAssertEqual(contents("out/values.csv"), "my notes")
        let replaced = try sh("$B export cliff-walking --method q-learning --episodes 5 --out out --overwrite")
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        XCTAssertTrue(contents("out/values.csv")?.hasPrefix("row,col,state") ?? false)
    }

    /// An export folder that cannot be made says what is in the way and what to do, never a
    /// raw system error; nothing is run and nothing is written.
    func testExportToAFolderThatCannotBeMadeSaysWhatAndWhere() throws {
        try write("my notes", "notes.txt")
        let cases = [
            ("/proc/version", "/proc/version: cannot write the export: it is a file, not a folder; give a new or empty folder\n"),
            ("notes.txt", "notes.txt: cannot write the export: it is a file, not a folder; give a new or empty folder\n"),
            ("notes.txt/out", "notes.txt/out: cannot write the export: notes.txt is a file, not a folder; give a new or empty folder\n"),
            ("", "cannot write the export to an empty path; give a folder name\n"),
        ]
        for (out, message) in cases {
            let output = try sh("$B export cliff-walking --method q-learning --episodes 5 --out '\(out)'")
            XCTAssertEqual(output.status, 1, out)
            XCTAssertEqual(output.stderr, message)
            XCTAssertEqual(output.stdout, "")
        }
        XCTAssertEqual(contents("notes.txt"), "my notes")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["notes.txt"], "nothing written")
    }

    func testAHostileSessionIsRefusedByRunAndPlayAlike() throws {
        let good = try sh("$B run cliff-walking --method q-learning --episodes 5 --save s.json > /dev/null")
        XCTAssertEqual(good.status, 0, good.stderr)
        var text = try XCTUnwrap(contents("s.json"))
        text = text.replacingOccurrences(of: "\"alpha\" : 0.5", with: "\"alpha\" : 100")
        try write(text, "bad.json")
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains("\"alpha\" : 100") }! + 1
        let run = try sh("$B run --load bad.json")
        let play = try sh("$B play --load bad.json")
        for output in [run, play] {
            XCTAssertEqual(output.status, 1)
            XCTAssertTrue(output.stderr.contains("bad.json:\(line):"), output.stderr)
            XCTAssertTrue(output.stderr.contains("--alpha 100 is out of range; valid: 0 < alpha <= 1"), output.stderr)
        }
        XCTAssertEqual(run.stderr, play.stderr, "the same check, the same words")
    }
}

/// The makedev macro of <sys/sysmacros.h>.
func makedev(_ major: UInt32, _ minor: UInt32) -> dev_t {
    dev_t(minor & 0xff) | dev_t(major & 0xfff) << 8 | dev_t(minor & ~0xff) << 12 | dev_t(major & ~0xfff) << 32
}
