import Foundation

/// The examples of one documentation page, read by the convention that `docs/testing.md`
/// ("The examples in these pages") states: `$ ` lines in `console` blocks are commands, the
/// lines after one are its output, a comment `# exit N` or one ending in `heavy: tested with
/// OPTIONS` changes how it is checked, and a `toml` block opening with `# NAME.toml` is a file the commands read.
struct DocExamples {
    struct Command {
        /// The command as shown (continuation lines joined with their backslash-newline).
        var text: String
        /// The 1-based line of its `$ ` in the page.
        var line: Int
        /// The output shown under it; empty when none is shown.
        var shown: [String]
        var expectedStatus: Int32 = 0
        /// From `# heavy: tested with OPTIONS`: options that replace the command's own.
        var heavyOptions: [String]?

        /// The words of the command, without its `$ `, backslash-newlines and comment.
        var words: [String] {
            var body = text.dropFirst(2).replacingOccurrences(of: "\\\n", with: " ")
            if let comment = body.range(of: " #") { body = String(body[..<comment.lowerBound]) }
            return body.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        }

        /// The playground (`bellman`, `bellman play ...`, `bellman lesson NAME`) needs a terminal.
        var needsTerminal: Bool {
            let words = words
            guard words.first == "bellman" else { return false }
            if words.count == 1 || words[1] == "play" { return true }
            return words[1] == "lesson" && words.count > 2 && !words[2].hasPrefix("-")
        }

        /// The command to run for a heavy example: its own with `heavyOptions` in place of the
        /// same options (appended where it has none).
        var reduced: String {
            var words = words
            let options = heavyOptions ?? []
            var i = 0
            while i + 1 < options.count {
                if let at = words.firstIndex(of: options[i]), at + 1 < words.count {
                    words[at + 1] = options[i + 1]
                } else {
                    words += [options[i], options[i + 1]]
                }
                i += 2
            }
            return words.joined(separator: " ")
        }
    }

    enum Step {
        case file(name: String, text: String)
        case command(Command)
    }

    var steps: [Step] = []
    /// Lines that break the convention: `page:line: what`.
    var problems: [String] = []

    var commands: [Command] { steps.compactMap { if case .command(let c) = $0 { c } else { nil } } }

    init(page: String, lines: [String]) {
        var index = 0
        while index < lines.count {
            let fence = lines[index].trimmingCharacters(in: .whitespaces)
            guard fence.hasPrefix("```") else { index += 1; continue }
            let info = String(fence.dropFirst(3))
            var end = index + 1
            while end < lines.count, lines[end].trimmingCharacters(in: .whitespaces) != "```" { end += 1 }
            let body = Array(lines[min(index + 1, end)..<end])
            switch info {
            case "console": readConsole(body, firstLine: index + 2, page: page)
            case "toml" where body.first.map(Self.isFileName) == true:
                steps.append(.file(name: String(body[0].dropFirst(2)), text: body.joined(separator: "\n") + "\n"))
            default:
                for (offset, line) in body.enumerated() {
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    if trimmed.hasPrefix("bellman ") || trimmed.hasPrefix("$ bellman") {
                        problems.append("\(page):\(index + 2 + offset): a bellman command outside a console block is never run; show it as `$ bellman ...` in a console block")
                    }
                }
            }
            index = end + 1
        }
    }

    /// `# NAME.toml`: the block is a file the commands after it read, that line included.
    static func isFileName(_ line: String) -> Bool {
        line.hasPrefix("# ") && line.hasSuffix(".toml") && !line.dropFirst(2).contains(" ")
    }

    private mutating func readConsole(_ body: [String], firstLine: Int, page: String) {
        var i = 0
        while i < body.count {
            guard body[i].hasPrefix("$ ") else {
                problems.append("\(page):\(firstLine + i): output before any `$ ` command")
                i += 1
                continue
            }
            var command = Command(text: body[i], line: firstLine + i, shown: [])
            while command.text.hasSuffix("\\"), i + 1 < body.count {
                i += 1
                command.text += "\n" + body[i]
            }
            i += 1
            while i < body.count, !body[i].hasPrefix("$ ") {
                command.shown.append(body[i])
                i += 1
            }
            let lastLine = command.text.components(separatedBy: "\n").last ?? ""
            if let comment = lastLine.range(of: " # ") {
                let note = lastLine[comment.upperBound...].trimmingCharacters(in: .whitespaces)
                if note.hasPrefix("exit "), let status = Int32(note.dropFirst(5)) { command.expectedStatus = status }
                if let heavy = note.range(of: "heavy: tested with ") {
                    command.heavyOptions = note[heavy.upperBound...].split(separator: " ").map(String.init)
                    if command.heavyOptions!.count % 2 != 0 || command.heavyOptions!.isEmpty {
                        problems.append("\(page):\(command.line): `heavy: tested with` takes option and value pairs")
                    }
                }
            }
            steps.append(.command(command))
        }
    }

    /// Whether `got` is the `shown` output, where a line holding only `...` stands for any
    /// number of lines.
    static func matches(_ got: [String], _ shown: [String]) -> Bool {
        var segments: [[String]] = [[]]
        for line in shown {
            if line.trimmingCharacters(in: .whitespaces) == "..." { segments.append([]) } else { segments[segments.count - 1].append(line) }
        }
        guard segments.count > 1 else { return got == shown }
        guard got.starts(with: segments[0]) else { return false }
        var position = segments[0].count
        for (n, segment) in segments.enumerated().dropFirst() where !segment.isEmpty {
            if n == segments.count - 1 {
                // The last piece ends the output (when the shown output ends in `...` it is empty).
                return got.count - segment.count >= position && Array(got.suffix(segment.count)) == segment
            }
            guard let found = (position...max(position, got.count - segment.count)).first(where: {
                $0 + segment.count <= got.count && Array(got[$0..<($0 + segment.count)]) == segment
            }) else { return false }
            position = found + segment.count
        }
        return true
    }
}
