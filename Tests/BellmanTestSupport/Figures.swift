import BellmanCore
import XCTest

/// Values per state laid out as the level's rows x cols (`nil` on walls).
public func valueGrid(_ values: [Double], _ model: Model) -> [[Double?]] {
    (0..<model.level.rows).map { r in
        (0..<model.level.cols).map { c in
            let s = Int(model.stateOfCell[r * model.level.cols + c])
            return s < 0 ? nil : values[s]
        }
    }
}

/// Asserts that values round to a figure printed in the book with `decimals` decimals.
/// `nil` entries in the figure are cells the figure does not print (walls, terminals);
/// `nil` entries in `actual` are cells without a state.
public func assertMatchesFigure(_ actual: [[Double?]], _ figure: [[Double?]], decimals: Int, offset: Double = 0,
                                file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, figure.count, "rows", file: file, line: line)
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    for (r, row) in figure.enumerated() where r < actual.count {
        for (c, printed) in row.enumerated() {
            guard let printed else { continue }
            guard c < actual[r].count, let value = actual[r][c] else {
                XCTFail("r\(r)c\(c) has no value but the figure prints \(printed)", file: file, line: line)
                continue
            }
            let rounded = ((value + offset) * scale).rounded() / scale
            XCTAssertEqual(rounded, printed, accuracy: 1e-9,
                           "r\(r)c\(c): \(value + offset) does not print as \(printed)", file: file, line: line)
        }
    }
}

/// The same for the values of a model's states.
public func assertMatchesFigure(_ values: [Double], _ model: Model, _ figure: [[Double?]], decimals: Int,
                                offset: Double = 0, file: StaticString = #filePath, line: UInt = #line) {
    assertMatchesFigure(valueGrid(values, model), figure, decimals: decimals, offset: offset, file: file, line: line)
}
