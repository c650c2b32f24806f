import BellmanCore

/// What the grid's colours and numbers show.
public enum ValueView: String, Sendable, CaseIterable {
    /// What the header calls the view (`v` cycles them).
    public func name(learnsQ: Bool) -> String {
        switch self {
        case .value: learnsQ ? "max Q" : "V"
        case .actionValues: "Q per action"
        case .visits: "visits"
        case .tdError: "TD error"
        case .policy: "max π"
        }
    }

    /// V(s), or max_a Q(s, a) for control methods.
    case value
    /// Q(s, a) of every action, drawn around the cell.
    case actionValues
    /// How often the agent has acted from each cell.
    case visits
    /// The latest TD error (target - old value) of each cell.
    case tdError
    /// The probability of each state's most likely action, for a method that learns its
    /// policy (DESIGN §13).
    case policy
}

/// A panel drawn over the screen.
public enum Overlay: Sendable, Equatable {
    case none
    /// The help, at a page (a small screen takes more than one).
    case help(page: Int)
    /// The level picker, with the highlighted entry.
    case levels(selected: Int)
}

/// A cell of the grid.
public struct GridPosition: Sendable, Hashable {
    public var row: Int
    public var col: Int
    public init(row: Int, col: Int) { self.row = row; self.col = col }
}

/// Everything the playground shows. Screens are pure functions of it; it changes only
/// through `update(_:_:)`.
public struct AppState: Sendable {

    public var level: Level
    public var model: Model
    public var levelNames: [String]
    public var family: Family = .dp
    /// The method each family shows (the family remembers it when the user switches away).
    public var methodOfFamily: [Family: String] = [.dp: AppState.firstMethod, .mc: "mc-control", .td: "q-learning"]
    /// The method the playground opens on (the DP family's).
    public static let firstMethod = "value-iteration"
    /// Parameters per method id, as adjusted live.
    public var parametersOfMethod: [String: Parameters] = [:]
    /// Ticks per second asked for, a rung of the speed ladder; infinity is as fast as possible.
    public var ticksPerSecond = Ladder.speed.rungs[AppState.defaultSpeedIndex]
    /// Whether the user asked the solver to run.
    public var running = false
    public var view: ValueView = .value
    public var cursor = GridPosition(row: 0, col: 0)
    /// The first row and column shown when the grid is larger than its area.
    public var scroll = GridPosition(row: 0, col: 0)
    /// An index into `Layout.cellSizes`; `nil` picks the largest that fits.
    public var zoom: Int?
    /// Who acts on the world, and how many methods learn in it.
    public var mode: Mode = .normal
    /// Help or the level picker, over whatever mode is on.
    public var overlay: Overlay = .none
    /// Which adjustable parameter `[` and `]` change.
    public var selectedParameter: ParameterName = .alpha
    public var snapshot = Snapshot()
    public var width: Int
    public var height: Int
    public var colorMode: ColorMode
    public var unicode: Bool
    /// A one-line note for the user (why a key did nothing, a level error).
    public var status: String?
    /// Engine commands sent; the UI keeps polling until the engine has acknowledged them.
    public var commandsSent = 0
    public var quitRequested = false
    /// Cells edited in build mode since the level was opened.
    public var edits = 0
    /// `edits` when the level was last written (`w`): more are unsaved.
    public var editsWritten = 0
    /// What the level picker says of each level (its `about`), read when the picker first opens.
    public var levelAbouts: [String: String] = [:]
    /// `L` was pressed once over unsaved edits: pressed again next, it drops them.
    public var discardArmed = false
    /// Edits that neither a written level nor anything else keeps.
    public var unsavedEdits: Int { edits - editsWritten }
    /// `bellman lesson`: the tour under way, over whatever mode its steps set.
    public var tour: LessonTour?

    public init(level: Level, levelNames: [String], width: Int, height: Int, colorMode: ColorMode, unicode: Bool = true) {
        self.level = level
        self.model = Model(level)
        self.levelNames = levelNames
        self.width = width
        self.height = height
        self.colorMode = colorMode
        self.unicode = unicode
        cursor = Self.initialCursor(model)
    }

    /// A level that is no bandit has no Bandit family: its methods give way to TD's.
    mutating func keepFamilyOffered() {
        if !Family.offered(on: model).contains(family) { family = .td }
    }

    /// The method on screen.
    public var method: MethodInfo { Methods.named(methodOfFamily[family] ?? "") ?? Methods.family(family)[0] }

    /// The target policy of prediction methods (`--policy`, or set with `t`); `nil` is the
    /// equiprobable random policy. Every prediction method of the level evaluates it.
    public var targetPolicy: TargetPolicy?

    /// What the error is measured against for `method`: V*, or V of the target policy.
    func truthName(of method: MethodInfo) -> String {
        guard method.isPrediction else { return "V*" }
        return targetPolicy == nil ? "V(random)" : "V(π)"
    }

    /// The error's label: a method that learns its policy is measured by that policy's own
    /// values V^pi (evaluated through the model), not by its critic (DESIGN §13).
    func errorName(of method: MethodInfo) -> String {
        method.family == .pg ? "RMS Vπ vs V*" : "RMS vs \(truthName(of: method))"
    }

