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

    private var screen: OpaquePointer?
    private let window: UnsafeMutablePointer<WINDOW>
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

    /// The nearest of the basic eight colours to xterm palette colour `index`, by its RGB.
    /// Grays go to black or white by lightness (a middle gray foreground becomes dim white,
    /// so it stays readable on a dark terminal); other colours take each channel above the
    /// middle of their weakest and strongest, which keeps hue (a dark red stays red, not black).
    static func basic8(_ index: UInt8, isForeground: Bool) -> (UInt8, dim: Bool) {
        if index < 8 { return (index, false) }
        let (r, g, b) = xtermRGB(index)
        let high = max(r, g, b)
        let low = min(r, g, b)
        if high - low < 40 {
            let lightness = (r + g + b) / 3
            if isForeground {
                if lightness < 40 { return (0, false) }
                return (7, lightness < 170)
            }
            return (lightness < 100 ? 0 : 7, false)
        }
        let middle = (high + low) / 2
        let bits = (r > middle ? 1 : 0) | (g > middle ? 2 : 0) | (b > middle ? 4 : 0)
        return (UInt8(bits), false)
    }

    /// The RGB of xterm palette colour `index`.
    static func xtermRGB(_ index: UInt8) -> (Int, Int, Int) {
        let basic: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        let i = Int(index)
        if i < 16 { return basic[i] }
        if i >= 232 {
            let level = 8 + 10 * (i - 232)
            return (level, level, level)
        }
        let levels = [0, 95, 135, 175, 215, 255]
        let cube = i - 16
        return (levels[cube / 36], levels[(cube / 6) % 6], levels[cube % 6])
    }

    /// `character` if the terminal can show it in one column, else `?`.
    static func printable(_ character: Character) -> Character {
        character.isSingleWidth ? character : "?"
    }

    /// An ASCII stand-in for `character`, for terminals whose locale is not UTF-8.
    static func asciiFallback(_ character: Character) -> Character {
        if character.isASCII { return character }
        guard let scalar = character.unicodeScalars.first else { return " " }
        switch scalar.value {
        case 0x2800: return " "
        case 0x2801...0x28FF: return "."
        default: break
        }
        switch character {
        case "↑", "▲", "△", "▴": return "^"
        case "→", "▶", "▷", "►", "▸": return ">"
        case "↓", "▼", "▽", "▾": return "v"
        case "←", "◀", "◁", "◄", "◂": return "<"
        case "↗", "↙": return "/"
        case "↘", "↖": return "\\"
        case "─", "━", "═", "╌", "┄": return "-"
        case "│", "┃", "║", "╎", "┆": return "|"
        case "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼": return "+"
        case "░": return "."
        case "▒": return ":"
        case "▓", "█": return "#"
        case "▁": return "_"
        case "▂": return "."
        case "▃": return "-"
        case "▄", "▅": return "="
        case "▆", "▇": return "#"
        case "·", "•", "…": return "."
        case "–", "—": return "-"
        case "×": return "x"
        default: break
        }
        switch scalar.value {
        case 0x2500...0x257F: return "+"  // other box drawing: corners and joins
        case 0x2580...0x259F: return "#"  // other block elements
        default: return "?"
        }
    }

    // MARK: - Input

    /// Waits up to `timeoutMilliseconds` (-1: until something happens) for a key, a button-1
    /// mouse press or a resize. Returns nil on timeout, or when a quit signal is pending
    /// (`Signals.pending`); other input (mouse releases, unknown keys) is skipped.
    /// Ctrl-L asks for a full repaint and comes back as a resize to the current size.
    func nextEvent(timeoutMilliseconds: Int32) -> InputEvent? {
        guard screen != nil else { return nil }
        let deadline = timeoutMilliseconds < 0 ? nil : Terminal.now() + Int(timeoutMilliseconds)
        var first = true
        while Signals.pending == 0 {
            // Blocking waits go in one-second slices, so a signal that lands just before the
            // read starts is still seen within a second (at no measurable CPU).
            var slice: Int32 = 1000
            if let deadline {
                let remaining = deadline - Terminal.now()
                if remaining <= 0 && !first { return nil }
                slice = Int32(max(0, min(remaining, 1000)))
            }
            first = false
            wtimeout(window, slice)
            let started = Terminal.now()
            var code: wint_t = 0
            let status = wget_wch(window, &code)
            if status == ERR {
                // A timeout, a signal, or a terminal that has gone away (then every read fails
                // at once): if the input has hung up, quit as if SIGHUP had come.
                if Terminal.now() - started < Int(slice) / 2, Signals.pending == 0, Terminal.inputHungUp() {
                    Signals.post(SIGHUP)
                }
                continue
            }
            if let event = status == KEY_CODE_YES ? keyCodeEvent(Int32(bitPattern: code)) : characterEvent(code) {
                return event
            }
        }
        return nil
    }

    private func keyCodeEvent(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case nc_key_f(1)...nc_key_f(12): return .key(.function(Int(code - nc_key_f(0))))
        case KEY_RESIZE:
            invalidate()
            return .resize(width: width, height: height)
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK,
                  event.bstate & (nc_button1_pressed() | nc_button1_clicked()) != 0
            else { return nil }
            return .mouse(x: Int(event.x), y: Int(event.y))
        default: return nil
        }
    }

    private func characterEvent(_ code: wint_t) -> InputEvent? {
        switch code {
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 9: return .key(.tab)
        case 127, 8: return .key(.backspace)
        case 12:  // Ctrl-L: repaint
            invalidate()
            return .resize(width: width, height: height)
        case 0..<32, 0x80..<0xA0: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    /// Milliseconds on the monotonic clock.
    private static func now() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return time.tv_sec * 1000 + time.tv_nsec / 1_000_000
    }

    /// Whether standard input has hung up or closed (the terminal went away).
    private static func inputHungUp() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) == 1 else { return false }
        return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }
}
