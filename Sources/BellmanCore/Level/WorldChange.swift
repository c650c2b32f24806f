import Foundation

/// A change of a grid level while learning goes on: the playground's live physics (a new
/// slip, a new step reward, or both) or build mode's edit of one cell, from a tick on.
///
/// One rule for what a change does to a level, used by the playground when the key is
/// pressed and by a session when it is replayed, so that both reach the same world.
public struct WorldChange: Sendable, Equatable, Codable {
    /// The tick the change took effect at (the solver had taken this many ticks).
    public var tick: Int
    public var slip: Double?
    public var stepReward: Double?
    /// Build mode: the cell's new kind and reward. The level's states may change (a wall
    /// made floor is a new state), unlike physics.
    public var cell: CellEdit?

    public init(tick: Int = 0, slip: Double? = nil, stepReward: Double? = nil, cell: CellEdit? = nil) {
        self.tick = tick
        self.slip = slip
        self.stepReward = stepReward
        self.cell = cell
    }

    /// The level after the change: every cell and bump that earned the old step reward
    /// earns the new one; an edited cell becomes its new kind with its new reward. The
    /// caller checks `refusal(on:)` first.
    public func applied(to level: Level) -> Level {
        var level = level
        if let cell { level.set(cell) }
        if let slip { level.slip = slip }
        if let new = stepReward {
            let old = level.stepReward
            for i in level.palette.indices where level.palette[i].reward == old { level.palette[i].reward = new }
            if level.bumpReward == old { level.bumpReward = new }
            level.stepReward = new
        }
        return level
    }

    /// What is wrong with the change by the rules a level file's `slip` and `step_reward`
    /// follow, as (key, message) pairs.
    func problems() -> [(key: String, message: String)] {
        var found: [(String, String)] = []
        if let slip, !(slip >= 0 && slip <= 1) { found.append(("slip", "slip \(slip) is out of range; valid: a number with 0 <= slip <= 1")) }
        if let stepReward, !(abs(stepReward) <= LevelParser.maxReward) {
            found.append(("step_reward", "step_reward \(stepReward) is out of range; valid: \(LevelParser.rewardRange)"))
        }
        if slip == nil && stepReward == nil && cell == nil {
            found.append(("slip", "a physics change sets `slip`, `step_reward` or both, or a `cell`"))
        }
        if let cell {
            if CellEdit.kinds.first(where: { $0.rawValue == cell.kind }) == nil {
                found.append(("cell.kind", "kind `\(cell.kind)` is not one build mode sets; valid: \(CellEdit.kinds.map(\.rawValue).joined(separator: ", "))"))
            }
            if !(abs(cell.reward) <= LevelParser.maxReward) {
                found.append(("cell.reward", "reward \(cell.reward) is out of range; valid: \(LevelParser.rewardRange)"))
            }
        }
        return found
    }

    /// Why this change cannot be made to `level` (its cell is off the map, a portal's, or
    /// the level it would make is not a valid level file), or `nil`.
    public func refusal(on level: Level) -> String? {
        guard let cell else { return nil }
        if let refusal = Self.buildRefusal(on: level) { return refusal }
        guard cell.row >= 0, cell.row < level.rows, cell.col >= 0, cell.col < level.cols else {
            return "cell r\(cell.row)c\(cell.col) is off the map (\(level.rows) x \(level.cols) cells)"
        }
        if let problem = problems().first { return problem.message }
        let index = cell.row * level.cols + cell.col
        if level.cell(at: index).kind == .portal || level.palette.contains(where: { $0.portalTarget == index }) {
            return "\(Level.cellName(row: cell.row, col: cell.col)) is a portal's; build mode leaves portals as the file has them"
        }
        let edited = applied(to: level)
        do {
            _ = try LevelParser.parse(source: LevelWriter.toml(edited), file: level.file, id: level.id)
        } catch let errors as FileProblems {
            // The message without the position in a file that does not exist yet.
            let first = errors.problems.first.map(\.message) ?? "\(errors)"
            return "that would not be a valid level: \(first)"
        } catch {
            return "that would not be a valid level: \(error)"
        }
        return nil
    }

    /// The largest map build mode edits: every edit writes and parses the whole level, which
    /// takes a moment at this size and would freeze the screen for seconds at the 4,000,000
    /// cells a level file may have.
    public static let maxBuildCells = 250_000

    /// Why no cell of `level` can be edited (not a grid, or a map that changes on schedule).
    public static func buildRefusal(on level: Level) -> String? {
        if level.mdp != nil { return "build mode edits grid levels; \(level.kind) has no cells" }
        if !level.schedule.isEmpty { return "this level's map changes on schedule; build mode edits levels with one map" }
        if level.rows * level.cols > maxBuildCells {
            return "build mode edits maps of up to \(maxBuildCells.formatted()) cells (each edit is checked as a whole level file); this one has \((level.rows * level.cols).formatted())"
        }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case tick, slip, stepReward = "step_reward", cell
    }
}

/// Build mode's edit of one cell: its new kind and the reward for entering it.
public struct CellEdit: Sendable, Equatable, Codable {
    public var row: Int
    public var col: Int
    /// A `CellKind`'s name, one of `kinds`.
    public var kind: String
    public var reward: Double

    public init(row: Int, col: Int, kind: CellKind, reward: Double) {
        self.row = row
        self.col = col
        self.kind = kind.rawValue
        self.reward = reward
    }

    /// The kinds build mode sets (portals stay as the file has them).
    public static let kinds: [CellKind] = [.floor, .wall, .start, .goal, .hole, .cliff]
}

extension Level {
    /// Sets a cell to a kind and reward: a palette entry with both (a new character when
    /// none has them: the kind's built-in one if free, else one the level does not use).
    mutating func set(_ edit: CellEdit) {
        let kind = CellKind(rawValue: edit.kind) ?? .floor
        let reward = kind == .wall ? 0 : edit.reward
        let index: Int
        if let found = palette.firstIndex(where: { $0.kind == kind && ($0.kind == .wall || $0.reward == reward) && $0.portalTarget == nil }) {
            index = found
        } else {
            let taken = Set(palette.map(\.symbol))
            let builtIn: Character? = LevelWriter.builtIn.first { $0.value == kind }?.key
            let spare = "abcdefghijklmnopqrstuvwxyzABCDEFIJKLMNOPQRTUVWXYZ0123456789!$%&*+:;<=>?@^_~"
            let symbol = builtIn.flatMap { taken.contains($0) ? nil : $0 } ?? spare.first { !taken.contains($0) } ?? "~"
            palette.append(Tile(symbol: symbol, kind: kind, reward: reward, portalTarget: nil, isBuilt: symbol != builtIn))
            index = palette.count - 1
        }
        grid[edit.row * cols + edit.col] = UInt16(index)
    }
}
