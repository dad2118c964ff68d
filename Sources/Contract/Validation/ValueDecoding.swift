import Foundation

/// Decodes user JSON with `MessageCoding`, naming in a failure the JSON key path the user wrote.
public enum ValueDecoding {
    /// `value` decoded as `T`. A failure names the key under `field` (`destinations[2].min_severity`);
    /// a value that fails the whole decoding without a path (1e300 for an integer) is found and
    /// named too. `wrongType` makes the error of a wrong or missing value (`malformed` for
    /// requests, `invalid` for settings).
    public static func decode<T: Decodable>(
        _ type: T.Type, from value: JSONValue, at field: String = "", wrongType: (String) -> ReplyError = ReplyError.invalid
    ) throws(ReplyError) -> T {
        do {
            return try MessageCoding.decode(type, from: try JSONEncoder().encode(value))
        } catch {
            let text = "\(error)"
            guard text.hasPrefix("payload") else { throw wrongType(joined(field, text)) }
            if let (path, culprit) = leaves(of: value).first(where: { !failsWhole(T.self, replacing: $0.path, in: value) }) {
                throw .invalid("\(joined(field, JSONKey.join(path))): not a valid value here, got \(InputCheck.describe(culprit))")
            }
            throw wrongType(field.isEmpty ? text : "\(field)\(text.dropFirst("payload".count))")
        }
    }

    /// `field` and a decoding error's text that starts with its own path (`[2].url: …`, `url: …`).
    private static func joined(_ field: String, _ text: String) -> String {
        if field.isEmpty || text.hasPrefix("payload") { return field.isEmpty ? text : "\(field)\(text.dropFirst("payload".count))" }
        return text.hasPrefix("[") ? field + text : "\(field).\(text)"
    }

    /// Whether decoding still fails without a path once the leaf at `path` is null.
    private static func failsWhole<T: Decodable>(_ type: T.Type, replacing path: [JSONPathItem], in value: JSONValue) -> Bool {
        do {
            _ = try MessageCoding.decode(type, from: try JSONEncoder().encode(nulled(value, at: path[...])))
            return false
        } catch {
            return "\(error)".hasPrefix("payload")
        }
    }

    private static func nulled(_ value: JSONValue, at path: ArraySlice<JSONPathItem>) -> JSONValue {
        guard let first = path.first else { return .null }
        switch (value, first) {
        case (.object(var object), .key(let key)):
            object[key] = object[key].map { nulled($0, at: path.dropFirst()) }
            return .object(object)
        case (.array(var array), .index(let index)) where array.indices.contains(index):
            array[index] = nulled(array[index], at: path.dropFirst())
            return .array(array)
        default:
            return value
        }
    }

    /// Every scalar of `value` with its path, keys in order.
    private static func leaves(of value: JSONValue, path: [JSONPathItem] = []) -> [(path: [JSONPathItem], value: JSONValue)] {
        switch value {
        case .object(let object):
            object.sorted { $0.key < $1.key }.flatMap { leaves(of: $0.value, path: path + [.key($0.key)]) }
        case .array(let array):
            array.enumerated().flatMap { leaves(of: $0.element, path: path + [.index($0.offset)]) }
        default:
            [(path, value)]
        }
    }
}

/// One step of a path into a JSON value.
public enum JSONPathItem: Sendable, Equatable {
    case key(String)
    case index(Int)
}

extension JSONKey {
    /// `[.key("destinations"), .index(2), .key("url")]` → `destinations[2].url`.
    public static func join(_ items: [JSONPathItem]) -> String {
        items.reduce(into: "") { text, item in
            switch item {
            case .key(let key): text = path(text, key)
            case .index(let index): text = path(text, index: index)
            }
        }
    }
}
