import Contract
import Foundation
import HTTPTransport

/// The `test` request: `{"id": "1", "destination": "ops-slack"}`, answered with what the
/// destination said to a test message (sent at once, outside the outbox).
public struct TestRequest: Codable, Sendable, RequestBody {
    public var id: String?
    public var destination: String

    public static let keys = ["destination"]

    public func check() throws(ReplyError) { try InputCheck.text(destination, "destination", length: Destination.idLength) }
}

/// The `status` request: `{"id": "2"}`, nothing else.
public struct StatusRequest: Codable, Sendable, RequestBody {
    public var id: String?

    public static let keys: [String] = []
}

/// The answer to a `test` request.
public struct TestResult: Codable, Sendable, Equatable {
    public var destination: String
    /// `delivered`, `retry`, `rate_limited`, `rejected` or `gone`.
    public var outcome: String
    public var delivered: Bool
    /// The HTTP status, when the service answered.
    public var status: Int?
    public var message: String
}

extension TestResult {
    /// Sends the test message to `destination` with `client` and describes the outcome.
    static func run(_ destination: Destination, cluster: String, client: any HTTPClient, at now: Date) async -> TestResult {
        let event = NotifierEvents.test(destination: destination.id, cluster: cluster, at: now)
        var status: Int?
        let verdict: DeliveryVerdict
        do {
            let request = try DeliveryRequest.make(Notification(events: [event]), to: destination, key: "\(event.id):\(destination.id)")
            let response = try await client.send(request)
            status = response.status
            verdict = DeliveryVerdict.classify(response, kind: destination.kind)
        } catch {
            verdict = DeliveryVerdict.classify(error)
        }
        let (outcome, message): (String, String) =
            switch verdict {
            case .delivered: ("delivered", "the test message was accepted")
            case .retry(let reason): ("retry", reason)
            case .rateLimited(let seconds, let reason): ("rate_limited", "\(reason); retry after \(seconds) s")
            case .rejected(let reason): ("rejected", reason)
            case .gone(let reason): ("gone", reason)
            }
        return TestResult(destination: destination.id, outcome: outcome, delivered: verdict == .delivered, status: status, message: message)
    }
}

/// The answer to a `status` request: the destinations and their outbox counts.
public struct NotifierStatus: Codable, Sendable, Equatable {
    public struct DestinationStatus: Codable, Sendable, Equatable {
        public var id: String
        public var kind: DestinationKind
        public var enabled: Bool
        public var disabledReason: String?
        public var pending: Int
        public var delivered: Int
        public var dead: Int
    }

    public var destinations: [DestinationStatus]

    /// Every destination of `settings` with its outbox `counts` (by destination, then status).
    static func make(settings: NotifierSettings, counts: [String: [String: Int]]) -> NotifierStatus {
        NotifierStatus(
            destinations: settings.destinations.map { destination in
                let count = counts[destination.id] ?? [:]
                return .init(
                    id: destination.id, kind: destination.kind, enabled: destination.enabled, disabledReason: destination.disabledReason,
                    pending: count["pending"] ?? 0, delivered: count["delivered"] ?? 0, dead: count["dead"] ?? 0)
            })
    }
}
