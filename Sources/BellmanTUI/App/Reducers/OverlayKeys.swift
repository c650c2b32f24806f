/// A key while an overlay covers the screen: help closes on any key; the level picker moves,
/// opens the highlighted level, or closes.
func pressOnOverlay(_ key: Key, _ state: inout AppState) -> [Effect] {
    switch state.overlay {
    case .none:
        return []
    case .help:
        state.overlay = .none
        return []
    case .levels(let selected):
        let count = state.levelNames.count
        switch key {
        case .up: state.overlay = .levels(selected: (selected - 1 + count) % max(count, 1))
        case .down: state.overlay = .levels(selected: (selected + 1) % max(count, 1))
        case .enter:
            guard selected < count else { return [] }
            state.overlay = .none
            return [.loadLevel(state.levelNames[selected])]
        case .escape, .character("L"), .character("q"):
            state.overlay = .none
        default: break
        }
        return []
    }
}
