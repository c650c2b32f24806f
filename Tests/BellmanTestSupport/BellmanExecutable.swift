import Foundation

/// What a command printed and how it ended.
public struct CommandOutput: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// The built `bellman` executable, run as a user would: from a folder that is not the
/// repository, so the bundled levels must be found as resources.
public enum BellmanExecutable {
    /// The built `bellman` next to the test bundle.
    public static var url: URL {
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        let candidates = [directory] + Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        for candidate in candidates {
            let url = candidate.appendingPathComponent("bellman")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return directory.appendingPathComponent("bellman")
    }

    /// Runs `bellman arguments` in `directory` (the temporary folder unless given).
    public static func run(_ arguments: [String], in directory: URL = FileManager.default.temporaryDirectory) throws -> CommandOutput {
        try runProcess(url, arguments, in: directory)
    }
}

/// Runs `executable` to its end and collects what it printed. With `mergingStandardError`,
/// stderr goes into `stdout` in the order it was written, as a terminal would show it.
public func runProcess(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String]? = nil,
                       mergingStandardError: Bool = false) throws -> CommandOutput {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = mergingStandardError ? out : err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = mergingStandardError ? Data() : err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandOutput(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
}
