import BellmanCore

/// A learned policy on the grid (DESIGN §13): view max π and the most likely arrow in bold.
extension GridView {
    /// pi's most likely action per state, on a fixed scale from uniform over the most actions
    /// a state has (the least a largest share can be) to 1, so a colour means the same
    /// probability from one moment to the next. Terminal states have no policy.
    func policyQuantity(label: String) -> (values: [Double], heat: Heat, label: String) {
        let n = model.stateCount, A = model.actionCount
        guard let pi = state.learnedPolicy else { return (Array(repeating: .nan, count: n), Heat([], mode: state.colorMode), label) }
        let values = (0..<n).map { s -> Double in
            guard model.isOccupiable[s], !model.isTerminal[s] else { return .nan }
            return (0..<model.actionCount(of: s)).map { pi[s * A + $0] }.max() ?? .nan
        }
        return (values, Heat([1 / Double(max(1, A)), 1], mode: state.colorMode), label)
    }

    /// The action pi favours most in `s`, drawn bold among the marks (DESIGN §13); `nil`
    /// where the method learns no policy as probabilities.
    func mostLikely(_ s: Int) -> Int? {
        guard let pi = state.learnedPolicy else { return nil }
        let A = model.actionCount
        return (0..<model.actionCount(of: s)).max { pi[s * A + $0] < pi[s * A + $1] }
    }

    /// Makes the most likely action's mark bold where it is among the marks shown (a cut
    /// list may have left it out).
    func emboldenMostLikely(_ s: Int, _ actions: [Int], shown: String, x: Int, y: Int, into canvas: inout Canvas) {
        guard let best = mostLikely(s), let index = actions.firstIndex(of: best) else { return }
        let separator = model.isGrid ? 0 : 1
        let start = actions[..<index].reduce(0) { $0 + model.actionMark(s, $1).count + separator }
        let length = model.actionMark(s, best).count
        guard start + length <= shown.count, !shown.dropFirst(start).prefix(length).contains("…") else { return }
        canvas.restyle(x: x + start, y: y, width: length, height: 1) { $0.attributes.insert(.bold) }
    }
}
