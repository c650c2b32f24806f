@testable import BellmanCore
@testable import BellmanTUI
import BellmanTestSupport
import XCTest

/// What the screen says is true (issue 14's list): the speed, large values, the lesson
/// header, the RMS while stepping, DP's backups, visit counts, the trail, special colours.
final class TrueNumbersTests: XCTestCase {
    /// No finite number is drawn as infinity, at any width a cell has.
    func testLargeValuesUseAShortExponentNeverInfinity() {
        XCTAssertEqual(Format.value(-12_345, width: 5), "-1e4")
        XCTAssertEqual(Format.value(-12_345, width: 6), "-12345")
        XCTAssertEqual(Format.value(-123_456, width: 6), "-1.2e5")
        XCTAssertEqual(Format.value(99_999, width: 4), "1e5", "rounding carries into the exponent")
        XCTAssertEqual(Format.value(-1e300, width: 3), "…")
        for width in 3...9 {
            for x in [-1e12, -123_456.0, -10_000, -9_999.5, 10_000, 4.2e7, 1e15] {
                let text = Format.value(x, width: width)
                XCTAssertFalse(text.contains("∞") || text.contains("inf"), "\(x) at \(width): \(text)")
                XCTAssertLessThanOrEqual(text.count, width, "\(x) at \(width): \(text)")
            }
        }
        XCTAssertEqual(Format.value(-.infinity, width: 5), "-inf", "a real infinity still says so")
        XCTAssertEqual(Format.count(269, width: 4), "269")
        XCTAssertEqual(Format.count(12_345, width: 4), "12k")
    }

    /// A lesson's keys are counted once: after n the header does not read "working…" for good.
    /// A discounted return after a long episode on the Dyna maze is about 1e-6: the panel
    /// shows it as such, never as a "0.00" that reads as no reward.
    func testATinyReturnIsNotShownAsZero() {
        XCTAssertEqual(Format.nonzero(0.95 * 6.2e-6, width: 8), "5.9e-6")
        XCTAssertEqual(Format.nonzero(-1.66e-10, width: 8), "-1.7e-10")
        XCTAssertEqual(Format.nonzero(0.00999, width: 8), "0.01", "two decimals where they show it")
        XCTAssertEqual(Format.nonzero(0, width: 8), "0.00")
    }

    func testTheLessonHeaderIsNotStuckWorking() throws {
        let lesson = try LessonCatalog.load("sarsa-vs-q-learning")
        var state = try appState(lesson.level)
        state.lesson = lesson
        let opened = openLessonStep(&state)
        XCTAssertEqual(state.commandsSent, opened.filter { $0.engineCommand != nil }.count)
        let effects = update(&state, .input(.key(.character("n"))))
        XCTAssertEqual(state.commandsSent, (opened + effects).filter { $0.engineCommand != nil }.count)
        // The engine acknowledges each command it handles; step 2 runs ("space"), so a few
        // slices, not until it stops.
        var worker = EngineWorker()
        for effect in opened + effects { if let command = effect.engineCommand { worker.apply(command) } }
        for _ in 0..<3 { _ = worker.advance() }
        _ = update(&state, .snapshot(worker.snapshot()))
        XCTAssertEqual(state.snapshot.acknowledged, state.commandsSent)
        XCTAssertEqual(Screen.runState(state), "▶ running")
    }

    /// Stepping tick by tick, the panel's RMS follows the values (it used to wait for the
    /// episode's end), and a rewind to the same tick shows the same number.
    func testRMSMovesWhileSteppingAndAgreesWithRewind() throws {
        let state = try appState("cliff-walking")
        var worker = EngineWorker()
        worker.apply(.configure(state.model, QLearning.info, QLearning.info.defaults(for: state.level)))
        awaitTruth(&worker)
        var seen: Set<Double> = []
        for _ in 0..<40 {
            worker.apply(.step(.tick))
            finishWork(&worker)
            let s = worker.snapshot()
            let truth = try XCTUnwrap(TruthCache.shared.truth(for: state.model, gamma: 1, kind: .optimal).values)
            XCTAssertEqual(s.rms ?? -1, state.model.rmsError(s.values, against: truth), accuracy: 1e-12)
            seen.insert(s.rms ?? -1)
        }
        XCTAssertEqual(worker.snapshot().counters.episodes, 0, "no episode has ended: the panel moved on its own")
        XCTAssertGreaterThan(seen.count, 1, "the RMS moves while stepping (an update that leaves max Q alone leaves V alone)")
        let at40 = worker.snapshot().rms
        worker.apply(.step(.tick))
        finishWork(&worker)
        worker.apply(.back(.tick))
        finishWork(&worker)
        XCTAssertEqual(worker.snapshot().rms, at40)
    }

