/// A key while an overlay covers the screen: help turns its page on space and closes on
/// any other key; the level picker moves,
/// opens the highlighted level, or closes.
func pressOnOverlay(_ key: Key, _ state: inout AppState) -> [Effect] {
    switch state.overlay {
    case .none:
        return []
    case .help(let page):
        // Space turns a page of a help that does not fit; any other key closes it.
        state.overlay = key == .character(" ") && page + 1 < HelpOverlay.pages(state).count ? .help(page: page + 1) : .none
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
