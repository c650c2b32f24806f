import Foundation
import XCTest
@testable import BellmanCore

/// Level-file errors (DESIGN §2): each names the line and column of the offending value (or
/// the unknown key), 1-based with columns in characters, and says what would be valid.
///
/// The level texts are written out in full with their line numbers in comments, so each
/// expected position can be checked by eye.
final class LevelParserErrorTests: XCTestCase {

    // MARK: - TOML and top-level keys

    func testTOMLSyntaxErrorIsPlacedByTheParser() {
        let source = """
        name = "t"
        gamma = = 0.9
        map = "S.G"
        """
        // Line 2, at the second `=` (column 9), where a value was expected.
        assertSingleError(source, line: 2, column: 9, contains: ["TOML"])
    }

    func testSyntaxErrorColumnIsCountedInCharacters() {
        let source = """
        name = "t"
        about = "ééé" x
        map = "S.G"
        """
        // `x` is the 15th character of line 2 (its 18th byte).
        assertSingleError(source, line: 2, column: 15, contains: ["TOML", "'x'"])
    }

    func testUnknownTopLevelKeyPointsAtTheKeyAndSuggestsTheCloseOne() {
        let source = """
        name = "t"
          gama = 0.5
        map = "S.G"
        """
        let error = assertSingleError(source, line: 2, column: 3, contains: ["gama"])
        XCTAssertTrue(error?.message.contains("did you mean `gamma`") ?? false, error?.message ?? "")
    }

    func testGammaOutOfRange() {
        for bad in ["1.5", "0", "-0.5"] {
            let source = """
            name = "t"
            gamma = \(bad)
            map = "S.G"
            """
            assertSingleError(source, line: 2, column: 9, contains: ["0 < gamma <= 1"])
        }
    }

    func testGammaOfOneIsValid() throws {
        let level = try LevelParser.parse(source: "name = \"t\"\ngamma = 1\nmap = \"S.G\"", file: "t.toml", id: "t")
        XCTAssertEqual(level.gamma, 1)
    }

    func testSlipOutOfRange() {
        let source = """
        name = "t"
        slip = 2
        map = "S.G"
        """
        assertSingleError(source, line: 2, column: 8, contains: ["0 <= slip <= 1"])
    }

    func testStepRewardAsAStringIsNotANumber() {
        let source = """
        name = "t"
        step_reward = "-1"
        map = "S.G"
        """
        assertSingleError(source, line: 2, column: 15, contains: ["must be a number", "from -1000000 to 1000000"])
    }

    /// NaN, infinities and rewards so large that returns would overflow are refused.
    func testNonFiniteAndHugeRewardsAreRefused() {
        for (key, value) in [("step_reward", "nan"), ("bump_reward", "-inf"), ("step_reward", "1e300"), ("bump_reward", "-1000001")] {
            let source = """
            name = "t"
            \(key) = \(value)
            map = "S.G"
            """
            assertSingleError(source, line: 2, column: key.count + 4, contains: [key, "from -1000000 to 1000000"])
        }
        let legend = """
        name = "t"
        map = "S.C"
        [legend]
        C = { kind = "floor", reward = nan }
        """
        // `nan` is at column 32 of line 4.
        assertSingleError(legend, line: 4, column: 32, contains: ["from -1000000 to 1000000"])
        XCTAssertNoThrow(try LevelParser.parse(source: "name = \"t\"\nstep_reward = -1000000\nmap = \"S.G\"", file: "t", id: "t"))
    }

    // MARK: - Actions

    func testUnknownActionPointsAtThatArrayElement() {
        let source = """
        name = "t"
        actions = ["N", "X", "S"]
        map = "S.G"
        """
        // `"X"` starts at column 17.
        assertSingleError(source, line: 2, column: 17, contains: ["`X`", "N NE E SE S SW W NW stay"])
    }