    /// Cliff cells are never occupied: sweeps do not back them up or count them.
    func testDPSweepsOnlyTheStatesAnAgentCanOccupy() throws {
        let model = Model(try LevelCatalog.load("cliff-walking"))
        var solver = try ValueIteration(model: model, parameters: ValueIteration.info.defaults(for: model.level))
        while solver.counters.sweeps < 1 { _ = solver.tick() }
        XCTAssertEqual(solver.counters.backups, 48 - 1 - 10, "48 cells, less the goal and the 10 cliff cells")
        var fast = try ValueIteration(model: model, parameters: ValueIteration.info.defaults(for: model.level))
        fast.run(ticks: 37 * 3)
        XCTAssertEqual(fast.counters.sweeps, 3, "the fast path sweeps the same states")
        repeatWhile({ !solver.isFinished }, "solver converging") { _ = solver.tick() }
        repeatWhile({ !fast.isFinished }, "fast converging") { fast.run(ticks: 1_000) }
        XCTAssertEqual(solver.stateValues, fast.stateValues)
        XCTAssertEqual(solver.stateValues[36], -13, accuracy: 1e-9, "the start's V* is still -13")
    }

    func testVisitCountsHaveNoDecimalsAndTheTrailKeepsTheMinusSign() throws {
        var state = try appState("cliff-walking")
        _ = update(&state, .input(.key(.character("3"))))
        state.snapshot = snapshot(of: state, after: Array(repeating: .episode, count: 30))
        state.view = .visits
        let visits = Screen.render(state)
        let lines = (0..<visits.height).map(visits.line)
        let cells = lines.prefix(14).map { String($0.prefix(80)) }.joined(separator: "\n")
        XCTAssertNil(cells.range(of: #"\d\.\d"#, options: .regularExpression), "counts are whole:\n\(visits.text)")
        let legend = try XCTUnwrap(lines.first { $0.hasPrefix("visits ") }, visits.text)
        XCTAssertNotNil(legend.range(of: #"^visits \d+k? +\d+k? "#, options: .regularExpression), legend)

        // 60x20: two-line cells whose value starts in the first column; the trail goes below.
        var small = try appState("cliff-walking", width: 60, height: 20)
        _ = update(&small, .input(.key(.character("3"))))
        small.snapshot = snapshot(of: small, after: [.episode, .episode, .tick, .tick, .tick])
        let screen = Screen.render(small)
        for (x, y) in screen.positions(of: "·") {
            let right = x + 1 < screen.width ? screen[x + 1, y].character : " "
            XCTAssertFalse(right.isNumber, "a trail dot stands where a minus sign was at (\(x), \(y)):\n\(screen.text)")
        }

        // 80x24: one-line cells, whose tied arrows start in the first column; the dot goes last.
        var narrow = try appState("cliff-walking", width: 80, height: 24)
        _ = update(&narrow, .input(.key(.character("3"))))
        narrow.snapshot = snapshot(of: narrow, after: Array(repeating: .tick, count: 30))
        let layout = Layout(narrow), drawn = Screen.render(narrow)
        let dots = drawn.positions(of: "·").filter { $0.y >= layout.gridOrigin.y && $0.y < layout.legendY }
        XCTAssertFalse(dots.isEmpty, drawn.text)
        for (x, _) in dots { XCTAssertEqual((x - layout.gridOrigin.x) % layout.cellWidth, layout.cellWidth - 1, drawn.text) }
    }

    /// In 8 colours the cliff's C is white on red, not red on red; a portal is not drawn in
    /// the heatmap's purple of the lowest values.
    func testSpecialCellsAreReadableInEightColours() throws {
        for (level, symbol) in [("cliff-walking", Character("C")), ("gridworld-3-2", Character("A"))] {
            for colors in [ColorMode.basic8, .palette256] {
                var state = try appState(level, colors: colors)
                state.snapshot = snapshot(of: state, after: [.sweep])
                let screen = Screen.render(state)
                // The cell r3c1 (the cliff's first C) or r0c1 (the portal A).
                let layout = Layout(state), row = symbol == "C" ? 3 : 0
                let x = layout.gridOrigin.x + layout.cellWidth + (layout.cellWidth - 1) / 2
                let y = layout.gridOrigin.y + row * layout.cellHeight + (layout.cellHeight - 1) / 2
                XCTAssertEqual(screen[x, y].character, symbol, screen.text)
                let style = screen[x, y].style
                XCTAssertNotEqual(style.foreground, style.background, "\(level) in \(colors)")
                if colors == .basic8 {
                    // The basic colours themselves: approximating 224 and 88 made both red.
                    for color in [style.foreground, style.background] {
                        guard case .indexed(let n) = color else { return XCTFail("\(level): \(color)") }
                        XCTAssertLessThan(n, 8, "\(level) in 8 colours")
                    }
                }
                let ramp = (colors == .basic8 ? Heat.ramp8 : Heat.ramp256).map { Color.indexed($0) }
                if symbol == "A" { XCTAssertFalse(ramp.contains(style.background), "a portal looks like no value") }
            }
        }
    }

    /// Text that is cut says so: "…" as its last character, never a silent "(S&B".
    func testCutTextEndsInAnEllipsis() throws {
        var canvas = Canvas(width: 20, height: 1)
        canvas.put("one sweep (DP)", x: 0, y: 0, maxWidth: 7)
        XCTAssertEqual(canvas.line(0).prefix(7), "one sw…")
        canvas.put("fits    ", x: 10, y: 0, maxWidth: 5)
        XCTAssertEqual(canvas.line(0).dropFirst(10).prefix(5), "fits ", "cut spaces need no ellipsis")
        XCTAssertEqual(Format.wrap("a b c d e f", width: 3, lines: 2), ["a b", "c …"])
        XCTAssertEqual(Format.limit(["x", "change 0.00", "more"], to: 2, width: 20), ["x", "change 0.00 …"])

        var state = try appState("cliff-walking")
        _ = update(&state, .input(.key(.character("3"))))
        while state.method.id != "double-q-learning" { _ = update(&state, .input(.key(.character("m")))) }
        let lines = (0..<40).map(Screen.render(state).line)
        let summary = try XCTUnwrap(lines.firstIndex { $0.contains("Q* by two Q tables") })
        XCTAssertTrue(lines[summary + 1].trimmingCharacters(in: .whitespaces).hasSuffix("…"), lines[summary + 1])
    }

    /// The 31x31 maze is seen whole at 120x40: the curves give their lines to the level (they
    /// used to leave it at "rows 0-23 of 31"); a level that scrolls anyway keeps them.
    func testTheMazeFitsWholeAt120x40() throws {
        let maze = try appState("maze-31")
        let layout = Layout(maze)
        XCTAssertEqual(layout.visibleRows, 31)
        XCTAssertNil(layout.curves)
        XCTAssertNotNil(layout.explain, "the explain box stays: the maze fits without its lines")
        XCTAssertFalse(Screen.render(maze).text.contains("rows 0-"), Screen.render(maze).text)
        let field = Layout(try appState("open-field-100"))
        XCTAssertNotNil(field.curves, "100 rows scroll either way: the curves stay")
    }

    /// A gamma change marks the curve as live physics does, and a session replays both: S
    /// saves after either (it used to refuse both; see PhysicsTests for the reload).
    func testSAfterAGammaChangeOrPhysicsSaves() throws {
        var state = try appState("cliff-walking")
        var worker = EngineWorker()
        func send(_ effects: [Effect]) {
            for e in effects { if let c = e.engineCommand { worker.apply(c) } }
            finishWork(&worker)
            _ = update(&state, .snapshot(worker.snapshot()))
        }
        send(update(&state, .start))
        send(update(&state, .input(.key(.character("w")))))
        send(update(&state, .input(.key(.character("g")))))
        XCTAssertEqual(state.snapshot.physicsMarks.count, 1, "the curve marks the new gamma")
        guard case .saveSession? = update(&state, .input(.key(.character("S")))).first else { return XCTFail(state.status ?? "") }
        send(update(&state, .input(.key(.character("D")))))
        XCTAssertEqual(state.snapshot.worldChanges, [WorldChange(tick: state.snapshot.counters.ticks, slip: 0.05)])
        guard case .saveSession? = update(&state, .input(.key(.character("S")))).first else { return XCTFail(state.status ?? "") }
    }
}

extension TrueNumbersTests {
    /// Run fast then pause: the RMS beside the samples counter is of the values on screen,
    /// not of the last episode end measured while running (it lagged by thousands of samples).
    func testPauseAfterARunMeasuresTheRMSOfTheValuesShown() throws {
        let clock = ManualClock()
        var worker = EngineWorker(clock: clock)
        let model = Model(try LevelCatalog.load("cliff-walking"))
        worker.apply(.configure(model, TD0.info, TD0.info.defaults(for: model.level)))
        awaitTruth(&worker)
        worker.apply(.speed(1_000_000))
        worker.apply(.run)
        // The clock does not move: after the first measurement, running fast measures no more.
        for _ in 0..<20 { _ = worker.advance() }
        let running = worker.snapshot()
        let truth = try XCTUnwrap(TruthCache.shared.truth(for: model, gamma: 1, kind: .randomPolicy).values)
        XCTAssertNotEqual(running.rms ?? -1, model.rmsError(running.values, against: truth), "running fast, the RMS lags (the test needs it to)")
        worker.apply(.pause)
        let paused = worker.snapshot()
        XCTAssertEqual(paused.counters.samples, running.counters.samples)
        XCTAssertEqual(paused.rms ?? -1, model.rmsError(paused.values, against: truth), accuracy: 1e-12)
        XCTAssertEqual(paused.errors.last?.x, paused.counters.samples, "the curve and its caption reach the samples counted")
        XCTAssertEqual(paused.errors.last?.rms, paused.rms, "the curve ends at the panel's number")
    }
}

extension TrueNumbersTests {
    /// The agent `@` never covers a digit of its cell's value, at any size or zoom (it was
    /// `-9@0` at 60x20 and `S0.@0` zoomed out).
    func testTheAgentNeverCoversAValue() throws {
        for (width, height) in [(120, 40), (80, 24), (60, 20)] {
            for zoom in [nil, 0, 1, 2] {
                var state = try appState(width: width, height: height)
                _ = update(&state, .input(.key(.character("3"))))
                state.zoom = zoom
                state.snapshot = snapshot(of: state, after: Array(repeating: .tick, count: 7))
                let layout = Layout(state)
                guard layout.cellHeight >= 2, layout.cellWidth >= 5, let agent = state.snapshot.agent,
                      case let cell = Int(state.model.cellOfState[agent]), cell >= 0 else { continue }
                let (row, col) = (cell / state.level.cols - state.scroll.row, cell % state.level.cols - state.scroll.col)
                guard row >= 0, col >= 0, row < layout.visibleRows, col < layout.visibleCols else { continue }
                let canvas = Screen.render(state)
                let x = layout.gridOrigin.x + col * layout.cellWidth, y = layout.gridOrigin.y + row * layout.cellHeight
                let valueRow = String((0..<layout.cellWidth).map { canvas[x + $0, y + layout.valueLine].character })
                let whole = String((0..<layout.cellHeight).flatMap { dy in (0..<layout.cellWidth).map { canvas[x + $0, y + dy].character } })
                XCTAssertTrue(whole.contains("@"), "the agent is drawn in its cell at \(width)x\(height) zoom \(zoom as Any)")
                XCTAssertFalse(valueRow.contains("@"), "|\(valueRow)| at \(width)x\(height) zoom \(zoom as Any)")
                XCTAssertNotNil(valueRow.firstMatch(of: /-?\d+\.\d\d/), "|\(valueRow)| keeps its value")
            }
        }
    }
}
