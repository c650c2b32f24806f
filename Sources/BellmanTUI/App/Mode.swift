import BellmanCore

/// Who acts on the world on screen, and how many methods learn in it: the playground's
/// modes, one value, so that no two exclusive modes can be on at once.
///
/// The combinations that exist, and only those: one method (the method acts, you drive, or
/// you build) or a comparison (the methods act, or you build). You drive one method, so
/// there is no driving in a comparison. Two things lie over every mode rather than in it:
/// an overlay (`AppState.overlay`: help or the level picker, which give the mode back when
/// closed) and a lesson (`AppState.tour`, whose steps pick methods, comparisons and modes).
public enum Mode: Sendable, Equatable {
    /// One method learns; the user watches and steps it.
    case normal
    /// You drive (DESIGN §9, `h`): the user chooses each action, the method learns from it.
    /// `pick` is the action Enter takes on a model that is not a grid (← → pick it), as an
    /// index into the agent's actions.
    case driving(pick: Int)
    /// Build mode (DESIGN §9, `b`): keys set the kind and reward of the cell under the cursor
    /// while learning goes on, for one method or for the methods compared.
    case building(comparing: [String]?)
    /// Compare mode: the methods shown side by side, advanced in lockstep.
    case comparing([String])

    /// The methods compared, building or not; `nil` with one method.
    public var compared: [String]? {
        switch self {
        case .comparing(let methods): methods
        case .building(let methods): methods
        case .normal, .driving: nil
        }
    }

    public var isDriving: Bool {
        if case .driving = self { return true }
        return false
    }

    public var isBuilding: Bool {
        if case .building = self { return true }
        return false
    }

    /// Compares `methods`, or leaves the comparison for one method (`nil`); build mode goes
    /// on either way, and a driver hands back (you drive one method).
    mutating func compare(_ methods: [String]?) {
        switch (self, methods) {
        case (.building, _): self = .building(comparing: methods)
        case (.driving, nil): break
        case (_, let methods?): self = .comparing(methods)
        case (_, nil): self = .normal
        }
    }

    /// Leaves build mode for what it was built over.
    mutating func leaveBuilding() {
        guard case .building(let methods) = self else { return }
        self = methods.map(Mode.comparing) ?? .normal
    }

    /// Hands the agent back to the method.
    mutating func stopDriving() {
        if isDriving { self = .normal }
    }
}

/// A lesson under way (`bellman lesson`): the tour, the caption on screen (`n` or Enter
/// shows the next), and the level as the lesson's file has it.
public struct LessonTour: Sendable {
    public let lesson: Lesson
    /// The caption on screen, an index into `lesson.steps`.
    public var step = 0
    /// The lesson's level before any step scaled it: a step with `scale` opens it scaled.
    var level: Level?

    public init(_ lesson: Lesson) { self.lesson = lesson }

    /// The step on screen.
    public var current: Lesson.Step? { lesson.steps.indices.contains(step) ? lesson.steps[step] : nil }
}
