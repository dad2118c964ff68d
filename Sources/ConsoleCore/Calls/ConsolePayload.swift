import Contract
import Foundation

/// Builds the bus payload of a browser's call: the browser's JSON object with the console's
/// `id` and `sent_at`, and `requested_by` for the executor (which records who asked). Keys the
/// browser sent under those names are replaced, so a page cannot speak for another user.
public enum ConsolePayload {
    /// The largest body the console forwards (the services' own limit).
    public static let maxBytes = 256 * 1024

    /// Why a body cannot be forwarded.
    public enum Problem: Error, Equatable, Sendable {
        case tooLarge
        case malformed(String)
    }

    /// The payload for `call` from the browser's `body` (empty means `{}`).
    public static func make(
        _ call: ConsoleCall, body: [UInt8], id: String, user: String, now: Date
    ) throws(Problem) -> [UInt8] {
        guard body.count <= maxBytes else { throw .tooLarge }
        var object: [String: JSONValue] = [:]
        if !body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            guard case .object(let decoded)? = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) else {
                throw .malformed("the body must be a JSON object")
            }
            object = decoded
        }
        object["id"] = .string(id)
        object["sent_at"] = .string(ISO8601DateFormatter().string(from: now))
        if call.service == .executor { object["requested_by"] = .string(requester(user)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONValue.object(object)) else { throw .malformed("the body cannot be encoded") }
        return Array(data)
    }

    /// How the console names a user on the bus: `web:<user>`.
    public static func requester(_ user: String) -> String { "web:\(user)" }
}
