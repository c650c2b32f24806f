#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BellmanTUI
import CNcurses

/// Reading keys, mouse presses and resizes.
extension Terminal {
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
