/// A 1-based line and column in a file's text, columns counted in characters: where a
/// problem is (both the TOML and the JSON locators answer in it).
struct SourcePosition: Equatable, Sendable {
    var line: Int
    var column: Int

    /// The start of the file: where a problem with the whole file (a missing key, an empty
    /// file) points.
    static let start = SourcePosition(line: 1, column: 1)
}

/// A problem in a file a user gave Bellman (a level, a model, a lesson, a policy, a session),
/// located in its text.
///
/// `description` is `FILE:LINE:COL: what is wrong; what would be valid`, the form editors
/// and terminals link to. Lines and columns are 1-based, columns counted in characters.
public struct FileProblem: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    /// A problem at `line` and `column` of `file` (each at least 1).
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = max(1, line)
        self.column = max(1, column)
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// All the problems found in one file, one per line.
public struct FileProblems: Error, Sendable, CustomStringConvertible {
    public var problems: [FileProblem]

    /// The problems in the order given (readers give them in source order, or in the order
    /// their checks run).
    public init(_ problems: [FileProblem]) { self.problems = problems }

    /// One problem with the file as a whole, at line 1, column 1.
    public init(file: String, message: String) {
        self.init([FileProblem(file: file, line: 1, column: 1, message: message)])
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// The problems of one file as a reader finds them: every reader reports through one, so
/// every file's messages have the same form.
struct ProblemCollector: Sendable {
    let file: String
    private(set) var problems: [FileProblem] = []

    init(file: String) { self.file = file }

    var isEmpty: Bool { problems.isEmpty }

    mutating func report(_ at: SourcePosition, _ message: String) {
        problems.append(FileProblem(file: file, line: at.line, column: at.column, message: message))
    }

    mutating func append(_ others: [FileProblem]) { problems += others }

    /// The problems by their place in the file (readers that check in their own order).
    var inSourceOrder: [FileProblem] { problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) } }

    /// Throws the problems found, if any: in source order, or in the order they were found.
    func throwIfAny(sorted: Bool) throws {
        guard !problems.isEmpty else { return }
        throw FileProblems(sorted ? inSourceOrder : problems)
    }
}
