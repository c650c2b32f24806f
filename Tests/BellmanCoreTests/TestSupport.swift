import XCTest
@testable import BellmanCore

/// Loads a bundled level and compiles its model.
func bundledModel(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> Model {
    Model(try LevelCatalog.load(name))
}

/// Parses level text written in a test.
func model(_ toml: String) throws -> Model {
    Model(try LevelParser.parse(source: toml, file: "test.toml", id: "test"))
}

/// Runs a DP method to convergence and returns V per state.
func solve(_ method: MethodInfo, _ model: Model, configure: (inout Parameters) -> Void = { _ in }) throws -> [Double] {
    var parameters = method.defaults(for: model.level)
    configure(&parameters)
    var solver = try method.make(model, parameters)
    while !solver.isFinished { solver.run(ticks: 10_000) }
    XCTAssertNil(solver.stopReason, "\(method.id) did not converge: \(solver.stopReason ?? "")")
    return solver.stateValues
}

/// The values as a rows x cols grid (`nil` on walls).
func grid(_ values: [Double], _ model: Model) -> [[Double?]] {
    (0..<model.level.rows).map { r in
        (0..<model.level.cols).map { c in
            let s = Int(model.stateOfCell[r * model.level.cols + c])
            return s < 0 ? nil : values[s]
        }
    }
}

/// Asserts that values round to a figure printed in the book with `decimals` decimals.
/// `nil` entries in the figure are cells the figure does not print (walls, terminals).
func assertMatchesFigure(_ values: [Double], _ model: Model, _ figure: [[Double?]], decimals: Int,
                         offset: Double = 0, file: StaticString = #filePath, line: UInt = #line) {
    let actual = grid(values, model)
    XCTAssertEqual(actual.count, figure.count, "rows", file: file, line: line)
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    for (r, row) in figure.enumerated() {
        for (c, printed) in row.enumerated() {
            guard let printed else { continue }
            guard let value = actual[r][c] else {
                XCTFail("r\(r)c\(c) is a wall but the figure prints \(printed)", file: file, line: line)
                continue
            }
            let rounded = ((value + offset) * scale).rounded() / scale
            XCTAssertEqual(rounded, printed, accuracy: 1e-9,
                           "r\(r)c\(c): \(value + offset) does not print as \(printed)", file: file, line: line)
        }
    }
}