    func testDuplicateActionPointsAtTheRepeat() {
        let source = """
        name = "t"
        actions = ["N", "E", "N"]
        map = "S.G"
        """
        // The second `"N"` starts at column 22.
        assertSingleError(source, line: 2, column: 22, contains: ["`N`", "twice"])
    }

    func testEmptyActions() {
        let source = """
        name = "t"
        actions = []
        map = "S.G"
        """
        assertSingleError(source, line: 2, column: 11, contains: ["empty", "N NE E SE S SW W NW stay"])
    }

    // MARK: - Map

    func testRaggedMapRow() {
        let source = """
        name = "t"
        map = \"\"\"
        ...
        ..
        ...
        \"\"\"
        """
        // Row 2 (line 4) is one cell short; the error points just past its last cell.
        let error = assertSingleError(source, line: 4, column: 3, contains: ["row 2 has 2 cells", "same width"])
        XCTAssertTrue(error?.message.contains("row 1 has 3") ?? false, error?.message ?? "")
    }

    func testUnknownMapCharacterInAMultiLineMap() {
        // The newline right after the opening """ is not part of the map: row 0 is line 3.
        let source = """
        name = "t"
        map = \"\"\"
        S...
        ..x.
        ...G
        \"\"\"
        """
        assertSingleError(source, line: 4, column: 3, contains: ["`x`", "[legend]"])
    }

    func testUnknownMapCharacterWhenTheMapStartsOnTheLineOfTheQuotes() {
        let source = """
        name = "t"
        map = \"\"\"..x
        ...
        \"\"\"
        """
        // map = """ takes columns 1-9; the first row starts at column 10, `x` is at 12.
        assertSingleError(source, line: 2, column: 12, contains: ["`x`", "[legend]"])
    }

    func testUnknownMapCharacterInAOneLineMap() {
        let source = """
        name = "t"
        map = "S.x"
        """
        // `x` is at column 10 of line 2.
        assertSingleError(source, line: 2, column: 10, contains: ["`x`", "[legend]"])
    }

    func testMapColumnsAreCountedInCharacters() {
        let source = """
        name = "t"
        map = \"\"\"
        ééé
        ééx
        \"\"\"
        [legend]
        "é" = { kind = "floor" }
        """
        // `x` is the third character of line 4 (but its fifth byte).
        assertSingleError(source, line: 4, column: 3, contains: ["`x`"])
    }

    func testWindowsLineEndingsKeepErrorPositions() throws {
        // The same positions as with "\n" line endings.
        let map = "name = \"t\"\r\nmap = \"\"\"\r\nS..\r\n.x.\r\n\"\"\"\r\n"
        assertSingleError(map, line: 4, column: 2, contains: ["`x`"])
        let gamma = "name = \"t\"\r\ngamma = 1.5\r\nmap = \"S.G\"\r\n"
        assertSingleError(gamma, line: 2, column: 9, contains: ["0 < gamma <= 1"])
        // And a valid level with Windows line endings reads as it would with "\n".
        let valid = "name = \"t\"\r\nmap = \"\"\"\r\nS..\r\n..G\r\n\"\"\"\r\n"
        let level = try LevelParser.parse(source: valid, file: "level.toml", id: "level")
        XCTAssertEqual([level.rows, level.cols], [2, 3])
        XCTAssertEqual(level.cell(1, 2).kind, .goal)
    }

    func testSpaceInTheMap() {
        let source = """
        name = "t"
        map = \"\"\"
        S. .
        ...G
        \"\"\"
        """
        assertSingleError(source, line: 3, column: 3, contains: ["use . for floor"])
    }

    func testMapOverFourMillionCellsIsRefused() {
        // 2001 rows of 2000 cells: 4,002,000 cells.
        let row = String(repeating: ".", count: 2000)
        let source = "name = \"huge\"\nmap = \"\"\"\n" + String(repeating: row + "\n", count: 2001) + "\"\"\"\n"
        assertSingleError(source, line: 2, column: 7, contains: ["4002000", "at most 4000000"])
    }

