import Foundation

/// The contract's encoder for large messages: the same bytes as `MessageCoding.makeEncoder()`
/// (snake_case keys sorted, ISO-8601 dates, `/` unescaped, absent optionals omitted) at a
/// fraction of the cost. Pure.
enum FastJSONEncoder {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let context = EncodingContext()
        let node = try context.node(for: value, path: .root)
        context.rankKeys()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(context.sizeHint)
        try node.write(to: &bytes, context: context, path: .root)
        return Data(bytes)
    }
}

/// One encoding run: every key seen gets an id once (its JSON spelling, converted to snake_case
/// unless it is a dictionary's own key), so objects sort and write keys by id.
final class EncodingContext {
    private var snakeIDs: [String: Int] = [:]
    private var rawIDs: [String: Int] = [:]
    /// By key id: the key as written, `"key":`.
    private(set) var keyBytes: [[UInt8]] = []
    private var keyNames: [String] = []
    /// By key id: its place in byte order among all keys (made before writing).
    private(set) var keyRank: [Int] = []
    /// Rough output size, so the buffer grows rarely.
    var sizeHint = 0

    /// The id of a Swift property name, written in snake_case.
    func snakeKey(_ key: String) -> Int {
        if let known = snakeIDs[key] { return known }
        let id = intern(JSONKey.snakeCase(key))
        snakeIDs[key] = id
        return id
    }

    /// The id of a key written as it is.
    func rawKey(_ key: String) -> Int {
        if let known = rawIDs[key] { return known }
        let id = intern(key)
        rawIDs[key] = id
        return id
    }

    private func intern(_ name: String) -> Int {
        if let existing = keyNames.firstIndex(of: name) { return existing }
        keyNames.append(name)
        var bytes = JSONStringLiteral.bytes(name)
        bytes.append(UInt8(ascii: ":"))
        keyBytes.append(bytes)
        return keyNames.count - 1
    }

    /// Ranks every key by byte order (as Foundation's `.sortedKeys`).
    func rankKeys() {
        let order = keyNames.indices.sorted { keyNames[$0].utf8.lexicographicallyPrecedes(keyNames[$1].utf8) }
        keyRank = Array(repeating: 0, count: keyNames.count)
        for (rank, id) in order.enumerated() { keyRank[id] = rank }
    }

    func name(of id: Int) -> String { keyNames[id] }

    /// `value` as a node, with the special cases of Foundation's encoder (dates, string-keyed
    /// dictionaries).
    func node<T: Encodable>(for value: T, path: CodingPathNode) throws -> EncodedNode {
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Double.self { return .double(unsafeBitCast(value, to: Double.self)) }
        if T.self == Int.self { return .integer(Int64(unsafeBitCast(value, to: Int.self))) }
        if T.self == Int64.self { return .integer(unsafeBitCast(value, to: Int64.self)) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Date.self { return .date(unsafeBitCast(value, to: Date.self)) }
        if T.self == GuestState.self, let json = unsafeBitCast(value, to: GuestState.self).fastJSON() { return .raw(json) }
        if T.self == SkippedGuest.self, let json = unsafeBitCast(value, to: SkippedGuest.self).fastJSON() { return .raw(json) }
        let encoder = NodeEncoder(context: self, path: path, convertKeys: !(T.self is any StringKeyedDictionary.Type))
        try value.encode(to: encoder)
        return encoder.result ?? .object(EncodedObject())
    }
}

/// A value being encoded. Containers are references: Codable hands them out before they are
/// filled.
enum EncodedNode {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    case date(Date)
    /// JSON text written by a hand-written encoder.
    case raw([UInt8])
    case array(EncodedArray)
    case object(EncodedObject)

