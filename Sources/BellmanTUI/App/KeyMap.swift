import BellmanCore

/// Every key of the playground, once: the command it gives (`update` dispatches from here),
/// what the help overlay lists and what the footer shows, in one table (a test checks that
/// each key listed here does something, and that no other key does).
public enum KeyMap {
    /// What a key asks of the playground; `update` carries each out.
    public enum Command: Sendable, Equatable {
        case runPause, tick, episode, sweep
        /// Rewind: one tick, to the episode's start, one sweep.
        case back(StepSize)
        case faster, slower
        case family(Family)
        case nextMethod, nextView, reset
        case moveCursor(rows: Int, cols: Int)
        case zoomIn, zoomOut
        case nextParameter
        /// The parameter picked with Tab, or a named one, down or up.
        case adjustPicked(up: Bool)
        case adjust(ParameterName, up: Bool)
        case slip(up: Bool), stepReward(up: Bool)
        case cycleTargetPolicy, saveTargetPolicy
        case compare, pickLevel, export, saveSession, nextCaption, help, quit
        /// You drive: take the agent over, or hand it back.
        case takeOver
        /// Build mode: enter or leave it.
        case build
    }

    /// Build mode's keys (DESIGN §9), in place of the usual meaning of the same keys.
    public enum BuildCommand: Sendable, Equatable {
        case set(CellKind)
        case reward(up: Bool)
        case writeLevel
    }

    /// What a key does in build mode; `nil`: its usual meaning.
    public static func buildCommand(for key: Key) -> BuildCommand? {
        guard case .character(let c) = key else { return nil }
        switch c {
        case "#": return .set(.wall)
        case ".": return .set(.floor)
        case "S": return .set(.start)
        case "G": return .set(.goal)
        case "H": return .set(.hole)
        case "C": return .set(.cliff)
        case "+", "=": return .reward(up: true)
        case "-", "_": return .reward(up: false)
        case "w": return .writeLevel
        default: return nil
        }
    }

    /// The footer in build mode, as much of it as fits in `width`.
    public static func buildFooter(width: Int) -> String {
        let long = "# wall  . floor  S start  G goal  H hole  C cliff  +/- reward  w write level  b done  ? help  q quit"
        return long.count <= width ? long : "# . S G H C: the cell's kind  +/- reward  w write  b done  ? help  q quit"
    }


    /// A key or group of keys, with its meaning.
    public struct Binding: Sendable {
        /// The keys as the help shows them (`a A  p P  g G`).
        public let keys: String
        /// Each key and the command it gives.
        public let commands: [(key: Key, command: Command)]
        public let meaning: String
        /// Its words in the footer, if it has a place there, with one method ...
        public let footer: String?
        /// ... and in compare mode (`nil`: not in compare's footer).
        public let compareFooter: String?

        init(_ keys: String, _ commands: [(Key, Command)], meaning: String, footer: String?, inCompare: Bool, compareFooter: String? = nil) {
            self.keys = keys
            self.commands = commands.map { (key: $0.0, command: $0.1) }
            self.meaning = meaning
            self.footer = footer
            self.compareFooter = inCompare ? compareFooter ?? footer : nil
        }
    }

    private static func c(_ character: Character) -> Key { .character(character) }

