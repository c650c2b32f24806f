/// The TOML line scanning the locator finds keys with: spaces, and `key =` bare or quoted.
extension SourceLocator {
    static func skipSpaces(_ text: [Character], from start: Int) -> Int {
        var i = start
        while i < text.count, text[i] == " " || text[i] == "\t" { i += 1 }
        return i
    }

    /// Reads `key =` (bare or quoted) at `i`; returns the key, its column and the index after `=`.
    static func keyAndEquals(_ text: [Character], from i: inout Int) -> (String, Int, Int)? {
        i = skipSpaces(text, from: i)
        let column = i
        var key = ""
        if i < text.count, text[i] == "\"" || text[i] == "'" {
            let quote = text[i]
            i += 1
            while i < text.count, text[i] != quote { key.append(text[i]); i += 1 }
            guard i < text.count else { return nil }
            i += 1
        } else {
            while i < text.count, text[i].isLetter || text[i].isNumber || "_-.".contains(text[i]) {
                key.append(text[i])
                i += 1
            }
        }
        guard !key.isEmpty else { return nil }
        i = skipSpaces(text, from: i)
        guard i < text.count, text[i] == "=" else { return nil }
        return (key, column, i + 1)
    }
}
