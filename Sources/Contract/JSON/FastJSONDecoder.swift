import Foundation

/// The contract's decoder for large messages: the same rules as `MessageCoding.makeDecoder()`
/// (snake_case keys, ISO-8601 dates, unknown fields ignored) and the same `DecodingError`s, so the
/// same `MessageDecodingError` texts, at a fraction of the cost. Pure.
enum FastJSONDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let parsed = data.withUnsafeBytes { raw in JSONParser.parse(raw.bindMemory(to: UInt8.self)) }
        guard let root = parsed else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "The given data was not valid JSON."))
        }
        return try value(T.self, from: root, path: .root)
    }

    /// `node` as a `T`, with the special cases of Foundation's decoder (dates, string-keyed
    /// dictionaries).
    static func value<T: Decodable>(_ type: T.Type, from node: JSONNode, path: CodingPathNode) throws -> T {
        if T.self == GuestState.self, case .object(let members) = node {
            // swift-format-ignore: NeverForceUnwrap
            return try GuestState(fastJSON: members, path: path) as! T
        }
        if T.self == Date.self {
            // swift-format-ignore: NeverForceUnwrap
            return try date(from: node, path: path) as! T
        }
        if let scalar = T.self as? any JSONScalar.Type {
            // swift-format-ignore: NeverForceUnwrap
            return try scalarValue(scalar, from: node, path: path) as! T
        }
        return try T(from: NodeDecoder(node: node, path: path, convertKeys: !(T.self is any StringKeyedDictionary.Type)))
    }

    static func scalarValue<T: JSONScalar>(_ type: T.Type, from node: JSONNode, path: @autoclosure () -> CodingPathNode) throws -> T {
        if let value = try T.unbox(node, path: path()) { return value }
        if case .null = node {
            throw DecodingError.valueNotFound(
                T.self,
                DecodingError.Context(codingPath: path().path, debugDescription: "Cannot get value of type \(T.self) -- found null value instead"))
        }
        throw mismatch(T.self, node, path())
    }

    static func mismatch(_ type: Any.Type, _ node: JSONNode, _ path: CodingPathNode) -> DecodingError {
        .typeMismatch(
            type,
            DecodingError.Context(codingPath: path.path, debugDescription: "Expected to decode \(type) but found \(node.kindDescription) instead."))
    }

    /// ISO-8601 UTC dates (`2026-12-05T11:27:48Z`) are read here; any other form goes to
    /// Foundation's parser, so exactly the same dates are accepted.
    static func date(from node: JSONNode, path: CodingPathNode) throws -> Date {
        let text = try scalarValue(String.self, from: node, path: path)
        if let date = ISO8601Text.parseUTC(text) { return date }
        do {
            return try MessageCoding.makeDecoder().decode(
                [Date].self, from: Data("[\(String(decoding: JSONStringLiteral.bytes(text), as: UTF8.self))]".utf8))[0]
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: path.path, debugDescription: "Expected date string to be ISO8601-formatted."))
        }
    }

    /// Foundation's `convertFromSnakeCase`: `memory_max_bytes` → `memoryMaxBytes`.
    static func camelCase(_ key: String) -> String {
        guard key.utf8.contains(UInt8(ascii: "_")) else { return key }
        if let converted = asciiCamelCase(key) { return converted }
        guard let first = key.firstIndex(where: { $0 != "_" }) else { return key }
        var last = key.index(before: key.endIndex)
        while last > first, key[last] == "_" { key.formIndex(before: &last) }
        let components = key[first...last].split(separator: "_")
        let joined =
            components.count == 1
            ? String(key[first...last])
            : ([components[0].lowercased()] + components[1...].map(\.capitalized)).joined()
        return String(key[..<first]) + joined + String(key[key.index(after: last)...])
    }
}

