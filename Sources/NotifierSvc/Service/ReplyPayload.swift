import Foundation
import Shared

extension ReplyError {
    /// Something failed inside the notifier (the database, say).
    static func `internal`(_ message: String) -> Self { Self(code: "internal", message: message) }
    /// No destination has this id.
    static func unknownDestination(_ id: String) -> Self { Self(code: "not_found", message: "no destination '\(id)'") }
}

/// Encodes answers as `Reply` JSON.
enum ReplyPayload {
    static func make<Result: Codable & Sendable>(id: String?, _ result: Swift.Result<Result, ReplyError>) -> [UInt8] {
        do {
            switch result {
            case .success(let value): return Array(try MessageCoding.encode(Reply.success(id: id, value)))
            case .failure(let error): return failure(id: id, error)
            }
        } catch {
            return failure(id: id, .internal("the answer could not be encoded: \(error)"))
        }
    }

    static func failure(id: String?, _ error: ReplyError) -> [UInt8] {
        Array((try? MessageCoding.encode(Reply<JSONValue>.failure(id: id, error))) ?? Data())
    }
}
