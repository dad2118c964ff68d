import Contract
import Foundation

/// The JSON-publish body of ntfy (`POST` to the server root), within its 4096-byte message limit.
public struct NtfyPayload: Encodable, Sendable, Equatable {
    public var topic: String
    public var title: String
    public var message: String
    /// 1 (min) … 5 (urgent).
    public var priority: Int
    /// Emoji short codes shown before the title.
    public var tags: [String]

    public static let messageBytes = 4096
    public static let titleLength = 250

    public init(_ notification: Notification, topic: String) {
        self.topic = topic
        title = TextLimit.truncate(notification.title, to: Self.titleLength)
        let body = notification.isSummary ? notification.plainText : notification.plainText.split(separator: "\n", maxSplits: 1).dropFirst().joined()
        message = TextLimit.truncate(body.isEmpty ? notification.title : body, toBytes: Self.messageBytes)
        switch notification.severity {
        case .info: (priority, tags) = (3, ["information_source"])
        case .warning: (priority, tags) = (4, ["warning"])
        case .critical: (priority, tags) = (5, ["rotating_light"])
        }
    }
}

/// The body of Gotify's `POST /message`: title, plain-text message and a priority 0–10.
public struct GotifyPayload: Encodable, Sendable, Equatable {
    public var title: String
    public var message: String
    public var priority: Int

    /// Gotify has no hard limit; this keeps a phone notification readable.
    public static let messageLength = 8000

    public init(_ notification: Notification) {
        title = TextLimit.truncate(notification.title, to: 250)
        let body = notification.isSummary ? notification.plainText : notification.plainText.split(separator: "\n", maxSplits: 1).dropFirst().joined()
        message = TextLimit.truncate(body.isEmpty ? notification.title : body, to: Self.messageLength)
        switch notification.severity {
        case .info: priority = 4
        case .warning: priority = 6
        case .critical: priority = 9
        }
    }
}

/// The body of a generic webhook: the event (or, for a summary, the events) as on the bus,
/// plus a readable `title` and `text`.
public struct WebhookPayload: Encodable, Sendable, Equatable {
    public var v = 1
    public var source = "ProxBalance"
    public var title: String
    public var text: String
    public var severity: BusEvent.Severity
    public var event: BusEvent?
    public var events: [BusEvent]?

    public init(_ notification: Notification) {
        title = notification.title
        text = notification.plainText
        severity = notification.severity
        if notification.isSummary { events = notification.events } else { event = notification.events[0] }
    }
}
