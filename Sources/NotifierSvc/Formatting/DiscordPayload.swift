import Contract
import Foundation

/// The body of a Discord execute-webhook call: one embed coloured by severity, with the facts
/// as fields, within Discord's limits (title 256, description 4096, 25 fields of 256/1024,
/// footer 2048, 6000 characters across the embed, content 2000, 10 embeds).
public struct DiscordPayload: Encodable, Sendable, Equatable {
    public var username: String
    public var content: String?
    public var embeds: [Embed]
    /// `{"parse": []}`: event text never pings @everyone.
    public var allowedMentions = Mentions()

    enum CodingKeys: String, CodingKey { case username, content, embeds, allowedMentions = "allowed_mentions" }

    public struct Mentions: Encodable, Sendable, Equatable { public var parse: [String] = [] }

    public struct Embed: Encodable, Sendable, Equatable {
        public var title: String
        public var description: String
        public var color: Int
        public var fields: [Field]
        public var footer: Footer
        public var timestamp: String

        /// Characters Discord counts towards the 6000 limit.
        var countedLength: Int {
            TextLimit.length(title) + TextLimit.length(description) + TextLimit.length(footer.text)
                + fields.reduce(0) { $0 + TextLimit.length($1.name) + TextLimit.length($1.value) }
        }
    }

    public struct Field: Encodable, Sendable, Equatable {
        public var name: String
        public var value: String
        public var inline: Bool
    }

    public struct Footer: Encodable, Sendable, Equatable { public var text: String }

    /// Discord's documented limits.
    public enum Limit {
        public static let content = 2000
        public static let title = 256
        public static let description = 4096
        public static let fields = 25
        public static let fieldName = 256
        public static let fieldValue = 1024
        public static let footer = 2048
        public static let embedTotal = 6000
        public static let embeds = 10
    }

    /// Embed colours: green for good news, blue for information, amber and red for trouble.
    static func color(_ notification: Notification) -> Int {
        switch notification.severity {
        case .critical: return 0xE74C3C
        case .warning: return 0xF39C12
        case .info:
            let good: Set<String> = ["completed", "recovered", "node_online", "service_online", "cleared"]
            return notification.events.allSatisfy { good.contains($0.kind) } ? 0x2ECC71 : 0x3498DB
        }
    }

    /// The payload for `notification`.
    public init(_ notification: Notification) {
        let shortFacts: Set<String> = ["Cluster", "Guest", "Route", "Duration", "Source", "Target", "Requested by", "Cancelled by"]
        let timestamp = ISO8601DateFormatter().string(from: notification.events.map(\.at).max() ?? Date())
        var embed: Embed
        if notification.isSummary {
            let description = notification.presentations.map { "• \(Notification.symbol($0.severity)) \($0.line)" }.joined(separator: "\n")
            embed = Embed(
                title: TextLimit.truncate(notification.title, to: Limit.title),
                description: TextLimit.truncate(description, to: Limit.description), color: Self.color(notification),
                fields: [],
                footer: Footer(text: TextLimit.truncate("ProxBalance · \(notification.clusters.joined(separator: ", "))", to: Limit.footer)),
                timestamp: timestamp)
        } else {
            let event = notification.presentations[0]
            var description = event.message
            if let hint = event.hint { description += (description.isEmpty ? "" : "\n\n") + "**What to do:** \(hint)" }
            embed = Embed(
                title: TextLimit.truncate("\(Notification.symbol(event.severity)) \(event.headline)", to: Limit.title),
                description: TextLimit.truncate(description, to: Limit.description), color: Self.color(notification),
                fields: event.facts.prefix(Limit.fields).map {
                    Field(
                        name: TextLimit.truncate($0.name, to: Limit.fieldName), value: TextLimit.truncate($0.value, to: Limit.fieldValue),
                        inline: shortFacts.contains($0.name))
                },
                footer: Footer(text: TextLimit.truncate("ProxBalance · cluster \(event.cluster)", to: Limit.footer)), timestamp: timestamp)
        }
        Self.fit(&embed)
        username = "ProxBalance"
        content = nil
        embeds = [embed]
    }

    /// Shortens the description, then drops fields from the end, until the embed fits 6000.
    static func fit(_ embed: inout Embed) {
        let excess = embed.countedLength - Limit.embedTotal
        if excess > 0 {
            let room = max(TextLimit.marker.utf16.count, TextLimit.length(embed.description) - excess)
            embed.description = TextLimit.truncate(embed.description, to: room)
        }
        while embed.countedLength > Limit.embedTotal, !embed.fields.isEmpty {
            embed.fields.removeLast()
        }
    }
}
