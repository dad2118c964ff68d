import Contract
import Foundation
import MQTT

/// What every command, request and settings update must pass before it is parsed: a size
/// limit and, when the sender dated it, freshness.
///
/// A sender dates a message with `sent_at` (refused when older than `maxAge`) and/or
/// `expires_at` (refused once past), ISO-8601 strings, either as keys of a JSON payload or as
/// MQTT v5 user properties of the same names (for plain payloads such as `ON`). A message
/// with an MQTT v5 message expiry is dropped by the broker itself once it has waited longer.
public struct RequestAdmission: Sendable {
    /// Payloads above this many bytes are refused unread (`too_large`).
    public static let defaultMaxPayloadBytes = 256 * 1024
    /// A dated message older than this many seconds is refused (`stale`).
    public static let defaultMaxAge: TimeInterval = 300

    public var maxPayloadBytes: Int
    public var maxAge: TimeInterval
    public var now: @Sendable () -> Date

    public init(
        maxPayloadBytes: Int = Self.defaultMaxPayloadBytes, maxAge: TimeInterval = Self.defaultMaxAge,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.maxPayloadBytes = maxPayloadBytes
        self.maxAge = maxAge
        self.now = now
    }

    /// Why `message` must not be handled, or `nil` when it may be.
    public func refusal(of message: MQTTMessage) -> Refusal? {
        guard message.payload.count <= maxPayloadBytes else {
            return Refusal(id: nil, error: .tooLarge(bytes: message.payload.count, limit: maxPayloadBytes))
        }
        let dates: Dates
        switch Dates.read(message) {
        case .success(let value): dates = value
        case .failure(let error): return Refusal(id: RequestHeader.id(in: message.payloadData), error: error)
        }
        guard dates.expiresAt != nil || dates.sentAt != nil else { return nil }
        let id = RequestHeader.id(in: message.payloadData)
        let now = now()
        if let expiresAt = dates.expiresAt, expiresAt <= now {
            return Refusal(
                id: id, error: .stale("expires_at \(Self.format(expiresAt)) has passed (now \(Self.format(now))); nothing was done"))
        }
        if let sentAt = dates.sentAt {
            let age = now.timeIntervalSince(sentAt)
            if age > maxAge {
                return Refusal(
                    id: id,
                    error: .stale("sent_at \(Self.format(sentAt)) is \(Int(age)) s old, more than the \(Int(maxAge)) s allowed; nothing was done"))
            }
            if -age > maxAge {
                return Refusal(id: id, error: .invalid("sent_at \(Self.format(sentAt)) is more than \(Int(maxAge)) s in the future"))
            }
        }
        return nil
    }

    /// A refused message: the error to answer with, and the request's id when it could be read.
    public struct Refusal: Sendable, Equatable {
        public var id: String?
        public var error: ReplyError

        /// The `Reply` payload that answers the refused message.
        public var payload: [UInt8] { ReplyPayload.failure(id: id, error) }
    }

    /// The dating keys of a message, from its JSON payload or its user properties.
    struct Dates {
        var sentAt: Date?
        var expiresAt: Date?

        /// The keys as written in a JSON payload.
        private struct Written: Decodable {
            var sentAt: String?
            var expiresAt: String?
        }

        static func read(_ message: MQTTMessage) -> Result<Dates, ReplyError> {
            var written: [(key: String, value: String)] = []
            do {
                let payload = try MessageCoding.makeDecoder().decode(Written.self, from: message.payloadData)
                written += [("sent_at", payload.sentAt), ("expires_at", payload.expiresAt)].compactMap { key, value in value.map { (key, $0) } }
            } catch DecodingError.typeMismatch(_, let context) where !context.codingPath.isEmpty {
                let key = context.codingPath.first?.stringValue == "expiresAt" ? "expires_at" : "sent_at"
                return .failure(.malformed("\(key) must be an ISO-8601 date string such as 2026-01-31T22:00:00Z"))
            } catch {
                // Not a JSON object (e.g. `ON`): only user properties can date it.
            }
            written += message.userProperties.filter { ["sent_at", "expires_at"].contains($0.name) }.map { ($0.name, $0.value) }
            var dates = Dates()
            for (key, value) in written {
                guard let date = parse(value) else {
                    return .failure(.malformed("\(key) must be an ISO-8601 date such as 2026-01-31T22:00:00Z, got '\(value.prefix(40))'"))
                }
                if key == "sent_at" { dates.sentAt = dates.sentAt ?? date } else { dates.expiresAt = dates.expiresAt ?? date }
            }
            return .success(dates)
        }

        /// An ISO-8601 date with a time zone, with or without fractional seconds.
        private static func parse(_ text: String) -> Date? {
            let formatter = ISO8601DateFormatter()
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.date(from: text)
        }
    }

    private static func format(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
