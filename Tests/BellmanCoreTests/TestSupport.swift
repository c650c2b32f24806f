import BellmanTestSupport
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
    repeatWhile({ !solver.isFinished }, "solver converging") { solver.run(ticks: 10_000) }
    XCTAssertNil(solver.stopReason, "\(method.id) did not converge: \(solver.stopReason ?? "")")
    return solver.stateValues
}