    func testMapOfExactlyFourMillionCellsParses() throws {
        let row = String(repeating: ".", count: 2000)
        let source = "name = \"limit\"\nmap = \"\"\"\nS" + row.dropFirst() + "\n"
            + String(repeating: row + "\n", count: 1999) + "\"\"\"\n"
        let level = try LevelParser.parse(source: source, file: "limit.toml", id: "limit")
        XCTAssertEqual(level.rows * level.cols, 4_000_000)
        XCTAssertEqual(level.cell(0, 0).kind, .start)
    }

    func testValidThousandByThousandLevelParses() throws {
        var rows = [String](repeating: String(repeating: ".", count: 1000), count: 1000)
        rows[0] = "S" + String(repeating: ".", count: 999)
        rows[999] = String(repeating: ".", count: 999) + "G"
        rows[500] = String(repeating: ".", count: 500) + "#" + String(repeating: ".", count: 499)
        let source = "name = \"big\"\nmap = \"\"\"\n" + rows.joined(separator: "\n") + "\n\"\"\"\n"
        let level = try LevelParser.parse(source: source, file: "big.toml", id: "big")
        XCTAssertEqual(level.rows, 1000)
        XCTAssertEqual(level.cols, 1000)
        XCTAssertEqual(level.cell(0, 0).kind, .start)
        XCTAssertEqual(level.cell(999, 999).kind, .goal)
        XCTAssertEqual(level.cell(500, 500).kind, .wall)
        XCTAssertEqual(level.cell(500, 501).kind, .floor)
    }

    // MARK: - Wind and max_steps

    func testWindOfTheWrongLength() {
        let source = """
        name = "t"
        wind = [0, 1]
        map = "S.G"
        """
        assertSingleError(source, line: 2, column: 8, contains: ["2 entries", "3 columns"])
    }

    func testWindEntryMustBeAnInteger() {
        let source = """
        name = "t"
        wind = [0, 1.5, 0]
        map = "S.G"
        """
        // `1.5` is at column 12.
        assertSingleError(source, line: 2, column: 12, contains: ["entry 2", "integer"])
    }

    func testMaxStepsZero() {
        let source = """
        name = "t"
        max_steps = 0
        map = "S.G"
        """
        assertSingleError(source, line: 2, column: 13, contains: ["max_steps", "from 1"])
    }

    // MARK: - Legend

    func testLegendKeyOfTwoCharacters() {
        let source = """
        name = "t"
        map = "S.G"

        [legend]
        ab = { kind = "floor" }
        """
        assertSingleError(source, line: 5, column: 1, contains: ["`ab`", "exactly one"])
    }

    func testLegendEntryWithoutKind() {
        let source = """
        name = "t"
        map = "S.G"
        [legend]
          C = { reward = 1 }
        """
        assertSingleError(source, line: 4, column: 3, contains: ["no `kind`", "floor, wall, start, goal, hole, cliff, portal"])
    }

    func testUnknownKind() {
        let source = """
        name = "t"
        map = "S.G"
        [legend]
        C = { kind = "lava" }
        """
        // `"lava"` starts at column 14.
        assertSingleError(source, line: 4, column: 14, contains: ["`lava`", "floor, wall, start, goal, hole, cliff, portal"])
    }

    func testRewardOnAWallIsNotAllowed() {
        let source = """
        name = "t"
        map = "S.G"
        [legend]
        W = { kind = "wall", reward = -1 }
        """
        // `reward` starts at column 22.
        assertSingleError(source, line: 4, column: 22, contains: ["`reward`", "wall", "valid keys: kind"])
    }

    func testToOnAFloorIsNotAllowed() {
        let source = """
        name = "t"
        map = "S.G"
        [legend]
        F = { kind = "floor", to = "a" }
        """
        // `to` starts at column 23.
        assertSingleError(source, line: 4, column: 23, contains: ["`to`", "floor", "valid keys: kind, reward"])
    }

