import Contract
import Foundation

/// The body of a Slack incoming-webhook call: Block Kit blocks plus the `text` fallback shown
/// in notifications, within Slack's limits (50 blocks, 3000 characters per section text,
/// 150 per header, 10 fields of 2000 per section).
public struct SlackPayload: Encodable, Sendable, Equatable {
    public var text: String
    public var blocks: [Block]

    /// One block; unused parts stay out of the JSON.
    public struct Block: Encodable, Sendable, Equatable {
        public var type: String
        public var text: Text?
        public var fields: [Text]?
        public var elements: [Text]?
    }

    /// A `plain_text` or `mrkdwn` text object.
    public struct Text: Encodable, Sendable, Equatable {
        public var type: String
        public var text: String

        static func markdown(_ text: String, limit: Int = Limit.sectionText) -> Text {
            Text(type: "mrkdwn", text: TextLimit.truncate(text, to: limit))
        }
    }

    /// Slack's documented limits.
    public enum Limit {
        public static let blocks = 50
        public static let sectionText = 3000
        public static let header = 150
        public static let fields = 10
        public static let fieldText = 2000
        /// Kept well under the 40,000 Slack truncates at: the fallback is a notification line.
        public static let fallback = 3000
    }

    /// The payload for `notification`.
    public init(_ notification: Notification) {
        text = TextLimit.truncate("\(Notification.symbol(notification.severity)) \(notification.title)", to: Limit.fallback)
        var blocks = [
            Block(
                type: "header",
                text: Text(
                    type: "plain_text",
                    text: TextLimit.truncate(
                        "\(Notification.symbol(notification.severity)) \(notification.title)", to: Limit.header)))
        ]
        if notification.isSummary {
            blocks.append(Block(type: "section", text: .markdown(Self.escape(notification.counts))))
            let lines = notification.presentations.map { "• \(Notification.symbol($0.severity)) \(Self.escape($0.line))" }
            var sections: [String] = []
            var used = 0
            for (index, line) in lines.enumerated() {
                // Room for the header, the counts, the sections and one closing context block.
                if sections.count == Limit.blocks - 3,
                    sections.last.map({ TextLimit.length($0) + TextLimit.length(line) + 1 > Limit.sectionText }) ?? true
                {
                    break
                }
                if let last = sections.last, TextLimit.length(last) + 1 + TextLimit.length(line) <= Limit.sectionText {
                    sections[sections.count - 1] = last + "\n" + line
                } else {
                    sections.append(line)
                }
                used = index + 1
            }
            blocks += sections.map { Block(type: "section", text: .markdown($0)) }
            let more = lines.count - used
            let footer = "ProxBalance · \(notification.clusters.joined(separator: ", "))" + (more > 0 ? " · … and \(more) more events" : "")
            blocks.append(Block(type: "context", elements: [.markdown(Self.escape(footer))]))
        } else {
            let event = notification.presentations[0]
            if !event.message.isEmpty { blocks.append(Block(type: "section", text: .markdown(Self.escape(event.message)))) }
            let fields = event.facts.prefix(Limit.fields).map {
                Text.markdown("*\(Self.escape($0.name))*\n\(Self.escape($0.value))", limit: Limit.fieldText)
            }
            if !fields.isEmpty { blocks.append(Block(type: "section", fields: Array(fields))) }
            if let hint = event.hint { blocks.append(Block(type: "section", text: .markdown("*What to do:* \(Self.escape(hint))"))) }
            blocks.append(Block(type: "context", elements: [.markdown("ProxBalance · cluster \(Self.escape(event.cluster))")]))
        }
        self.blocks = Array(blocks.prefix(Limit.blocks))
    }

    /// Slack's mrkdwn control characters escaped.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
