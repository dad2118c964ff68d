extension JSONKey {
    /// `key` without underscores before digits: `weight_24h` and `weight24h` are one key, since
    /// `MessageCoding` writes the second and reads both.
    static func canonical(_ key: String) -> String {
        let characters = Array(key)
        return String(
            characters.indices.compactMap { index in
                let isGap = characters[index] == "_" && index + 1 < characters.count && characters[index + 1].isNumber
                return isGap ? nil : characters[index]
            })
    }

    /// The one of `keys` that is `key`, else one that is the same key up to underscores before
    /// digits; nil when none is.
    static func matching(_ key: String, in keys: some Collection<String>) -> String? {
        if keys.contains(key) { return key }
        let wanted = canonical(key)
        return keys.first { canonical($0) == wanted }
    }

    /// `path` (`penalties.weight24h`, `windows[0].start`) with each key spelt as in `object`,
    /// where `object` has it; the rest as given.
    static func spelled(_ path: String, in object: [String: JSONValue]) -> String {
        var value: JSONValue? = .object(object)
        var parts: [String] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            let bracket = part.firstIndex(of: "[") ?? part.endIndex
            let indices = part[bracket...]
            var key = String(part[..<bracket])
            if case .object(let fields)? = value, let written = matching(key, in: fields.keys) {
                key = written
                value = fields[written]
            } else {
                value = nil
            }
            for index in indices.split(separator: "[").map({ Int($0.dropLast()) }) {
                if case .array(let items)? = value, let index, items.indices.contains(index) { value = items[index] } else { value = nil }
            }
            parts.append(key + indices)
        }
        return parts.joined(separator: ".")
    }
}