    /// Appends this value's JSON text, object members sorted by key.
    func write(to bytes: inout [UInt8], context: EncodingContext, path: CodingPathNode) throws {
        switch self {
        case .null: bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let value): bytes.append(contentsOf: value ? [0x74, 0x72, 0x75, 0x65] : [0x66, 0x61, 0x6C, 0x73, 0x65])
        case .integer(let value): JSONNumberText.append(value, to: &bytes)
        case .unsigned(let value): bytes.append(contentsOf: String(value).utf8)
        case .double(let value):
            guard value.isFinite else {
                throw EncodingError.invalidValue(
                    value, EncodingError.Context(codingPath: path.path, debugDescription: "Unable to encode Double.\(value) directly in JSON."))
            }
            JSONNumberText.append(value, to: &bytes)
        case .string(let value): JSONStringLiteral.append(value, to: &bytes)
        case .date(let value): ISO8601Text.append(value, to: &bytes)
        case .raw(let json): bytes.append(contentsOf: json)
        case .array(let array):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in array.items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                try item.write(to: &bytes, context: context, path: path.appending(index: index))
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for member in object.sortedMembers(rank: context.keyRank) {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                bytes.append(contentsOf: context.keyBytes[member.key])
                // The path is only built for the rare error (a non-finite number).
                try member.value.write(to: &bytes, context: context, path: path, key: member.key)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }
}

extension EncodedNode {
    /// Writes a member's value; its path (for errors) is only made when needed.
    func write(to bytes: inout [UInt8], context: EncodingContext, path: CodingPathNode, key: Int) throws {
        switch self {
        case .object, .array, .double:
            try write(to: &bytes, context: context, path: path.appending(IndexKey(stringValue: context.name(of: key))))
        default:
            try write(to: &bytes, context: context, path: path)
        }
    }
}

/// An array being encoded.
final class EncodedArray {
    var items: [EncodedNode] = []
}

/// An object being encoded; keys are the run's key ids.
final class EncodedObject {
    var members: [(key: Int, value: EncodedNode)] = []

    /// Members by key in byte order (`rank` by key id), the last write of a key winning.
    func sortedMembers(rank: [Int]) -> [(key: Int, value: EncodedNode)] {
        var sorted = members
        // Insertion sort: objects are small and keys arrive in a fixed order per type.
        if sorted.count > 1 {
            for index in 1..<sorted.count {
                let member = sorted[index]
                let memberRank = rank[member.key]
                var position = index
                while position > 0, rank[sorted[position - 1].key] > memberRank {
                    sorted[position] = sorted[position - 1]
                    position -= 1
                }
                sorted[position] = member
            }
        }
        var duplicate = false
        if sorted.count > 1 {
            for index in 1..<sorted.count where sorted[index].key == sorted[index - 1].key { duplicate = true }
        }
        guard duplicate else { return sorted }
        var unique: [(key: Int, value: EncodedNode)] = []
        for member in sorted {
            if let last = unique.last, last.key == member.key {
                unique[unique.count - 1] = member
            } else {
                unique.append(member)
            }
        }
        return unique
    }

    func set(_ key: Int, _ value: EncodedNode) { members.append((key, value)) }
}

/// Codable's entry point into the fast encoder: collects one value.
final class NodeEncoder: Encoder, SingleValueEncodingContainer {
    let context: EncodingContext
    let path: CodingPathNode
    let convertKeys: Bool
    var result: EncodedNode?

    init(context: EncodingContext, path: CodingPathNode, convertKeys: Bool) {
        self.context = context
        self.path = path
        self.convertKeys = convertKeys
    }

