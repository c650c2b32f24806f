import Foundation

/// The directory holding the bundled `*.toml` level files, or `nil` when none can be found.
///
/// Looked up, in order: `$BELLMAN_LEVELS`; the resource folder SwiftPM copies next to the
/// executable (`Bellman_BellmanLevels.resources`, found through symlinks to the binary);
/// `../share/bellman/levels` beside it (an install on the PATH); and this source folder, so a
/// built binary keeps working from any directory while its checkout exists. Unlike
/// `Bundle.module`, a missing folder is never a crash.
public let bundledLevelDirectory: URL? = {
    let fileManager = FileManager.default
    func hasLevels(_ url: URL) -> Bool {
        ((try? fileManager.contentsOfDirectory(atPath: url.path)) ?? []).contains { $0.hasSuffix(".toml") }
    }
    var candidates: [URL] = []
    if let override = ProcessInfo.processInfo.environment["BELLMAN_LEVELS"], !override.isEmpty {
        candidates.append(URL(fileURLWithPath: override))
    }
    let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
    let selfExe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    for binary in [selfExe, executable] {
        let folder = binary.deletingLastPathComponent()
        candidates.append(folder.appendingPathComponent("Bellman_BellmanLevels.resources"))
        candidates.append(folder.deletingLastPathComponent().appendingPathComponent("share/bellman/levels"))
    }
    candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent())
    return candidates.first(where: hasLevels)
}()
