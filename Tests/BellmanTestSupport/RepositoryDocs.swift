import Foundation

/// The repository's documentation pages (`README.md`, `docs/*.md`), read by the tests that
/// hold them to what the program does.
public enum RepositoryDocs {
    /// The repository's top folder.
    public static var root: URL {
        URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Every page: the README, then `docs/*.md` by name.
    public static var pages: [String] {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }

    /// The lines of `page` (a path from the top folder).
    public static func lines(of page: String) throws -> [String] {
        try String(contentsOf: root.appendingPathComponent(page), encoding: .utf8).components(separatedBy: "\n")
    }

    /// The lines inside the first fenced block after the first line of `page` that starts
    /// with `intro`; nil when there is no such line or block.
    public static func firstBlock(after intro: String, in page: String) throws -> [String]? {
        let lines = try lines(of: page)
        guard let start = lines.firstIndex(where: { $0.hasPrefix(intro) }),
              let open = lines[start...].firstIndex(where: { $0.hasPrefix("```") }) else { return nil }
        return Array(lines[(open + 1)...].prefix { $0 != "```" })
    }
}