    var codingPath: [any CodingKey] { path.path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: EncodedObject
        if case .object(let existing)? = result {
            object = existing
        } else {
            object = EncodedObject()
            result = .object(object)
        }
        return KeyedEncodingContainer(NodeKeyedEncodingContainer<Key>(object: object, encoder: self, path: path, convertKeys: convertKeys))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: EncodedArray
        if case .array(let existing)? = result {
            array = existing
        } else {
            array = EncodedArray()
            result = .array(array)
        }
        return NodeUnkeyedEncodingContainer(array: array, context: context, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeNil() throws { result = .null }
    func encode(_ value: Bool) throws { result = .bool(value) }
    func encode(_ value: String) throws { result = .string(value) }
    func encode(_ value: Double) throws { result = .double(value) }
    func encode(_ value: Float) throws { result = .double(Double(value)) }
    func encode(_ value: Int) throws { result = .integer(Int64(value)) }
    func encode(_ value: Int8) throws { result = .integer(Int64(value)) }
    func encode(_ value: Int16) throws { result = .integer(Int64(value)) }
    func encode(_ value: Int32) throws { result = .integer(Int64(value)) }
    func encode(_ value: Int64) throws { result = .integer(value) }
    func encode(_ value: UInt) throws { result = .unsigned(UInt64(value)) }
    func encode(_ value: UInt8) throws { result = .integer(Int64(value)) }
    func encode(_ value: UInt16) throws { result = .integer(Int64(value)) }
    func encode(_ value: UInt32) throws { result = .integer(Int64(value)) }
    func encode(_ value: UInt64) throws { result = .unsigned(value) }
    func encode<T: Encodable>(_ value: T) throws { result = try context.node(for: value, path: path) }
}

/// Writes the members of one object.
struct NodeKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: EncodedObject
    let encoder: NodeEncoder
    let path: CodingPathNode
    let convertKeys: Bool

    var codingPath: [any CodingKey] { path.path }

    private func name(_ key: Key) -> Int { convertKeys ? encoder.context.snakeKey(key.stringValue) : encoder.context.rawKey(key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { object.set(name(key), .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(name(key), .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(name(key), .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { object.set(name(key), .double(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { object.set(name(key), .double(Double(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(name(key), .integer(Int64(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { object.set(name(key), .integer(Int64(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { object.set(name(key), .integer(Int64(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { object.set(name(key), .integer(Int64(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(name(key), .integer(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { object.set(name(key), .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { object.set(name(key), .integer(Int64(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { object.set(name(key), .integer(Int64(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { object.set(name(key), .integer(Int64(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { object.set(name(key), .unsigned(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.set(name(key), try encoder.context.node(for: value, path: path.appending(key)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = EncodedObject()
        object.set(name(key), .object(nested))
        return KeyedEncodingContainer(
            NodeKeyedEncodingContainer<NestedKey>(object: nested, encoder: encoder, path: path.appending(key), convertKeys: true))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = EncodedArray()
        object.set(name(key), .array(nested))
        return NodeUnkeyedEncodingContainer(array: nested, context: encoder.context, path: path.appending(key))
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(named: encoder.context.rawKey("super"), path: path.appending(IndexKey(stringValue: "super")))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: name(key), path: path.appending(key)) }

    private func superEncoder(named name: Int, path: CodingPathNode) -> any Encoder {
        // The nested encoder's result is read when the object is written.
        let nested = NodeEncoder(context: encoder.context, path: path, convertKeys: true)
        let object = EncodedObject()
        nested.result = .object(object)
        self.object.set(name, .object(object))
        return nested
    }
}

/// Appends the items of one array.
struct NodeUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let array: EncodedArray
    let context: EncodingContext
    let path: CodingPathNode

    var codingPath: [any CodingKey] { path.path }
    var count: Int { array.items.count }

    mutating func encodeNil() throws { array.items.append(.null) }
    mutating func encode(_ value: Bool) throws { array.items.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.items.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.items.append(.double(value)) }
    mutating func encode(_ value: Float) throws { array.items.append(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { array.items.append(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) throws { array.items.append(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) throws { array.items.append(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) throws { array.items.append(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { array.items.append(.integer(value)) }
    mutating func encode(_ value: UInt) throws { array.items.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { array.items.append(.integer(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { array.items.append(.integer(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { array.items.append(.integer(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { array.items.append(.unsigned(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        array.items.append(try context.node(for: value, path: path.appending(index: array.items.count)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = EncodedObject()
        let nestedPath = path.appending(index: array.items.count)
        array.items.append(.object(nested))
        return KeyedEncodingContainer(
            NodeKeyedEncodingContainer<NestedKey>(
                object: nested, encoder: NodeEncoder(context: context, path: nestedPath, convertKeys: true), path: nestedPath, convertKeys: true))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = EncodedArray()
        let nestedPath = path.appending(index: array.items.count)
        array.items.append(.array(nested))
        return NodeUnkeyedEncodingContainer(array: nested, context: context, path: nestedPath)
    }

    mutating func superEncoder() -> any Encoder {
        let nested = NodeEncoder(context: context, path: path.appending(index: array.items.count), convertKeys: true)
        let object = EncodedObject()
        nested.result = .object(object)
        array.items.append(.object(object))
        return nested
    }
}
