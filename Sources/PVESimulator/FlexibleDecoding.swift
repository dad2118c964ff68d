import Foundation

/// A coding key built from any string, used to read scenario JSON whatever key strategy the
/// decoder applies (plain snake_case keys or keys already converted to camelCase).
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where Key == AnyCodingKey {
    /// The key as spelled in the file (`history_days`) or as `.convertFromSnakeCase` leaves it.
    private func presentKey(_ snake: String) -> AnyCodingKey? {
        let plain = AnyCodingKey(snake)
        if contains(plain) { return plain }
        let camel = AnyCodingKey(Self.camelCase(snake))
        return contains(camel) ? camel : nil
    }

    private static func camelCase(_ snake: String) -> String {
        let parts = snake.split(separator: "_")
        guard let first = parts.first else { return snake }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The value for `key`, or `fallback` when it is absent or null.
    func value<T: Decodable>(_ key: String, default fallback: @autoclosure () -> T) throws -> T {
        try optional(key) ?? fallback()
    }

    /// The value for `key`, or nil when it is absent or null.
    func optional<T: Decodable>(_ key: String) throws -> T? {
        guard let found = presentKey(key), try !decodeNil(forKey: found) else { return nil }
        return try decode(T.self, forKey: found)
    }

    /// The value for `key`; throws a clear error naming the key when it is missing.
    func required<T: Decodable>(_ key: String) throws -> T {
        guard let value: T = try optional(key) else {
            throw DecodingError.keyNotFound(
                AnyCodingKey(key), .init(codingPath: codingPath, debugDescription: "required key '\(key)' is missing"))
        }
        return value
    }

    /// A boolean written as `true`/`false`, `0`/`1` or `"0"`/`"1"` (Proxmox style).
    func flag(_ key: String, default fallback: Bool) throws -> Bool {
        guard let found = presentKey(key), try !decodeNil(forKey: found) else { return fallback }
        if let bool = try? decode(Bool.self, forKey: found) { return bool }
        if let int = try? decode(Int.self, forKey: found) { return int != 0 }
        let text = try decode(String.self, forKey: found)
        return ["1", "true", "yes", "on"].contains(text.lowercased())
    }

    /// Tags given as an array of strings or as one `;`/`,`/space separated string.
    func tags(_ key: String) throws -> [String] {
        guard let found = presentKey(key), try !decodeNil(forKey: found) else { return [] }
        if let list = try? decode([String].self, forKey: found) { return list.filter { !$0.isEmpty } }
        let text = try decode(String.self, forKey: found)
        return text.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " }).map(String.init)
    }
}
