import Foundation
import XCTest
@testable import BellmanCore

/// The bundled levels: all shipped, all valid, all citing a source.
final class LevelCatalogTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func testEveryLevelFileIsShippedAsAResource() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("levels").path)
            .filter { $0.hasSuffix(".toml") }.sorted()
        let manifest = try String(contentsOf: Self.repository.appendingPathComponent("Package.swift"), encoding: .utf8)
        for file in files {
            XCTAssertTrue(manifest.contains(".copy(\"\(file)\")"), "levels/\(file) is not listed in bundledLevels in Package.swift")
        }
        XCTAssertEqual(Set(LevelCatalog.names), Set(files.map { String($0.dropLast(5)) }), "the built bundle holds exactly the level files")
    }

    func testEveryBundledLevelParsesAndCitesItsSource() throws {
        XCTAssertGreaterThanOrEqual(LevelCatalog.names.count, 14)
        XCTAssertTrue(LevelCatalog.names.contains(LevelCatalog.defaultLevel))
        for name in LevelCatalog.names {
            let level = try LevelCatalog.load(name)
            XCTAssertEqual(level.id, name)
            XCTAssertGreaterThan(level.about.count, 20, "\(name) needs an `about` citing its source")
            let model = Model(level)
            XCTAssertFalse(model.startStates.isEmpty, name)
        }
    }

    func testBundledLevelsHaveTheirSourcesShape() throws {
        let sizes = try LevelCatalog.names.map { ($0, try LevelCatalog.load($0)) }
        let shape = Dictionary(uniqueKeysWithValues: sizes.map { ($0.0, "\($0.1.rows)x\($0.1.cols)") })
        XCTAssertEqual(shape["gridworld-3-2"], "5x5")
        XCTAssertEqual(shape["windy-gridworld"], "7x10")
        XCTAssertEqual(shape["cliff-walking"], "4x12")
        XCTAssertEqual(shape["dyna-maze"], "6x9")
        XCTAssertEqual(shape["frozenlake-8x8"], "8x8")
        XCTAssertEqual(shape["maze-31"], "31x31")
        XCTAssertEqual(shape["open-field-100"], "100x100")
        XCTAssertEqual(try bundledModel("random-walk-19").stateCount - 2, 19, "19 non-terminal states")
        XCTAssertEqual(try bundledModel("frozenlake-4x4").level.slip, 2.0 / 3.0, accuracy: 1e-15, "1/3 intended, 1/3 each side")
    }

    func testUnknownLevelNameSuggestsTheClosest() {
        XCTAssertThrowsError(try LevelCatalog.load("clif-walking")) { error in
            XCTAssertTrue("\(error)".contains("did you mean `cliff-walking`"), "\(error)")
        }
    }
}