    func testPortalTargetMissingFromTheMap() {
        let source = """
        name = "t"
        map = "SPG"
        [legend]
        P = { kind = "portal", to = "z" }
        """
        // The value `"z"` is at column 29.
        assertSingleError(source, line: 4, column: 29, contains: ["`z`", "0 times", "exactly once"])
    }

    func testPortalTargetAppearingTwice() {
        let source = """
        name = "t"
        map = "SPaaG"
        [legend]
        P = { kind = "portal", to = "a" }
        a = { kind = "floor" }
        """
        assertSingleError(source, line: 4, column: 29, contains: ["`a`", "2 times", "exactly once"])
    }

    func testPortalTargetThatIsAWall() {
        let source = """
        name = "t"
        map = "SP#G"
        [legend]
        P = { kind = "portal", to = "#" }
        """
        assertSingleError(source, line: 4, column: 29, contains: ["wall", "not a wall or a cliff"])
    }

    func testCliffWithoutAStartCell() {
        let source = """
        name = "t"
        map = \"\"\"
        ....
        .CCG
        \"\"\"
        [legend]
        C = { kind = "cliff", reward = -100 }
        """
        // Points at the first cliff cell.
        assertSingleError(source, line: 4, column: 2, contains: ["no start cell", "mark one with S"])
    }

    // MARK: - Layouts spread over several lines (valid TOML that users write)

    func testUnknownKindInALegendSubtable() {
        let source = """
        name = "t"
        map = "S.G"
        [legend.C]
        kind = "lava"
        """
        // The offending value `"lava"` is at line 4, column 8.
        assertSingleError(source, line: 4, column: 8, contains: ["`lava`", "floor, wall, start, goal, hole, cliff, portal"])
    }

    func testWindEntryInAMultiLineArray() {
        let source = """
        name = "t"
        map = "S.G"
        wind = [
          0,
          1.5,
          0,
        ]
        """
        // `1.5` is at line 5, column 3.
        assertSingleError(source, line: 5, column: 3, contains: ["entry 2", "integer"])
    }

    func testMisspelledLegendSectionPointsAtItsHeader() {
        let source = """
        name = "t"
        map = "S.G"

        [legnd]
        C = { kind = "cliff" }
        """
        let errors = errors(parsing: source)
        guard let error = errors.first(where: { $0.message.contains("`legnd`") }) else {
            return XCTFail("no error names `legnd`: \(errors)")
        }
        XCTAssertTrue(error.message.contains("did you mean `legend`"), error.description)
        // The unknown key is `legnd` in the header on line 4 (the `[` at column 1, the key at 2).
        XCTAssertEqual(error.line, 4, error.description)
        XCTAssertTrue([1, 2].contains(error.column), error.description)
    }

    // MARK: - Missing keys, empty and binary files

    func testMissingNamePointsAtTheStart() {
        let source = """
        # a level without a name
        gamma = 0.5
        map = "S.G"
        """
        assertSingleError(source, line: 1, column: 1, contains: ["`name`", "name = "])
    }

    func testMissingMapPointsAtTheStart() {
        let source = """
        name = "t"
        gamma = 0.5
        """
        assertSingleError(source, line: 1, column: 1, contains: ["`map`", "map = "])
    }

    func testEmptyFile() {
        for data in [Data(), Data("  \n\n\t\n".utf8)] {
            let errors = errors(parsingData: data)
            XCTAssertEqual(errors.count, 1, "\(errors)")
            XCTAssertEqual(errors.first.map { [$0.line, $0.column] }, [1, 1])
            XCTAssertTrue(errors.first?.message.contains("empty") ?? false, "\(errors)")
            XCTAssertTrue(errors.first?.message.contains("`name` and `map`") ?? false, "\(errors)")
        }
    }

