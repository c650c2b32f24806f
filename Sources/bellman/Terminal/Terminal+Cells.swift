#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BellmanTUI
import CNcurses

/// How a cell's colours and characters reach a terminal that has fewer of them.
extension Terminal {
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
}
