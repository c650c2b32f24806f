import BellmanLevels
import Foundation

/// The bundled figure recipes (`levels/figures/*.toml`, each named by its id), found like the
/// levels; a path loads a recipe from anywhere.
public enum FigureCatalog {
    static var directory: URL? { bundledLevelDirectory?.appendingPathComponent("figures") }

    /// The ids of the bundled figures, in the book's order (chapter, then figure; an
    /// example's graphs after the figures of its chapter that come before it).
    public static var ids: [String] {
        guard let directory, let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted(by: bookOrder)
    }

    /// "3.2" < "4.1" < "ex6.2-left" < "6.2" < "6.3" < "12.6": by chapter, then number.
    static func bookOrder(_ a: String, _ b: String) -> Bool {
        func key(_ id: String) -> (Int, Int, Int, String) {
            let example = id.hasPrefix("ex")
            let digits = (example ? String(id.dropFirst(2)) : id).split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            return (digits.first ?? 0, digits.dropFirst().first ?? 0, example ? 1 : 0, id)
        }
        return key(a) < key(b)
    }

    /// A bundled figure by id, or a recipe file by path.
    public static func load(_ figure: String) throws -> FigureRecipe {
        let path: String, shown: String
        if FileManager.default.fileExists(atPath: figure) {
            (path, shown) = (figure, figure)
        } else if let directory, ids.contains(figure) {
            (path, shown) = (directory.appendingPathComponent(figure + ".toml").path, "levels/figures/\(figure).toml")
        } else {
            throw MissingFile.unknownName(figure, kind: "figure", bundled: ids, orPath: "give a path to a recipe file",
                                          whenNoneBundled: "give a path to a recipe file, or set BELLMAN_LEVELS to the folder of the bundled levels (levels/ in the repository)")
        }
        let data = try InputFile.read(path, name: shown, kind: "figure recipe", limit: InputFile.maxLessonBytes)
        guard !data.contains(0), let source = String(data: data, encoding: .utf8) else {
            throw FileProblems(file: shown, message: "this is not a UTF-8 text file; a figure recipe is a TOML text file")
        }
        return try FigureReader.parse(source: source, file: shown)
    }
}
