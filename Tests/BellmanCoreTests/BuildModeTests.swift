@testable import BellmanCore
import XCTest

/// Build mode's core (DESIGN §9): one cell's kind and reward changed while learning goes on,
/// the edited level written as a level file, and sessions that replay edits.
final class BuildModeTests: XCTestCase {
    /// Every bundled grid level written out parses back to the same world: the same states,
    /// starts and every outcome of every action.
    func testWrittenLevelsReadBackToTheSameWorld() throws {
        for name in LevelCatalog.names {
            let level = try LevelCatalog.load(name)
            guard level.mdp == nil else { continue }
            let text = LevelWriter.toml(level.schedule.isEmpty ? level : level.phase(0))
            let again = try LevelParser.parse(source: text, file: "\(name)-edited.toml", id: name)
            let a = Model(level.schedule.isEmpty ? level : level.phase(0)), b = Model(again)
            guard level.schedule.isEmpty else { continue }
            XCTAssertEqual(a.stateCount, b.stateCount, name)
            XCTAssertEqual(a.startStates, b.startStates, name)
            XCTAssertEqual(a.isTerminal, b.isTerminal, name)
            XCTAssertEqual(a.episodeCap, b.episodeCap, name)
            XCTAssertEqual(again.name, level.name, name)
            XCTAssertEqual(again.about, level.about, name)
            for s in 0..<a.stateCount {
                for action in 0..<a.actionCount {
                    XCTAssertEqual(a.outcomes(state: s, action: action), b.outcomes(state: s, action: action), "\(name) \(a.name(of: s)) \(action)")
                }
            }
        }
    }

    private func cliff() throws -> Level { try LevelCatalog.load("cliff-walking") }

    /// The world an edit makes is the world of the file written from it (what a session
    /// replays is what the file opens to), and the gamma = 1 refusal sees it.
    func testAnEditedLevelIsTheLevelOfItsFile() throws {
        let level = try cliff()
        let edit = WorldChange(cell: CellEdit(row: 2, col: 0, kind: .wall, reward: 0))
        let edited = edit.applied(to: level)
        let a = Model(edited), b = Model(try LevelParser.parse(source: LevelWriter.toml(edited), file: "e.toml", id: "e"))
        XCTAssertEqual(a.stateCount, b.stateCount)
        XCTAssertEqual(a.startStates, b.startStates)
        for s in 0..<a.stateCount {
            for action in 0..<4 { XCTAssertEqual(a.outcomes(state: s, action: action), b.outcomes(state: s, action: action), a.name(of: s)) }
        }
        XCTAssertNotNil(b.undiscountedRefusal(method: "value iteration"))
        XCTAssertNotNil(a.undiscountedRefusal(method: "value iteration"), "the start is cut off from the goal")
    }

    func testAnEditChangesOneCellAndTheLevelStaysValid() throws {
        let level = try cliff()
        let wall = WorldChange(cell: CellEdit(row: 2, col: 5, kind: .wall, reward: 0))
        XCTAssertNil(wall.refusal(on: level))
        let walled = wall.applied(to: level)
        XCTAssertEqual(walled.cell(2, 5).kind, .wall)
        XCTAssertEqual(Model(walled).stateCount, Model(level).stateCount - 1)
        // A rewarded floor cell takes a character of its own, written in the legend.
        let treat = WorldChange(cell: CellEdit(row: 0, col: 0, kind: .floor, reward: 5)).applied(to: walled)
        let text = LevelWriter.toml(treat)
        XCTAssertTrue(text.contains("[legend]") && text.contains("kind = \"floor\", reward = 5.0"), text)
        let again = try LevelParser.parse(source: text, file: "edited.toml", id: "edited")
        XCTAssertEqual(again.cell(0, 0).reward, 5)
        XCTAssertEqual(again.cell(2, 5).kind, .wall)
        // Refused: off the map, and a level left with a cliff but no start.
        XCTAssertNotNil(WorldChange(cell: CellEdit(row: 4, col: 0, kind: .wall, reward: 0)).refusal(on: level))
        let noStart = WorldChange(cell: CellEdit(row: 3, col: 0, kind: .floor, reward: -1)).refusal(on: level)
        XCTAssertTrue(noStart?.contains("start") == true, noStart ?? "accepted")
        XCTAssertNotNil(WorldChange(cell: CellEdit(row: 0, col: 0, kind: .wall, reward: 0)).refusal(on: try LevelCatalog.load("gambler")))
        // Every edit is checked as a whole level file: maps up to 250,000 cells.
        let field = try LevelCatalog.load("open-field-100")
        XCTAssertNil(WorldChange.buildRefusal(on: field.scaled(by: 5)))
        XCTAssertTrue(WorldChange.buildRefusal(on: field.scaled(by: 6))?.contains("up to 250,000 cells") == true)
    }

