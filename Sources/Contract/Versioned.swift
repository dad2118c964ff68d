/// A value published with the contract's payload version beside its own fields:
/// `{"v": 1, …}`. For payloads whose type does not carry `v` itself (the settings, which are also
/// what an update sends back, where `v` is an envelope key).
public struct Versioned<Value: Encodable & Sendable>: Encodable, Sendable {
    /// The payload version of this contract.
    public static var version: Int { 1 }

    public var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    private enum CodingKeys: String, CodingKey {
        case v
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.version, forKey: .v)
        try value.encode(to: encoder)
    }
}
