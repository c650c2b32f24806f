#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BellmanTUI
import CNcurses

/// Why the playground cannot take the terminal; `description` is one line for standard error.
struct TerminalError: Error, CustomStringConvertible {
    let description: String

    init(_ reason: String) {
        description = "bellman: the playground needs a terminal (\(reason)); for scripts use `bellman run LEVEL --method ID`"
    }
}

/// The ncurses backend: owns the terminal from `open()` to `close()`, blits `Canvas`es and
/// reads keys, mouse presses and resizes. Use it from the main thread only (ncurses is not
/// thread-safe).
final class Terminal: TerminalBackend {
    /// What colours are drawn (decided once, at open).
    let colorMode: ColorMode
    /// Whether the locale's character set is UTF-8; when not, every non-ASCII character is
    /// drawn as an ASCII stand-in (the terminal would show it blank).
    let unicode: Bool

    // Internal for the input half (Terminal+Input.swift).
    private(set) var screen: OpaquePointer?
    let window: UnsafeMutablePointer<WINDOW>
    /// Whether `use_default_colors` worked, so -1 means the terminal's own colours.
    private let defaultColors: Bool
    /// Colour pairs allocated so far, by (foreground, background) in curses colour numbers.
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private let maxPairs: Int32
    /// The canvas on screen, for drawing only what changed; nil forces a full repaint.
    private var shown: Canvas?
    /// The wide-character buffer for one cell (up to CCHARW_MAX scalars and a terminating 0).
    private var characterBuffer = [wchar_t](repeating: 0, count: 6)

    private struct PairKey: Hashable {
        let foreground: Int32
        let background: Int32
    }

    // MARK: - Opening and closing

    /// Takes the terminal: checks that there is one worth drawing on, then starts curses
    /// (cbreak, no echo, keypad, hidden cursor, button-1 mouse presses, 25 ms escape delay,
    /// colours). Throws `TerminalError` before touching anything if stdin or stdout is not a
    /// terminal, TERM is unset or `dumb` or unknown, or the terminal cannot address the cursor.
    static func open() throws -> Terminal {
        setlocale(LC_ALL, "")
        if isatty(STDOUT_FILENO) != 1 { throw TerminalError("stdout is not a terminal") }
        if isatty(STDIN_FILENO) != 1 { throw TerminalError("stdin is not a terminal") }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        if term.isEmpty { throw TerminalError("TERM is not set") }
        if term == "dumb" { throw TerminalError("TERM=dumb cannot move the cursor") }
        // newterm, never initscr: initscr exits the process on an unknown TERM.
        guard let screen = newterm(nil, nc_stdout(), nc_stdin()) else {
            throw TerminalError("unknown terminal type '\(term)'")
        }
        set_term(screen)
        if nc_has_string_cap("cup") == 0 {
            endwin()
            delscreen(screen)
            throw TerminalError("terminal '\(term)' cannot move the cursor")
        }
        cursesActive.store(true, ordering: .relaxed)
        return Terminal(screen: screen)
    }

