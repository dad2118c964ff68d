import Contract
import Foundation
import HTTPTransport

/// Turns a notification into the HTTP request for a destination, by its kind. Pure.
public enum DeliveryRequest {
    /// The request that delivers `notification` to `destination`.
    /// - Parameter key: idempotency key sent to generic webhooks (`Idempotency-Key`).
    public static func make(_ notification: Notification, to destination: Destination, key: String) throws -> HTTPRequest {
        let plain = JSONEncoder()
        plain.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var url = destination.url
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        let body: Data
        switch destination.kind {
        case .slack:
            body = try plain.encode(SlackPayload(notification))
        case .discord:
            body = try plain.encode(DiscordPayload(notification))
        case .ntfy:
            let (root, topic) = ntfyParts(destination.url)
            url = root
            body = try plain.encode(NtfyPayload(notification, topic: topic))
            if let token = destination.token { headers.append(("Authorization", "Bearer \(token)")) }
        case .gotify:
            url = gotifyURL(destination.url)
            body = try plain.encode(GotifyPayload(notification))
            if let token = destination.token { headers.append(("X-Gotify-Key", token)) }
        case .webhook:
            body = try MessageCoding.encode(WebhookPayload(notification))
            headers.append(("Idempotency-Key", key))
        }
        headers += destination.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return HTTPRequest(method: "POST", url: url, headers: headers, body: body, timeout: .milliseconds(Int(destination.timeoutSeconds * 1000)))
    }

    /// `https://ntfy.sh/alerts` → (`https://ntfy.sh`, `alerts`); a server under a path keeps it.
    static func ntfyParts(_ url: String) -> (root: String, topic: String) {
        var trimmed = url
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/"), trimmed[..<slash].contains("://"),
            !trimmed[..<slash].hasSuffix("/")
        else { return (trimmed, "") }
        return (String(trimmed[..<slash]), String(trimmed[trimmed.index(after: slash)...]))
    }

    /// The server URL with `/message` appended unless it is already there.
    static func gotifyURL(_ url: String) -> String {
        let parts = url.split(separator: "?", maxSplits: 1)
        var path = String(parts[0])
        while path.hasSuffix("/") { path.removeLast() }
        if !path.hasSuffix("/message") { path += "/message" }
        return parts.count > 1 ? "\(path)?\(parts[1])" : path
    }
}
