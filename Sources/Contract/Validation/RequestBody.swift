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
        try InputCheck.knownKeys(object, allowed: RequestID.envelopeKeys + keys)
        try RequestID.check(in: object)
        let body = try ValueDecoding.decode(Self.self, from: .object(object), wrongType: ReplyError.malformed)
        try body.check()
        return body
    }
}

/// The rule for the `id` of a request or settings update.
public enum RequestID {
    /// Allowed length in characters.
    public static let length = 1...128

    /// Keys any request or settings update may carry besides its own: its `id`, its dates
    /// (`sent_at`, `expires_at`, read before the payload by `RequestAdmission`) and the payload
    /// version `v` (so published settings can be sent back as they are).
    public static let envelopeKeys = ["id", "sent_at", "expires_at", "v"]

    /// Checks the `id` of a settings update and removes the envelope keys, leaving the settings.
    public static func strip(_ object: inout [String: JSONValue]) throws(ReplyError) {
        try check(in: object)
        for key in envelopeKeys { object[key] = nil }
    }

    /// Refuses an `id` in `object` that is not a string of 1–128 characters, and a payload
    /// version `v` other than this contract's.
    public static func check(in object: [String: JSONValue]) throws(ReplyError) {
        if let version = object["v"], version != .number(Double(Versioned<Int>.version)) {
            throw .invalid("v: this service speaks payload version \(Versioned<Int>.version), got \(InputCheck.describe(version))")
        }
        guard let id = object["id"] else { return }
        guard case .string(let text) = id else { throw .malformed("id: must be a string, got \(InputCheck.describe(id))") }
        try InputCheck.text(text, "id", length: length)
    }
}
