import Foundation

/// Encodes answers as `Reply` JSON; an answer that cannot be encoded becomes an `internal` error.
public enum ReplyPayload {
    /// The reply for `result`, echoing `id`.
    public static func make<Result: Codable & Sendable>(id: String?, _ result: Swift.Result<Result, ReplyError>) -> [UInt8] {
        do {
            switch result {
            case .success(let value): return Array(try MessageCoding.encode(Reply.success(id: id, value)))
            case .failure(let error): return failure(id: id, error)
            }
        } catch {
            return failure(id: id, .internal("the answer could not be encoded: \(error)"))
        }
    }

    /// The reply for what `body` returns or throws.
    public static func make<Result: Codable & Sendable>(id: String?, _ body: () throws(ReplyError) -> Result) -> [UInt8] {
        make(id: id, Swift.Result(catching: body))
    }

    /// A failed reply (always encodable).
    public static func failure(id: String?, _ error: ReplyError) -> [UInt8] {
        Array((try? MessageCoding.encode(Reply<JSONValue>.failure(id: id, error))) ?? Data())
    }
}
