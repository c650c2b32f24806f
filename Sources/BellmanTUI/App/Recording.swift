import BellmanCore
import Foundation

/// `--record`: an asciicast written as the screens are drawn, so a long session needs no memory.
/// A write that fails (a full disk) or a recording past `maxBytes` stops the recording, keeps
/// the screens written whole, and says so; the playground goes on.
public struct Recording {
    /// The largest recording written (about an hour of a busy screen).
    public static let maxBytes = 1 << 30
    let file: OutputWriter
    var recorder: AsciicastRecorder
    let start = Date()
    /// Why the recording stopped early, for the status line and the exit message.
    public private(set) var failure: String?

    public init(file: OutputWriter, recorder: AsciicastRecorder) {
        self.file = file
        self.recorder = recorder
    }

    /// Adds a screen; returns a message when the recording stops here.
    public mutating func add(_ canvas: Canvas) -> String? {
        guard failure == nil else { return nil }
        recorder.add(canvas, at: Date().timeIntervalSince(start))
        return append(recorder.drain())
    }

    /// Writes the rest and puts the file in place.
    public mutating func finish() {
        if failure == nil { _ = append(recorder.drain()) }
        do { try file.finish() } catch { failure = failure ?? "\(error)" }
    }

    private mutating func append(_ text: String) -> String? {
        let whole = file.written
        let data = Data(text.utf8)
        do {
            guard whole + data.count <= Self.maxBytes else {
                throw OutputError("\(file.file.path): the recording reached \(Self.maxBytes >> 20) MB, the most Bellman writes")
            }
            try file.write(data)
            return nil
        } catch {
            // Back to the last whole screen, so what was recorded still plays.
            file.truncate(to: whole)
            failure = "\(error); recording stopped, the screens before are kept"
            return failure
        }
    }
}
