/// The merge of a settings update into the encoded current settings (see `SettingsPatch`):
/// objects key by key, lists and other values replaced whole. Pure.
///
/// Strict, it refuses an unknown key (a close one suggested) and a value whose JSON kind differs
/// from the current one, naming the key as written (`penalties.cpu_treshold`,
/// `destinations[1].min_severty`); lenient, it drops them.
struct PatchMerge {
    /// Keys allowed besides those of the current value, by path with `[]` for any list item.
    let keys: [String: [String]]
    /// Drops unknown keys and values of the wrong kind instead of refusing them.
    let lenient: Bool

    /// `update` merged into `base`, found at `path` (`pattern`: the path with `[]` for indices).
    func merge(
        _ update: [String: JSONValue], into base: [String: JSONValue], at path: String = "", pattern: String = ""
    )
        throws(ReplyError) -> [String: JSONValue]
    {
        var result = base
        let allowed = base.keys.sorted() + (keys[pattern] ?? [])
        for (key, value) in update.sorted(by: { $0.key < $1.key }) {
            guard let known = JSONKey.matching(key, in: allowed) else {
                if lenient { continue }
                throw InputCheck.unknownKey(key, at: path, allowed: allowed)
            }
            let field = JSONKey.path(path, key)
            let fieldPattern = JSONKey.path(pattern, known)
            switch (base[known], value) {
            case (.object(let current)?, .object(let object)):
                result[known] = .object(try merge(object, into: current, at: field, pattern: fieldPattern))
            case (let current?, _) where current != .null && Self.kind(of: current) != Self.kind(of: value):
                if lenient { continue }
                throw .invalid("\(field): expected \(Self.kind(of: current)), got \(InputCheck.describe(value))")
            default:
                result[known] = try replacement(value, at: field, pattern: fieldPattern)
            }
        }
        return result
    }

    /// `value` as it replaces what was at `path`, its objects checked where `keys` has theirs.
    private func replacement(_ value: JSONValue, at path: String, pattern: String) throws(ReplyError) -> JSONValue {
        switch value {
        case .array(let items):
            var result: [JSONValue] = []
            for (index, item) in items.enumerated() {
                result.append(try replacement(item, at: JSONKey.path(path, index: index), pattern: pattern + "[]"))
            }
            return .array(result)
        case .object(let object) where keys[pattern] != nil:
            return .object(try merge(object, into: [:], at: path, pattern: pattern))
        case .null:
            return value
        case _ where keys[pattern] != nil && !lenient:
            throw .invalid("\(path): expected an object, got \(InputCheck.describe(value))")
        default:
            return value
        }
    }

    /// The JSON kind of `value` in the words decoding errors use.
    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "true or false"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}