    /// Learning goes on: a kept state keeps its values, a removed one is dropped, a new one
    /// starts at init; the counts go on and the agent starts a new episode.
    func testTablesAreCarriedAcrossAnEdit() throws {
        let level = try cliff()
        let model = Model(level)
        var p = QLearning.info.defaults(for: level)
        p.initialValue = -3
        var solver = try QLearning.info.make(model, p)
        solver.run(ticks: 5_000)
        let before = try XCTUnwrap(solver.actionValues), counters = solver.counters
        let edited = Model(WorldChange(cell: CellEdit(row: 1, col: 4, kind: .wall, reward: 0)).applied(to: level))
        let map = StateMap(from: model, to: edited)
        solver.edit(map)
        let after = try XCTUnwrap(solver.actionValues)
        XCTAssertEqual(after.count, edited.stateCount * 4)
        XCTAssertEqual(solver.counters, counters, "the counts go on")
        for s in 0..<edited.stateCount {
            let old = try XCTUnwrap(model.state(atCell: Int(edited.cellOfState[s])))
            XCTAssertEqual(Array(after[s * 4 ..< s * 4 + 4]), Array(before[old * 4 ..< old * 4 + 4]), edited.name(of: s))
        }
        XCTAssertTrue(edited.startStates.contains(Int32(try XCTUnwrap(solver.agentState))), "a new episode from a start")
        // The wall made floor again: a new state, at init.
        let opened = Model(level)
        solver.edit(StateMap(from: edited, to: opened))
        let s = try XCTUnwrap(opened.state(atCell: 1 * 12 + 4))
        XCTAssertEqual(Array(try XCTUnwrap(solver.actionValues)[s * 4 ..< s * 4 + 4]), [-3, -3, -3, -3])
        solver.run(ticks: 1_000)
        XCTAssertEqual(solver.counters.samples, 6_000)
    }

