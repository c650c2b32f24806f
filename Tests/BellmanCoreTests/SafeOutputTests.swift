import BellmanCore
import Foundation
import XCTest

/// Writes never destroy data: regular files are replaced whole or not at all, special files
/// are written in place (never turned into regular files), bad paths fail before any work.
final class SafeOutputTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bellman-out-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func contents(_ path: String) -> String? { FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } }

    func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder).sorted() }

    func testARegularFileIsReplacedWholeAndKeepsItsPermissions() throws {
        let path = folder + "/s.json"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        XCTAssertEqual(chmod(path, 0o640), 0)
        try OutputFile(checking: path, kind: "session").write(Data("new".utf8))
        XCTAssertEqual(contents(path), "new")
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o640)
        XCTAssertEqual(try entries(), ["s.json"], "no temporary file left behind")
    }

    /// A full device (made here with mknod, as /dev/full is) fails the write with the reason;
    /// nothing is left behind. The same path as a regular file on a full disk is `ulimit -f`
    /// (tested from the command line, where the limit can be set for one process).
    func testAFullDeviceFailsWithTheReasonAndIsNotReplaced() throws {
        let full = folder + "/full"
        guard mknod(full, S_IFCHR | 0o666, makedev(1, 7)) == 0 else { throw XCTSkip("mknod needs root") }
        XCTAssertThrowsError(try OutputFile(checking: full, kind: "session").write(Data("x".utf8))) { error in
            XCTAssertEqual("\(error)", "\(full): cannot write the session: No space left on device")
        }
        var info = stat()
        XCTAssertEqual(lstat(full, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "still a device, not a regular file")
        let null = folder + "/null"
        XCTAssertEqual(mknod(null, S_IFCHR | 0o666, makedev(1, 3)), 0)
        try OutputFile(checking: null, kind: "recording").write(Data("anything".utf8))
        XCTAssertEqual(lstat(null, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "written in place")
        XCTAssertEqual(try entries(), ["full", "null"])
    }

    func testAFIFOIsWrittenInPlaceWhenReadAndRefusedAtOnceWhenNot() throws {
        let fifo = folder + "/pipe"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let start = Date()
        XCTAssertThrowsError(try OutputFile(checking: fifo, kind: "recording").write(Data("x".utf8))) { error in
            XCTAssertEqual("\(error)", "\(fifo): cannot write the recording: it is a FIFO that nothing is reading")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 1, "no hang")
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(reader, 0)
        defer { close(reader) }
        try OutputFile(checking: fifo, kind: "recording").write(Data("through the pipe".utf8))
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = read(reader, &buffer, buffer.count)
        XCTAssertEqual(String(decoding: buffer.prefix(max(n, 0)), as: UTF8.self), "through the pipe")
        var info = stat()
        XCTAssertEqual(lstat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO)
    }

    func testASymlinkIsFollowedAndKept() throws {
        let real = folder + "/real.json", link = folder + "/link.json"
        try "old".write(toFile: real, atomically: false, encoding: .utf8)
        XCTAssertEqual(symlink(real, link), 0)
        try OutputFile(checking: link, kind: "session").write(Data("new".utf8))
        XCTAssertEqual(contents(real), "new")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), real, "the link is still a link")
        XCTAssertEqual(symlink(folder + "/missing", folder + "/dangling"), 0)
        XCTAssertThrowsError(try OutputFile(checking: folder + "/dangling", kind: "session")) {
            XCTAssertTrue("\($0)".contains("a symbolic link to a missing file"), "\($0)")
        }
    }

    func testBadPathsFailBeforeAnyWork() throws {
        XCTAssertThrowsError(try OutputFile(checking: folder, kind: "session")) { XCTAssertTrue("\($0)".contains("it is a directory"), "\($0)") }
        XCTAssertThrowsError(try OutputFile(checking: folder + "/no/such/s.json", kind: "session")) {
            XCTAssertTrue("\($0)".contains("the folder \(self.folder)/no/such does not exist"), "\($0)")
        }
        XCTAssertThrowsError(try OutputFile(checking: "", kind: "session"))
    }

    /// A stream cut back after a failed write keeps only whole records, then lands in place.
    func testAStreamTruncatedAfterAFailureKeepsWhatWasWhole() throws {
        let path = folder + "/r.cast"
        let stream = try OutputFile(checking: path, kind: "recording").stream()
        try stream.write(Data("line 1\n".utf8))
        try stream.write(Data("half of line".utf8))
        stream.truncate(to: 7)
        try stream.finish()
        XCTAssertEqual(contents(path), "line 1\n")
        XCTAssertEqual(try entries(), ["r.cast"])
    }

    func testControlCharactersAreMadeVisibleAndNamesStayInTheirFolder() {
        XCTAssertEqual("Cliff\u{1B}]0;pwned\u{7}".terminalSafe, "Cliff^[]0;pwned^G")
        XCTAssertEqual("a\u{9B}31m\u{7F}".terminalSafe, "a<U+009B>31m^?")
        XCTAssertEqual("two\nlines\t!".terminalSafe(keepingLines: true), "two\nlines\t!")
        XCTAssertEqual("two\nlines".terminalSafe, "two^Jlines")
        XCTAssertEqual("é🙂 plain".terminalSafe, "é🙂 plain")
        XCTAssertEqual("../../x".fileNameComponent(fallback: "level"), "-..-x")
        XCTAssertEqual("..".fileNameComponent(fallback: "level"), "level")
        XCTAssertEqual("my level\u{1B}/v2".fileNameComponent(fallback: "level"), "my-level--v2")
        XCTAssertEqual("cliff-walking".fileNameComponent(fallback: "level"), "cliff-walking")
    }
}