    public static let bindings: [Binding] = [
        Binding("space", [(c(" "), .runPause)], meaning: "run / pause", footer: "space run", inCompare: true),
        Binding(".", [(c("."), .tick)], meaning: "one tick (DP: one backup; MC/TD: one step)", footer: ". tick", inCompare: true),
        Binding("e", [(c("e"), .episode)], meaning: "one episode (MC, TD)", footer: "e episode", inCompare: false),
        Binding("w", [(c("w"), .sweep)], meaning: "one sweep (DP)", footer: "w sweep", inCompare: false),
        Binding(",  E  W", [(c(","), .back(.tick)), (c("E"), .back(.episode)), (c("W"), .back(.sweep))],
                meaning: "back: one tick, to the episode's start, one sweep (compare: one round)", footer: nil, inCompare: true),
        Binding("+ / -", [(c("+"), .faster), (c("="), .faster), (c("-"), .slower), (c("_"), .slower)],
                meaning: "faster / slower", footer: "+/- speed", inCompare: true),
        Binding("1 2 3", [(c("1"), .family(.dp)), (c("2"), .family(.mc)), (c("3"), .family(.td))],
                meaning: "Dynamic Programming / Monte Carlo / TD", footer: "1-4 family", inCompare: true),
        Binding("4", [(c("4"), .family(.pg))], meaning: "Policy gradient: REINFORCE (+ baseline), actor-critic, GRPO, RLOO, imitation", footer: nil, inCompare: true),
        Binding("5", [(c("5"), .family(.bandit))], meaning: "Bandit methods (on a bandit: ten-armed-testbed)", footer: nil, inCompare: true),
        Binding("m", [(c("m"), .nextMethod)], meaning: "next method of the family", footer: "m method", inCompare: false),
        Binding("v", [(c("v"), .nextView)], meaning: "next view: V, Q per action, visits, TD error (PG: max π)", footer: "v view", inCompare: false),
        Binding("r", [(c("r"), .reset)], meaning: "reset learning", footer: "r reset", inCompare: true),
        Binding("arrows, mouse", [(.up, .moveCursor(rows: -1, cols: 0)), (.down, .moveCursor(rows: 1, cols: 0)),
                                  (.left, .moveCursor(rows: 0, cols: -1)), (.right, .moveCursor(rows: 0, cols: 1))],
                meaning: "inspect a cell", footer: nil, inCompare: false),
        Binding("z / Z", [(c("z"), .zoomIn), (c("Z"), .zoomOut)], meaning: "zoom in / out (grids larger than the screen scroll)",
                footer: nil, inCompare: false),
        Binding("Tab  [  ]", [(.tab, .nextParameter), (c("["), .adjustPicked(up: false)), (c("]"), .adjustPicked(up: true))],
                meaning: "pick a parameter, lower / raise it", footer: nil, inCompare: false),
        Binding("a A  p P  g G", [(c("a"), .adjust(.alpha, up: false)), (c("A"), .adjust(.alpha, up: true)),
                                  (c("p"), .adjust(.epsilon, up: false)), (c("P"), .adjust(.epsilon, up: true)),
                                  (c("g"), .adjust(.gamma, up: false)), (c("G"), .adjust(.gamma, up: true))],
                meaning: "alpha, epsilon, gamma down / up", footer: nil, inCompare: true, compareFooter: "a A p P g G parameters"),
        Binding("d D  o O", [(c("d"), .slip(up: false)), (c("D"), .slip(up: true)),
                             (c("o"), .stepReward(up: false)), (c("O"), .stepReward(up: true))],
                meaning: "live physics: slip, step reward down / up", footer: nil, inCompare: true),
        Binding("t  T", [(c("t"), .cycleTargetPolicy), (c("T"), .saveTargetPolicy)],
                meaning: "prediction: target policy of the cell (random, each action) / save it", footer: nil, inCompare: false),
        Binding("h", [(c("h"), .takeOver)],
                meaning: "you drive: arrows choose each action, the method learns from it; h hands back",
                footer: nil, inCompare: false),
        Binding("b", [(c("b"), .build)],
                meaning: "build mode: # . S G H C set the cell's kind, + - its reward, w writes the level; b leaves",
                footer: nil, inCompare: true),
        Binding("C", [(c("C"), .compare)], meaning: "compare DP, MC and TD side by side (same samples)", footer: "C compare",
                inCompare: true, compareFooter: "C leave compare"),
        Binding("L", [(c("L"), .pickLevel)], meaning: "pick a level", footer: "L level", inCompare: true),
        Binding("X", [(c("X"), .export)], meaning: "export screen, values and curves (CSV), greedy policy", footer: nil, inCompare: true),
        Binding("S", [(c("S"), .saveSession)], meaning: "save the session (--save FILE)", footer: nil, inCompare: false),
        Binding("n  Enter", [(c("n"), .nextCaption), (.enter, .nextCaption)], meaning: "next caption of a lesson", footer: nil, inCompare: true),
        Binding("?", [(c("?"), .help), (.function(1), .help)], meaning: "this help", footer: "? help", inCompare: true),
        Binding("q", [(c("q"), .quit)], meaning: "quit", footer: "q quit", inCompare: true),
    ]

    /// The command a key gives, from the table above.
    public static func command(for key: Key) -> Command? { commands[key] }

    private static let commands: [Key: Command] = Dictionary(
        bindings.flatMap { $0.commands.map { ($0.key, $0.command) } }, uniquingKeysWith: { first, _ in first })

    /// The footer while the user drives: the keys that drive, on a grid or another model.
    public static func drivingFooter(grid: Bool) -> String {
        (grid ? "arrows: your action" : "← → pick an action  Enter take it") + "  , back  h hand back  ? help  q quit"
    }

    /// The footer's line: the keys that work here, as many as fit in `width`, always ending
    /// with help and quit.
    public static func footer(compare: Bool, width: Int) -> String {
        let words = bindings.compactMap { compare ? $0.compareFooter : $0.footer }
        let always = words.filter { $0 == "? help" || $0 == "q quit" }
        var shown = words.filter { !always.contains($0) }
        // Drop from the end until the line fits: the first keys are the ones a newcomer needs.
        while !shown.isEmpty && (shown + always).joined(separator: "  ").count > width { shown.removeLast() }
        return (shown + always).joined(separator: "  ")
    }
}