    func testBinaryFile() {
        var data = Data("name = \"t\"\nmap = \"S.G\"\n".utf8)
        data.insert(0, at: 3)
        let errors = errors(parsingData: data)
        XCTAssertEqual(errors.count, 1, "\(errors)")
        XCTAssertEqual(errors.first.map { [$0.line, $0.column] }, [1, 1])
        XCTAssertTrue(errors.first?.message.contains("TOML text file") ?? false, "\(errors)")
        XCTAssertEqual(errors.first?.file, "level.toml")
    }

    // MARK: - Message format

    func testDescriptionIsFileLineColumnMessage() {
        let error = FileProblem(file: "levels/my.toml", line: 4, column: 9, message: "gamma = 1.5 is out of range")
        XCTAssertEqual(error.description, "levels/my.toml:4:9: gamma = 1.5 is out of range")
    }

    func testEveryErrorIsReportedInSourceOrderWithTheFileName() {
        let source = """
        name = "t"
        slip = 2
        gamma = 1.5
        map = "S.G"
        """
        do {
            _ = try LevelParser.parse(source: source, file: "levels/bad.toml", id: "bad")
            XCTFail("the level parsed")
        } catch let error as FileProblems {
            XCTAssertEqual(error.problems.map { [$0.line, $0.column] }, [[2, 8], [3, 9]])
            XCTAssertEqual(error.problems.map(\.file), ["levels/bad.toml", "levels/bad.toml"])
            let lines = error.description.split(separator: "\n")
            XCTAssertEqual(lines.count, 2, error.description)
            XCTAssertTrue(lines.first?.hasPrefix("levels/bad.toml:2:8: ") ?? false, error.description)
            XCTAssertTrue(lines.last?.hasPrefix("levels/bad.toml:3:9: ") ?? false, error.description)
        } catch {
            XCTFail("unexpected error type: \(error)")
        }
    }
}

// MARK: - Helpers

extension LevelParserErrorTests {
    /// The errors of parsing `source`; fails the test if it parses.
    fileprivate func errors(parsing source: String, file: StaticString = #filePath, line: UInt = #line) -> [FileProblem] {
        do {
            _ = try LevelParser.parse(source: source, file: "level.toml", id: "level")
            XCTFail("the level parsed but should not have", file: file, line: line)
        } catch let error as FileProblems {
            return error.problems
        } catch {
            XCTFail("unexpected error type: \(error)", file: file, line: line)
        }
        return []
    }

    /// The errors of parsing raw bytes; fails the test if they parse.
    fileprivate func errors(parsingData data: Data, file: StaticString = #filePath, line: UInt = #line) -> [FileProblem] {
        do {
            _ = try LevelParser.parse(data: data, file: "level.toml", id: "level")
            XCTFail("the data parsed but should not have", file: file, line: line)
        } catch let error as FileProblems {
            return error.problems
        } catch {
            XCTFail("unexpected error type: \(error)", file: file, line: line)
        }
        return []
    }

    /// Asserts that `source` fails with exactly one error at `line`:`column` whose message
    /// contains every fragment; returns the error.
    @discardableResult
    fileprivate func assertSingleError(_ source: String, line: Int, column: Int, contains fragments: [String],
                                       file: StaticString = #filePath, testLine: UInt = #line) -> FileProblem? {
        let errors = errors(parsing: source, file: file, line: testLine)
        guard errors.count == 1, let error = errors.first else {
            XCTFail("expected one error at \(line):\(column), got \(errors.count):\n\(errors.map(\.description).joined(separator: "\n"))",
                    file: file, line: testLine)
            return nil
        }
        XCTAssertEqual(error.file, "level.toml", file: file, line: testLine)
        XCTAssertEqual([error.line, error.column], [line, column], "position of: \(error)", file: file, line: testLine)
        for fragment in fragments {
            XCTAssertTrue(error.message.contains(fragment), "`\(fragment)` missing from: \(error)", file: file, line: testLine)
        }
        return error
    }
}
