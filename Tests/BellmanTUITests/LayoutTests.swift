import BellmanCore
@testable import BellmanTUI
import XCTest

/// The screen's space goes to the level: cells grow into free rows and columns, and small
/// terminals keep values in the cells before they keep curves.
final class LayoutTests: XCTestCase {
    func testCellsGrowIntoFreeSpaceKeepingThemAboutSquare() throws {
        let small = Layout(try appState("gridworld-3-2"))
        XCTAssertEqual([small.cellWidth, small.cellHeight], [11, 4], "5x5 at 120x40: the free space, about square")
        XCTAssertEqual(small.visibleRows, 5)
        XCTAssertGreaterThanOrEqual(small.grid.height, 5 * 4)
        let walk = Layout(try appState("random-walk"))
        XCTAssertEqual([walk.cellWidth, walk.cellHeight], [11, 5], "one row: the largest cells")
        let cliff = Layout(try appState("cliff-walking"))
        XCTAssertEqual([cliff.cellWidth, cliff.cellHeight], [6, 3], "12 columns use the width already")
        var zoomed = try appState("gridworld-3-2")
        zoomed.zoom = 4
        XCTAssertEqual(Layout(zoomed).cellWidth, Layout.cellSizes[4].width, "a zoom asked for is kept")
        var q = try appState("gridworld-3-2")
        q.view = .actionValues
        XCTAssertEqual(Layout(q).cellHeight, 3, "the Q view's triangles need exactly three lines")
    }

    func testAt80x24TwoLineCellsKeepTheirValuesAndACurveStays() throws {
        let state = try appState("gridworld-3-2", width: 80, height: 24)
        let layout = Layout(state)
        XCTAssertEqual(layout.cellHeight, 2, "values in the cells")
        XCTAssertNotNil(layout.curves, "and a curve")
        XCTAssertTrue(Screen.render(state).text.contains("0.00"), Screen.render(state).text)
    }
}
