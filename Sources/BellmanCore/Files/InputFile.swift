#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reads a file someone else may have written: only a regular file, only up to a size, so a
/// FIFO, a device (`/dev/zero`) or a huge file is refused at once instead of hanging Bellman
/// or filling its memory.
public enum InputFile {
    /// The largest level file read (a 4,000,000-cell map with its legend fits many times).
    public static let maxLevelBytes = 64 << 20
    /// The largest lesson file read.
    public static let maxLessonBytes = 1 << 20

    /// The bytes of the regular file at `path`, at most `limit` of them. `name` is how messages
    /// call the file; `kind` what it should be ("level file"). Problems are `FILE:1:1: ...`; a file
    /// that is not there is a `MissingFile`.
    public static func read(_ path: String, name: String? = nil, kind: String, limit: Int) throws -> Data {
        let name = name ?? path
        func fail(_ message: String) -> FileProblems { FileProblems(file: name, message: message) }
        // Non-blocking, so opening a FIFO with no writer returns at once; the type check below
        // then refuses it.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            // Not there at all: no line and column to point at.
            if errno == ENOENT { throw MissingFile.noFile(name, hint: "give the path of a \(kind)") }
            throw fail("cannot read the \(kind) (\(errnoText())); give the path of a readable \(kind)")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fail("cannot read the \(kind) (\(errnoText()))") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw fail("this is \(describe(mode: info.st_mode)), not a \(kind); give the path of a regular file")
        }
        guard Int(info.st_size) <= limit else {
            throw fail("the file is \(megabytes(Int(info.st_size))), larger than any \(kind) Bellman reads (\(megabytes(limit)))")
        }
        var data = Data(count: Int(info.st_size) + 1)
        var filled = 0
        while true {
            if filled == data.count {
                guard data.count <= limit else { throw fail("the file grew past \(megabytes(limit)) while being read") }
                data.count = min(data.count * 2, limit + 1)
            }
            let n = data.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw fail("cannot read the \(kind) (\(errnoText()))") }
            if n == 0 { break }
            filled += n
        }
        guard filled <= limit else { throw fail("the file is larger than any \(kind) Bellman reads (\(megabytes(limit)))") }
        data.count = filled
        return data
    }

    /// The first `count` bytes of the regular file at `path`; `nil` when there is none (no
    /// file, a device, a FIFO, unreadable).
    public static func head(_ path: String, count: Int) -> Data? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        var data = Data(count: count)
        let n = data.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress!, count) }
        guard n >= 0 else { return nil }
        data.count = n
        return data
    }

    /// "a directory", "a FIFO (named pipe)", ... for a file's mode.
    static func describe(mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "a regular file"
        }
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : bytes >= 1 << 10 ? "\(bytes >> 10) KB" : "\(bytes) bytes"
    }
}

/// `read(2)`, named apart from `InputFile.read`.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }

/// The text of the current `errno` ("No space left on device").
func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
