/// Rows of cells as aligned text columns, two spaces apart: the columns in `left` (names)
/// flush left, the others (numbers) flush right. The tables of `race`, `scale` and `sweep`.
enum TextTable {
    static func render(_ rows: [[String]], left: Set<Int>) -> String {
        let widths = (rows.first ?? []).indices.map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return left.contains(c) ? cell + pad : pad + cell
            }.joined(separator: "  ") + "\n"
        }.joined()
    }
}
