/// A problem in a level file, located in its source text.
///
/// `description` is `FILE:LINE:COL: what is wrong; what would be valid`, the form editors
/// and terminals link to. Lines and columns are 1-based, columns counted in characters.
public struct LevelError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = max(1, line)
        self.column = max(1, column)
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
