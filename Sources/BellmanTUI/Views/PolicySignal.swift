import BellmanCore

/// What a policy-gradient method's preference step is scaled by (DESIGN §13): a return, an
/// advantage, or a label. The panel names it; the explain box writes it with its number.
struct PolicySignal {
    /// The kind of feedback, as the panel names it.
    let kind: String
    /// Its symbol in the explain box's update ("1" for a label: it scales nothing).
    let symbol: String
    /// Where its number comes from.
    let meaning: String

    var isLabel: Bool { symbol == "1" }

    /// The signal of a policy-gradient method; `nil` for the others.
    static func of(_ methodID: String) -> PolicySignal? { all[methodID] }

    private static let all: [String: PolicySignal] = [
        "reinforce": PolicySignal(kind: "a return", symbol: "G", meaning: "the return from step t: a number about the rest of the episode"),
        "reinforce-baseline": PolicySignal(kind: "an advantage", symbol: "δ", meaning: "G − v(S_t): the return less the baseline v, which learns too"),
        "actor-critic": PolicySignal(kind: "an advantage", symbol: "δ", meaning: "R + γ v(S') − v(S): the critic's one-step TD error"),
        "grpo": PolicySignal(kind: "an advantage", symbol: "A", meaning: "the episode's reward sum against its group's, over the group's std"),
        "rloo": PolicySignal(kind: "an advantage", symbol: "A", meaning: "the episode's reward sum less the mean of the other episodes of its group"),
        "imitation": PolicySignal(kind: "a label", symbol: "1", meaning: "the label, the expert's action here; no reward used"),
    ]
}
