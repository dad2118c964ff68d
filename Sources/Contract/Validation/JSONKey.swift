/// JSON key spellings of the contract: Swift properties are camelCase, JSON keys snake_case.
public enum JSONKey {
    /// `minSeverity` → `min_severity`, `requireAutoMigrateOKTag` → `require_auto_migrate_ok_tag`,
    /// as `MessageCoding`'s encoder writes keys (digits stay attached: `weight24h`).
    public static func snakeCase(_ key: String) -> String {
        let characters = Array(key)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                // A new word: after a lower-case letter or digit, or the last capital of an acronym.
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) {
                    result.append("_")
                }
            }
            result += character.lowercased()
        }
        return result
    }

    /// `parent.key`, or `key` at the top (`parent` empty).
    public static func path(_ parent: String, _ key: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    /// `parent[index]`.
    public static func path(_ parent: String, index: Int) -> String {
        "\(parent)[\(index)]"
    }

    /// The closest of `candidates` to a misspelt `key` (at most a third of its letters off, or
    /// one contains the other), for a "did you mean" hint.
    public static func closest(to key: String, among candidates: some Sequence<String>) -> String? {
        let lowered = key.lowercased()
        let scored = candidates.map { candidate -> (String, Int) in
            let other = candidate.lowercased()
            let containment = min(lowered.count, other.count) >= 4 && (other.contains(lowered) || lowered.contains(other))
            return (candidate, containment ? min(1, distance(lowered, other)) : distance(lowered, other))
        }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
        return best.1 <= max(1, key.count / 3) ? best.0 : nil
    }

    /// Edit distance of two strings, a swap of two neighbours counting as one edit.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
