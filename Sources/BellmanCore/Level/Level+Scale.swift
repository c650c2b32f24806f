/// `--scale K` (DESIGN §9): every cell becomes a K x K block, for Example 8.4's growing mazes.
extension Level {
    /// The largest factor accepted.
    public static let maxScale = 64

    /// Whether `scaled(by:)` applies to this level, and why not.
    public func scaleRefusal(_ k: Int) -> String? {
        if k == 1 { return nil }
        if mdp != nil { return "--scale makes each grid cell a block; \(kind) has no grid" }
        if k < 1 || k > Self.maxScale { return "--scale \(k) is out of range; valid: 1 to \(Self.maxScale)" }
        if rows * cols * k * k > LevelParser.maxCells {
            return "--scale \(k) would make \(rows * k) x \(cols * k) cells; at most \(LevelParser.maxCells) are allowed"
        }
        return nil
    }

    /// The level with each cell a k x k block: walls, cliffs, floor and rewarded cells fill
    /// their block; a start, goal, hole or portal keeps one cell at its block's top-left and
    /// the rest of the block is floor. Wind repeats per column; a schedule's maps scale too.
    /// The caller checks `scaleRefusal` first.
    public func scaled(by k: Int) -> Level {
        guard k > 1 else { return self }
        var level = self
        let wideCols = cols * k
        var palette = self.palette
        let floor: UInt16
        if let plain = palette.firstIndex(where: { $0.kind == .floor && $0.reward == stepReward && $0.symbol == "." }) {
            floor = UInt16(plain)
        } else {
            floor = UInt16(palette.count)
            palette.append(Tile(symbol: ".", kind: .floor, reward: stepReward, portalTarget: nil))
        }
        func scaledCell(_ index: Int) -> Int { (index / cols) * k * wideCols + (index % cols) * k }
        for i in palette.indices {
            if let target = palette[i].portalTarget { palette[i].portalTarget = scaledCell(target) }
        }
        func blocks(_ grid: [UInt16]) -> [UInt16] {
            var wide = [UInt16](repeating: floor, count: grid.count * k * k)
            for cell in grid.indices {
                let tile = palette[Int(grid[cell])]
                let single = [.start, .goal, .hole, .portal].contains(tile.kind)
                let origin = scaledCell(cell)
                for i in 0..<k {
                    for j in 0..<k where !single || i == 0 && j == 0 {
                        wide[origin + i * wideCols + j] = grid[cell]
                    }
                }
            }
            return wide
        }
        level.palette = palette
        level.grid = blocks(grid)
        level.rows = rows * k
        level.cols = wideCols
        level.wind = wind.flatMap { Array(repeating: $0, count: k) }
        level.schedule = schedule.map { ScheduledMap(at: $0.at, grid: blocks($0.grid)) }
        level.scale = self.scale * k
        level.name = "\(name) (x\(k))"
        return level
    }
}
