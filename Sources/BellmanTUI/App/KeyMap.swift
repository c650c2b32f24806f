/// Every key of the playground, once: what the help overlay lists and what the footer shows,
/// in one table (`update` dispatches them; a test checks that each key listed here does
/// something there, and that the keys it handles are listed).
public enum KeyMap {
    /// A key or group of keys, with its meaning.
    public struct Binding: Sendable {
        /// The keys as the help shows them (`a A  p P  g G`).
        public let keys: String
        public let meaning: String
        /// Its words in the footer, if it has a place there, with one method ...
        public let footer: String?
        /// ... and in compare mode (`nil`: not in compare's footer).
        public let compareFooter: String?

        init(keys: String, meaning: String, footer: String?, inCompare: Bool, compareFooter: String? = nil) {
            self.keys = keys
            self.meaning = meaning
            self.footer = footer
            self.compareFooter = inCompare ? compareFooter ?? footer : nil
        }
    }

    public static let bindings: [Binding] = [
        Binding(keys: "space", meaning: "run / pause", footer: "space run", inCompare: true),
        Binding(keys: ".", meaning: "one tick (DP: one backup; MC/TD: one step)", footer: ". tick", inCompare: true),
        Binding(keys: "e", meaning: "one episode (MC, TD)", footer: "e episode", inCompare: false),
        Binding(keys: "w", meaning: "one sweep (DP)", footer: "w sweep", inCompare: false),
        Binding(keys: ",  E  W", meaning: "back: one tick, to the episode's start, one sweep (compare: one round)", footer: nil, inCompare: true),
        Binding(keys: "+ / -", meaning: "faster / slower", footer: "+/- speed", inCompare: true),
        Binding(keys: "1 2 3", meaning: "Dynamic Programming / Monte Carlo / TD", footer: "1 2 3 DP/MC/TD", inCompare: true),
        Binding(keys: "m", meaning: "next method of the family", footer: "m method", inCompare: false),
        Binding(keys: "v", meaning: "next view: V, Q per action, visits, TD error", footer: "v view", inCompare: false),
        Binding(keys: "r", meaning: "reset learning", footer: "r reset", inCompare: true),
        Binding(keys: "arrows, mouse", meaning: "inspect a cell", footer: nil, inCompare: false),
        Binding(keys: "z / Z", meaning: "zoom in / out (grids larger than the screen scroll)", footer: nil, inCompare: false),
        Binding(keys: "Tab  [  ]", meaning: "pick a parameter, lower / raise it", footer: nil, inCompare: false),
        Binding(keys: "a A  p P  g G", meaning: "alpha, epsilon, gamma down / up", footer: nil, inCompare: true,
                compareFooter: "a A p P g G parameters"),
        Binding(keys: "d D  o O", meaning: "live physics: slip, step reward down / up", footer: nil, inCompare: true),
        Binding(keys: "t  T", meaning: "prediction: target policy of the cell (random, each action) / save it", footer: nil, inCompare: false),
        Binding(keys: "C", meaning: "compare DP, MC and TD side by side (same samples)", footer: "C compare", inCompare: true,
                compareFooter: "C leave compare"),
        Binding(keys: "L", meaning: "pick a level", footer: "L level", inCompare: true),
        Binding(keys: "X", meaning: "export screen, values and curves (CSV), greedy policy", footer: nil, inCompare: false),
        Binding(keys: "S", meaning: "save the session (--save FILE)", footer: nil, inCompare: false),
        Binding(keys: "n  Enter", meaning: "next caption of a lesson", footer: nil, inCompare: true),
        Binding(keys: "?", meaning: "this help", footer: "? help", inCompare: true),
        Binding(keys: "q", meaning: "quit", footer: "q quit", inCompare: true),
    ]

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
