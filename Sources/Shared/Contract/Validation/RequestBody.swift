import Foundation

/// A request payload with a known set of keys and checked values.
public protocol RequestBody: Decodable {
    /// The JSON keys the request takes besides `id`.
    static var keys: [String] { get }
    /// Refuses values out of range, naming the key.
    func check() throws(ReplyError)
}

extension RequestBody {
    public func check() throws(ReplyError) {}

    /// The request in `payload`: `malformed` when it is not a JSON object or a value has the
    /// wrong type or is missing, `invalid` for an unknown key (a close one suggested), an `id`
    /// that is not 1–128 characters, or a value `check()` refuses — each naming the JSON key.
    public static func decode(_ payload: Data) throws(ReplyError) -> Self {
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: payload) else {
            throw .malformed("a request must be a JSON object, e.g. {\"id\": \"1\"}")
        }
        try InputCheck.knownKeys(object, allowed: ["id"] + keys)
        if case .string(let id)? = object["id"] { try InputCheck.text(id, "id", length: RequestID.length) }
        let body = try ValueDecoding.decode(Self.self, from: .object(object), wrongType: ReplyError.malformed)
        try body.check()
        return body
    }
}

/// The rule for a request's `id`.
public enum RequestID {
    /// Allowed length in characters.
    public static let length = 1...128
}
