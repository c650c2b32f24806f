/// A compass direction an action can aim at, or `stay`.
///
/// Rows grow southwards: north is row - 1, as on the screen.
public enum Direction: Int, CaseIterable, Sendable, Hashable {
    case n, ne, e, se, s, sw, w, nw, stay

    /// The id used in level files, JSON and the CLI (`N`, `NE`, ..., `stay`).
    public var id: String {
        switch self {
        case .n: "N"
        case .ne: "NE"
        case .e: "E"
        case .se: "SE"
        case .s: "S"
        case .sw: "SW"
        case .w: "W"
        case .nw: "NW"
        case .stay: "stay"
        }
    }

    /// An arrow for drawing the greedy policy.
    public var arrow: Character {
        switch self {
        case .n: "↑"
        case .ne: "↗"
        case .e: "→"
        case .se: "↘"
        case .s: "↓"
        case .sw: "↙"
        case .w: "←"
        case .nw: "↖"
        case .stay: "•"
        }
    }

    /// Parses a level-file action id; `nil` when it is not one.
    public init?(id: String) {
        guard let match = Direction.allCases.first(where: { $0.id == id }) else { return nil }
        self = match
    }

    /// Row and column offsets of one move.
    public var delta: (row: Int, col: Int) {
        switch self {
        case .n: (-1, 0)
        case .ne: (-1, 1)
        case .e: (0, 1)
        case .se: (1, 1)
        case .s: (1, 0)
        case .sw: (1, -1)
        case .w: (0, -1)
        case .nw: (-1, -1)
        case .stay: (0, 0)
        }
    }

    /// The two directions at +-90 degrees that a slip can turn this one into; none for `stay`.
    public var perpendiculars: [Direction] {
        guard self != .stay else { return [] }
        return [Direction(rawValue: (rawValue + 2) % 8)!, Direction(rawValue: (rawValue + 6) % 8)!]
    }
}