    /// Every method takes an edit and goes on (DP converges again on the edited map): a wall
    /// that takes a state away, then a wall opened that adds one (where the agent may walk).
    func testEveryMethodGoesOnAfterAnEdit() throws {
        let level = try LevelCatalog.load("dyna-maze")
        let model = Model(level)
        let edited = Model(WorldChange(cell: CellEdit(row: 0, col: 0, kind: .wall, reward: 0)).applied(to: level))
        let opened = Model(WorldChange(cell: CellEdit(row: 1, col: 2, kind: .floor, reward: 0)).applied(to: edited.level))
        XCTAssertEqual(opened.stateCount, edited.stateCount + 1)
        // Build mode edits maps; the Bandit methods run on bandits, which have none.
        for info in Methods.all where info.family != .bandit {
            var solver = try info.make(model, info.defaults(for: level))
            solver.run(ticks: 3_000)
            solver.edit(StateMap(from: model, to: edited))
            XCTAssertEqual(solver.stateValues.count, edited.stateCount, info.id)
            solver.run(ticks: 3_000)
            XCTAssertTrue(solver.stateValues.allSatisfy(\.isFinite), info.id)
            solver.edit(StateMap(from: edited, to: opened))
            solver.run(ticks: 3_000)
            XCTAssertEqual(solver.stateValues.count, opened.stateCount, info.id)
            XCTAssertTrue(solver.stateValues.allSatisfy(\.isFinite), info.id)
            if let pi = (solver as? any StochasticPolicy)?.actionProbabilities {
                XCTAssertEqual(pi.count, opened.stateCount * opened.actionCount, info.id)
            }
        }
        var vi = try ValueIteration.info.make(model, ValueIteration.info.defaults(for: level))
        vi.run(ticks: 1_000_000)
        XCTAssertTrue(vi.isFinished)
        vi.edit(StateMap(from: model, to: edited))
        XCTAssertFalse(vi.isFinished, "DP resumes from its values")
        vi.run(ticks: 1_000_000)
        XCTAssertTrue(vi.isFinished)
        let truth = try XCTUnwrap(TruthCache.shared.truth(for: edited, gamma: level.gamma, kind: .optimal).values)
        XCTAssertEqual(edited.rmsError(vi.stateValues, against: truth), 0, accuracy: 1e-8)
    }

    /// A session with edits loads and continues bit for bit.
    func testSessionsReplayEdits() throws {
        let level = try cliff()
        var model = Model(level)
        let info = DynaQ.info
        var solver = try info.make(model, info.defaults(for: level))
        solver.run(ticks: 300)
        var changes: [WorldChange] = []
        for (tick, edit) in [(300, CellEdit(row: 2, col: 3, kind: .wall, reward: 0)), (500, CellEdit(row: 0, col: 11, kind: .goal, reward: 10))] {
            solver.run(ticks: tick - solver.counters.ticks)
            var change = WorldChange(cell: edit)
            change.tick = tick
            XCTAssertNil(change.refusal(on: model.level))
            let next = Model(change.applied(to: model.level))
            solver.edit(StateMap(from: model, to: next))
            model = next
            changes.append(change)
        }
        solver.run(ticks: 400)
        let session = Session(levelID: level.id, file: level.file, source: level.source, method: info, initial: info.defaults(for: level),
                              changes: [], physics: changes, solver: solver)
        let read = try JSONDecoder().decode(Session.self, from: try session.json())
        var restored = try read.restore(file: "s.json")
        XCTAssertEqual(restored.model.stateCount, model.stateCount)
        XCTAssertEqual(restored.solver.actionValues, solver.actionValues)
        restored.solver.run(ticks: 500)
        solver.run(ticks: 500)
        XCTAssertEqual(restored.solver.actionValues, solver.actionValues, "and it goes on bit for bit")
    }
}

extension BuildModeTests {
    /// An edit in the middle of an episode starts a new one for off-policy Monte Carlo too:
    /// the behaviour probabilities of the episode cut short go with it (they were kept, and
    /// weighed the next episode's first steps).
    func testOffPolicyMonteCarloForgetsTheEpisodeAnEditCuts() throws {
        let level = try cliff()
        let model = Model(level)
        var solver = try MCOffPolicy(model: model, parameters: MCOffPolicy.info.defaults(for: level))
        for _ in 0..<7 { _ = solver.tick() }
        XCTAssertEqual(solver.behaviourProbability.count, solver.episode.count)
        XCTAssertGreaterThan(solver.episode.count, 0, "mid-episode")
        solver.edit(StateMap(from: model, to: Model(WorldChange(cell: CellEdit(row: 1, col: 4, kind: .wall, reward: 0)).applied(to: level))))
        XCTAssertEqual(solver.episode.count, 0)
        XCTAssertEqual(solver.behaviourProbability.count, 0)
        for _ in 0..<3 { _ = solver.tick() }
        XCTAssertEqual(solver.behaviourProbability.count, solver.episode.count, "one b(A|S) per step of the new episode")
    }
}