    /// Its parameters (the level's defaults until adjusted).
    public var parameters: Parameters { parameters(of: method) }

    func parameters(of method: MethodInfo) -> Parameters {
        var p = parametersOfMethod[method.id] ?? method.defaults(for: level)
        // The policy on screen is what prediction evaluates and where policy gradient starts
        // (pi_0: the short corridor's `[defaults] policy`).
        p.policy = method.isPrediction || method.family == .pg ? targetPolicy : nil
        return p
    }

    /// The speed ladder's rungs as the engine takes them (`nil` is as fast as possible); the
    /// engine's pacer starts at the playground's first speed, `speeds[defaultSpeedIndex]`.
    public static let speeds: [Double?] = Ladder.speed.rungs.map { $0.isFinite ? $0 : nil }
    public static let defaultSpeedIndex = 5

    /// The speed asked for; `nil` is as fast as possible.
    public var speed: Double? { ticksPerSecond.isFinite ? ticksPerSecond : nil }

    /// Compare mode's methods, `nil` with one method. Setting it before the playground runs
    /// opens on a comparison (`bellman play --compare`).
    public var compareMethods: [String]? {
        get { mode.compared }
        set { mode.compare(newValue) }
    }

    /// You drive (DESIGN §9, `h`).
    public var driving: Bool { mode.isDriving }
    /// Build mode (DESIGN §9, `b`).
    public var building: Bool { mode.isBuilding }

    /// Driving a model that is not a grid: the action Enter takes.
    public var drivePick: Int {
        if case .driving(let pick) = mode { return pick }
        return 0
    }

    /// The lesson under way. Setting it before the playground runs starts the tour on its
    /// first caption (`bellman lesson`).
    public var lesson: Lesson? {
        get { tour?.lesson }
        set { tour = newValue.map(LessonTour.init) }
    }

    /// The lesson's caption on screen, an index into its steps.
    public var lessonStep: Int { tour?.step ?? 0 }

    /// The methods compared, with their parameters.
    public var compareEntries: [CompareEntry] {
        (compareMethods ?? []).compactMap { id in
            Methods.named(id).map { CompareEntry(method: $0, parameters: parameters(of: $0)) }
        }
    }

    /// The state under the cursor, `nil` on a wall (of this map, on a level whose map changes).
    public var cursorState: Int? {
        model.state(atCell: cursor.row * level.cols + cursor.col)
    }

    /// The engine is working or has not caught up with the commands: keep redrawing.
    public var needsPolling: Bool { snapshot.busy || snapshot.acknowledged < commandsSent }

    private static func initialCursor(_ model: Model) -> GridPosition {
        let start = model.startStates.first.map { model.position(of: Int($0)) } ?? (row: 0, col: 0)
        return GridPosition(row: start.row, col: start.col)
    }

    /// Takes an edited version of the open level: parameters as adjusted so far, the cursor
    /// where it was if the cell still exists.
    mutating func reload(_ level: Level) {
        self.level = level
        model = Model(level)
        keepFamilyOffered()
        if WorldChange.buildRefusal(on: level) != nil { mode.leaveBuilding() }
        // A target policy names the states of the old file: the new file's own replaces it.
        takeLevelPolicy()
        // The file's world replaces the one edited here.
        edits = 0
        editsWritten = 0
        if cursor.row >= level.rows || cursor.col >= level.cols { cursor = Self.initialCursor(model) }
        scroll = GridPosition(row: 0, col: 0)
        zoom = nil
    }

    /// The level's own policy (`[defaults] policy`: the prediction methods' target, the
    /// policy-gradient methods' pi_0), as `bellman play` opens a level with it; a file that
    /// cannot be read says so in the status line and leaves none.
    private mutating func takeLevelPolicy() {
        do {
            targetPolicy = try level.defaultPolicy(for: TD0.info, model: model)
        } catch {
            targetPolicy = nil
            status = "\(error)"
        }
    }

    /// Switches to a new level: parameters back to its defaults, cursor on its start.
    mutating func load(_ level: Level) {
        self.level = level
        model = Model(level)
        keepFamilyOffered()
        parametersOfMethod = [:]
        takeLevelPolicy()
        edits = 0
        editsWritten = 0
        if WorldChange.buildRefusal(on: level) != nil { mode.leaveBuilding() }
        cursor = Self.initialCursor(model)
        scroll = GridPosition(row: 0, col: 0)
        zoom = nil
    }
}

extension AppState {
    /// The views `v` cycles through for the method and model on screen: Q drawn per direction
    /// needs a control method on a grid; a method that learns its policy (DESIGN §13) shows
    /// pi instead of a TD error (its updates are preference steps, not value errors).
    var offeredViews: [ValueView] {
        let learnsPolicy = method.family == .pg
        return ValueView.allCases.filter { view in
            switch view {
            case .value, .visits: true
            case .actionValues: method.learnsQ && model.isGrid
            case .tdError: !learnsPolicy
            case .policy: learnsPolicy
            }
        }
    }
}