    private init(screen: OpaquePointer) {
        self.screen = screen
        window = nc_stdscr()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        leaveok(window, true)
        curs_set(0)
        set_escdelay(25)
        mousemask(nc_button1_pressed() | nc_button1_clicked(), nil)
        mouseinterval(0)
        // Home and End as terminals (and tmux or screen under another TERM) commonly send
        // them, where the terminal description does not already claim the sequence.
        let homeEnd: [(String, Int32)] = [
            ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME),
            ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END),
        ]
        for (sequence, code) in homeEnd where key_defined(sequence) == 0 {
            define_key(sequence, code)
        }

        let codeset = String(cString: nl_langinfo(nl_item(CODESET))).uppercased()
        unicode = codeset == "UTF-8" || codeset == "UTF8"

        let noColor = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        if !noColor, has_colors(), start_color() == OK {
            defaultColors = use_default_colors() == OK
            colorMode = nc_colors() >= 256 ? .palette256 : (nc_colors() >= 8 ? .basic8 : .none)
            maxPairs = Int32(nc_color_pairs())
        } else {
            defaultColors = false
            colorMode = .none
            maxPairs = 0
        }
    }

    deinit { close() }

    /// Gives the terminal back as it was found (modes, cursor, mouse tracking off, main
    /// screen). Safe to call more than once.
    func close() {
        guard let screen else { return }
        self.screen = nil
        mousemask(0, nil)
        curs_set(1)
        if cursesActive.exchange(false, ordering: .relaxed) {
            endwin()
        }
        delscreen(screen)
        shown = nil
    }

    /// Whether the terminal is still open.
    var isOpen: Bool { screen != nil }

    // MARK: - Size

    /// The current width in columns.
    var width: Int { size.width }
    /// The current height in rows.
    var height: Int { size.height }

    private var size: (width: Int, height: Int) {
        guard screen != nil else { return (0, 0) }
        var rows: Int32 = 0
        var columns: Int32 = 0
        nc_getmaxyx(window, &rows, &columns)
        return (Int(max(0, columns)), Int(max(0, rows)))
    }

    // MARK: - Drawing

    /// Draws `canvas` from the top-left corner, clipped to the screen: only the cells that
    /// changed since the last canvas drawn (everything after a resize or on the first frame),
    /// then one refresh.
    func draw(_ canvas: Canvas) {
        guard screen != nil else { return }
        let (screenWidth, screenHeight) = size
        let repaintAll = shown.map { $0.width != canvas.width || $0.height != canvas.height } ?? true
        // A full repaint starts from a blank screen (a smaller canvas must not leave old cells).
        if repaintAll { werase(window) }
        let changed = repaintAll ? Array(canvas.cells.indices) : canvas.changes(since: shown)
        let columns = canvas.width
        for index in changed {
            let x = index % columns
            let y = index / columns
            guard x < screenWidth, y < screenHeight else { continue }
            let cell = canvas.cells[index]
            // After an erase the screen is already blank there.
            if repaintAll && cell == .blank { continue }
            put(cell, x: x, y: y)
        }
        shown = canvas
        wrefresh(window)
    }

    /// A quit signal caught by `Signals` (the loop returns it as the exit status).
    var quitSignal: Int32 { Signals.pending }

    /// Ctrl-Z, caught by `Signals` and handled here between frames (never inside the signal).
    func suspendIfAsked() -> Bool {
        guard Signals.stopPending else { return false }
        suspend()
        return true
    }

    /// Ctrl-Z: gives the terminal back (main screen, cursor, modes), stops until `fg`, then
    /// takes it again; the next `draw` repaints everything.
    func suspend() {
        guard screen != nil else { return Signals.stopNow() }
        mousemask(0, nil)
        curs_set(1)
        endwin()
        Signals.stopNow()
        // Back from fg: curses' program modes, the cursor hidden, the mouse, a full repaint.
        reset_prog_mode()
        curs_set(0)
        mousemask(nc_button1_pressed() | nc_button1_clicked(), nil)
        invalidate()
    }

    /// Forgets what is on screen, so the next `draw` repaints everything and the terminal is
    /// cleared first (after a resize, or Ctrl-L).
    func invalidate() {
        shown = nil
        if screen != nil { clearok(nc_curscr(), true) }
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var attributes = nc_a_normal()
        let style = cell.style
        if style.attributes.contains(.bold) { attributes |= nc_a_bold() }
        if style.attributes.contains(.dim) { attributes |= nc_a_dim() }
        if style.attributes.contains(.reverse) { attributes |= nc_a_reverse() }
        if style.attributes.contains(.underline) { attributes |= nc_a_underline() }
        var pair: Int32 = 0
        if colorMode != .none {
            let (foreground, dim) = curses(style.foreground, isForeground: true)
            let (background, _) = curses(style.background, isForeground: false)
            pair = pairNumber(foreground: foreground, background: background)
            if dim && !style.attributes.contains(.bold) { attributes |= nc_a_dim() }
        }

        let character = unicode ? Terminal.printable(cell.character) : Terminal.asciiFallback(cell.character)
        var count = 0
        for scalar in character.unicodeScalars where count < 5 {
            characterBuffer[count] = wchar_t(bitPattern: scalar.value)
            count += 1
        }
        characterBuffer[count] = 0
        var complex = cchar_t()
        characterBuffer.withUnsafeBufferPointer { buffer in
            // The real pair goes through the opts pointer (the short argument cannot hold it).
            _ = setcchar(&complex, buffer.baseAddress, attributes, 0, &pair)
        }
        // Returns ERR in the bottom-right cell (the cursor cannot advance); the cell is drawn.
        _ = mvwadd_wch(window, Int32(y), Int32(x), &complex)
    }

    /// A colour pair for (foreground, background), allocated on first use; pair 0 when the
    /// terminal's pairs run out.
    private func pairNumber(foreground: Int32, background: Int32) -> Int32 {
        let key = PairKey(foreground: foreground, background: background)
        if let pair = pairs[key] { return pair }
        if foreground == defaultForeground && background == defaultBackground { return 0 }
        guard nextPair < maxPairs, init_extended_pair(nextPair, foreground, background) == OK else { return 0 }
        pairs[key] = nextPair
        nextPair += 1
        return pairs[key]!
    }

    private var defaultForeground: Int32 { defaultColors ? -1 : Int32(COLOR_WHITE) }
    private var defaultBackground: Int32 { defaultColors ? -1 : Int32(COLOR_BLACK) }

    /// The curses colour number for `color`, and whether a foreground should also be dimmed
    /// (a gray shown as white on an eight-colour terminal).
    private func curses(_ color: Color, isForeground: Bool) -> (Int32, dim: Bool) {
        switch color {
        case .default:
            return (isForeground ? defaultForeground : defaultBackground, false)
        case .indexed(let index):
            if colorMode == .palette256 || index < 8 { return (Int32(index), false) }
            let (basic, dim) = Terminal.basic8(index, isForeground: isForeground)
            return (Int32(basic), dim)
        }
    }
}
