import Foundation

/// What the playground's loop needs of a terminal: its size and colours, drawing a whole
/// canvas, the next input, and the signals that arrived. `bellman play`'s ncurses terminal
/// is one; `ScriptedTerminal` (for tests) is another.
public protocol TerminalBackend: AnyObject {
    var width: Int { get }
    var height: Int { get }
    var colorMode: ColorMode { get }
    var unicode: Bool { get }
    /// Draws the canvas from the top-left corner (only what changed, if it can).
    func draw(_ canvas: Canvas)
    /// The next event, waiting at most `timeoutMilliseconds` (-1: until there is one).
    func nextEvent(timeoutMilliseconds: Int32) -> InputEvent?
    /// A quit signal that has arrived (SIGINT, SIGTERM, SIGHUP), or 0.
    var quitSignal: Int32 { get }
    /// When Ctrl-Z was pressed: gives the terminal back, stops, and takes it again on `fg`;
    /// returns true if it did (the next frame is drawn whole).
    func suspendIfAsked() -> Bool
}

/// A terminal for tests: a script of inputs, some of which wait (with a time limit) until a
/// frame drawn shows a text, and the frames drawn. When the script ends it presses `q`.
public final class ScriptedTerminal: TerminalBackend {
    public enum Step {
        case input(InputEvent)
        /// Waits until the latest frame contains the text; past `seconds`, the script fails
        /// (`failure` says where) and quits.
        case waitFor(String, seconds: Double = 20)
        /// A quit signal arrives.
        case signal(Int32)
    }

    public private(set) var width: Int
    public private(set) var height: Int
    public let colorMode: ColorMode
    public let unicode = true
    public private(set) var quitSignal: Int32 = 0
    /// The latest frame drawn, and how many were.
    public private(set) var lastFrame: Canvas?
    public private(set) var framesDrawn = 0
    /// Why the script stopped early: the text waited for in vain, with the last frame.
    public private(set) var failure: String?

    private var script: [Step]
    private var waitingSince: Date?

    public init(width: Int, height: Int, colorMode: ColorMode = .palette256, script: [Step]) {
        self.width = width
        self.height = height
        self.colorMode = colorMode
        self.script = script
    }

    /// Keys as the playground reads them, one character each.
    public static func keys(_ text: String) -> [Step] { text.map { .input(.key(.character($0))) } }

    public func draw(_ canvas: Canvas) {
        lastFrame = canvas
        framesDrawn += 1
    }

    public func nextEvent(timeoutMilliseconds: Int32) -> InputEvent? {
        guard failure == nil, let step = script.first else { return .key(.character("q")) }
        switch step {
        case .input(let event):
            script.removeFirst()
            if case .resize(let w, let h) = event { (width, height) = (w, h) }
            return event
        case .signal(let signal):
            script.removeFirst()
            quitSignal = signal
            return nil
        case .waitFor(let text, let seconds):
            if lastFrame?.text.contains(text) == true {
                script.removeFirst()
                waitingSince = nil
                return nextEvent(timeoutMilliseconds: 0)
            }
            let since = waitingSince ?? Date()
            waitingSince = since
            if Date().timeIntervalSince(since) > seconds {
                failure = "no frame showed \"\(text)\" within \(seconds) s; the last:\n\(lastFrame?.text ?? "(none)")"
                return .key(.character("q"))
            }
            // The wait the loop asked for, at most a few milliseconds: polling for the frame.
            let wait = timeoutMilliseconds < 0 ? 5 : min(Int(timeoutMilliseconds), 5)
            if wait > 0 { Thread.sleep(forTimeInterval: Double(wait) / 1_000) }
            return nil
        }
    }

    public func suspendIfAsked() -> Bool { false }
}
