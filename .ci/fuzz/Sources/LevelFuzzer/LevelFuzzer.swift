import BellmanCore
import Foundation

/// libFuzzer's entry: one input is one level file. It must be accepted (and then compile
/// and run a few backups and steps) or rejected with LevelErrors; anything else, a trap, an
/// abort or a sanitizer report, is a finding. Crashes are kept by libFuzzer as crash-* files;
/// add each to Tests/BellmanCoreTests/LevelFuzzTests.swift as a regression case.
@_cdecl("LLVMFuzzerTestOneInput")
public func levelFuzzerTestOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let level: Level
    do {
        level = try LevelParser.parse(data: data, file: "fuzz.toml", id: "fuzz")
    } catch is LevelErrors {
        return 0
    } catch {
        fatalError("not a level error: \(error)")
    }
    guard level.rows * level.cols <= 10_000 else { return 0 }
    let model = Model(level)
    var parameters = ValueIteration.info.defaults(for: level)
    parameters.gamma = min(parameters.gamma, 0.99)
    if var dp = try? ValueIteration(model: model, parameters: parameters) { dp.run(ticks: 2 * model.stateCount) }
    var td = QLearning(model: model, parameters: QLearning.info.defaults(for: level))
    td.run(ticks: 200)
    return 0
}