extension FastJSONDecoder {
    /// `camelCase` for the usual key: ASCII letters, digits and inner single underscores
    /// (`memory_max_bytes`); `nil` for anything else, which takes Foundation's way.
    static func asciiCamelCase(_ key: String) -> String? {
        var key = key
        return key.withUTF8 { bytes -> String? in
            guard let first = bytes.first, let last = bytes.last, first != UInt8(ascii: "_"), last != UInt8(ascii: "_") else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var wordStart = false
            var previousUnderscore = false
            for byte in bytes {
                let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                guard isDigit || isLetter || byte == UInt8(ascii: "_") else { return nil }
                if byte == UInt8(ascii: "_") {
                    // `a__b` splits into the same words as `a_b` in Foundation; keep it simple.
                    guard !previousUnderscore else { return nil }
                    previousUnderscore = true
                    wordStart = true
                    continue
                }
                previousUnderscore = false
                let isUpper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
                let isLower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
                if wordStart {
                    out.append(isLower ? byte - 32 : byte)
                    wordStart = false
                } else {
                    out.append(isUpper ? byte + 32 : byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// Decodes one node; Codable's entry point into the fast decoder.
struct NodeDecoder: Decoder, SingleValueDecodingContainer {
    let node: JSONNode
    let path: CodingPathNode
    /// `false` for a string-keyed dictionary, whose keys are data.
    let convertKeys: Bool

    var codingPath: [any CodingKey] { path.path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch node {
        case .object(let members):
            return KeyedDecodingContainer(NodeKeyedContainer<Key>(members: members, path: path, convertKeys: convertKeys))
        case .null:
            throw DecodingError.valueNotFound(
                [String: Any].self,
                DecodingError.Context(codingPath: codingPath, debugDescription: "Cannot get keyed decoding container -- found null value instead"))
        default: throw FastJSONDecoder.mismatch([String: Any].self, node, path)
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch node {
        case .array(let items): return NodeUnkeyedContainer(items: items, path: path)
        case .null:
            throw DecodingError.valueNotFound(
                [Any].self,
                DecodingError.Context(codingPath: codingPath, debugDescription: "Cannot get unkeyed decoding container -- found null value instead"))
        default: throw FastJSONDecoder.mismatch([Any].self, node, path)
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool {
        if case .null = node { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try FastJSONDecoder.scalarValue(type, from: node, path: path) }
    func decode(_ type: String.Type) throws -> String { try FastJSONDecoder.scalarValue(type, from: node, path: path) }
    func decode(_ type: Double.Type) throws -> Double { try FastJSONDecoder.scalarValue(type, from: node, path: path) }
    func decode(_ type: Float.Type) throws -> Float { try FastJSONDecoder.scalarValue(type, from: node, path: path) }
    func decode(_ type: Int.Type) throws -> Int { try FastJSONDecoder.scalarValue(type, from: node, path: path) }
    func decode(_ type: Int8.Type) throws -> Int8 { try FastJSONDecoder.scalarValue(type, from: node, path: path) }
    func decode(_ type: Int16.Type) throws -> Int16 { try FastJSONDecoder.scalarValue(type, from: node, path: path) }
    func decode(_ type: Int32.Type) throws -> Int32 { try FastJSONDecoder.scalarValue(type, from: node, path: path) }
    func decode(_ type: Int64.Type) throws -> Int64 { try FastJSONDecoder.scalarValue(type, from: node, path: path) }
    func decode(_ type: UInt.Type) throws -> UInt { try FastJSONDecoder.scalarValue(type, from: node, path: path) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try FastJSONDecoder.scalarValue(type, from: node, path: path) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try FastJSONDecoder.scalarValue(type, from: node, path: path) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try FastJSONDecoder.scalarValue(type, from: node, path: path) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try FastJSONDecoder.scalarValue(type, from: node, path: path) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try FastJSONDecoder.value(type, from: node, path: path) }
}

/// The members of one JSON object, found by their camelCase names.
struct NodeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(key: String, value: JSONNode)]
    /// The members' names as Swift spells them (converted from snake_case unless `convertKeys`
    /// is off).
    let names: [String]
    let path: CodingPathNode

    init(members: [(key: String, value: JSONNode)], path: CodingPathNode, convertKeys: Bool) {
        self.members = members
        self.names = convertKeys ? members.map { FastJSONDecoder.camelCase($0.key) } : members.map(\.key)
        self.path = path
    }

    var codingPath: [any CodingKey] { path.path }
    var allKeys: [Key] { names.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { member(key) != nil }

    private func member(_ key: Key) -> JSONNode? {
        let name = key.stringValue
        for index in names.indices where names[index] == name { return members[index].value }
        return nil
    }

    private func required(_ key: Key) throws -> JSONNode {
        guard let node = member(key) else {
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return node
    }

    private func scalar<T: JSONScalar>(_ key: Key) throws -> T {
        try FastJSONDecoder.scalarValue(T.self, from: required(key), path: path.appending(key))
    }

    private func optionalScalar<T: JSONScalar>(_ key: Key) throws -> T? {
        guard let node = member(key) else { return nil }
        if case .null = node { return nil }
        return try FastJSONDecoder.scalarValue(T.self, from: node, path: path.appending(key))
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try required(key) { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try scalar(key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try scalar(key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try scalar(key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try scalar(key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try scalar(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try scalar(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try scalar(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try scalar(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try scalar(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try scalar(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try scalar(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try scalar(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try scalar(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try scalar(key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try FastJSONDecoder.value(type, from: required(key), path: path.appending(key))
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optionalScalar(key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optionalScalar(key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optionalScalar(key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optionalScalar(key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optionalScalar(key) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let node = member(key) else { return nil }
        if case .null = node { return nil }
        return try FastJSONDecoder.value(type, from: node, path: path.appending(key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(node: required(key), path: path.appending(key), convertKeys: true).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(node: required(key), path: path.appending(key), convertKeys: true).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = IndexKey(stringValue: "super")
        return NodeDecoder(node: member(stringValue: "super") ?? .null, path: path.appending(key), convertKeys: true)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        NodeDecoder(node: member(key) ?? .null, path: path.appending(key), convertKeys: true)
    }

    private func member(stringValue: String) -> JSONNode? {
        for index in names.indices where names[index] == stringValue { return members[index].value }
        return nil
    }
}

/// The items of one JSON array, read in order.
struct NodeUnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONNode]
    let path: CodingPathNode
    var currentIndex = 0

    init(items: [JSONNode], path: CodingPathNode) {
        self.items = items
        self.path = path
    }

    var codingPath: [any CodingKey] { path.path }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next(_ type: Any.Type) throws -> (JSONNode, CodingPathNode) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type, DecodingError.Context(codingPath: path.appending(index: currentIndex).path, debugDescription: "Unkeyed container is at end."))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], path.appending(index: currentIndex))
    }

    private mutating func scalar<T: JSONScalar>() throws -> T {
        let (node, itemPath) = try next(T.self)
        return try FastJSONDecoder.scalarValue(T.self, from: node, path: itemPath)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if case .null = items[currentIndex] {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try scalar() }
    mutating func decode(_ type: String.Type) throws -> String { try scalar() }
    mutating func decode(_ type: Double.Type) throws -> Double { try scalar() }
    mutating func decode(_ type: Float.Type) throws -> Float { try scalar() }
    mutating func decode(_ type: Int.Type) throws -> Int { try scalar() }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try scalar() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try scalar() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try scalar() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try scalar() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try scalar() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try scalar() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try scalar() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try scalar() }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (node, itemPath) = try next(T.self)
        return try FastJSONDecoder.value(type, from: node, path: itemPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (node, itemPath) = try next([String: Any].self)
        return try NodeDecoder(node: node, path: itemPath, convertKeys: true).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (node, itemPath) = try next([Any].self)
        return try NodeDecoder(node: node, path: itemPath, convertKeys: true).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (node, itemPath) = try next(Any.self)
        return NodeDecoder(node: node, path: itemPath, convertKeys: true)
    }
}
