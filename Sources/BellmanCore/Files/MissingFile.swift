/// A file the user named that is not there, or a name that is no bundled file. There is no
/// text to point at, so unlike a `FileProblem` it has no line and column: it names what was
/// asked for and says what would be valid.
public struct MissingFile: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// `name` is neither a file nor a bundled `kind` ("level"): "no level named `x` (bundled
    /// levels: ...; or give a path to a .toml file)", with the nearest bundled name when one
    /// is a slip away. `orPath` is how a path is asked for; `whenNoneBundled` what to say
    /// when no bundled files were found.
    static func unknownName(_ name: String, kind: String, plural: String? = nil, bundled: [String], orPath: String, whenNoneBundled: String) -> MissingFile {
        let kinds = plural ?? kind + "s"
        guard !bundled.isEmpty else {
            return MissingFile("no \(kind) named `\(name)`, and no bundled \(kinds) were found; \(whenNoneBundled)")
        }
        let guess = KeySchema.nearest(to: name, among: bundled).map { "; did you mean `\($0)`?" } ?? ""
        return MissingFile("no \(kind) named `\(name)`\(guess) (bundled \(kinds): \(bundled.joined(separator: ", ")); or \(orPath))")
    }

    /// The file at `path` does not exist: "PATH: no such file; ...".
    static func noFile(_ path: String, hint: String) -> MissingFile {
        MissingFile("\(path): no such file; \(hint)")
    }
}
