/// A parsed JSON value, as `JSONParser` builds it for the contract's fast decoder. Object keys are
/// kept as written (snake_case) and in document order.
enum JSONNode: Sendable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits in 64 bits.
    case integer(Int64)
    /// Any other number.
    case double(Double)
    case string(String)
    case array([JSONNode])
    case object([(key: String, value: JSONNode)])

    /// The JSON kind in Foundation's words, for type-mismatch messages.
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .integer, .double: "number"
        case .string: "a string"
        case .array: "an array"
        case .object: "a dictionary"
        }
    }
}
