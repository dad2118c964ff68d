/// Whether output is coloured: only on a terminal, never with `NO_COLOR` set (any non-empty
/// value, as no-color.org asks) or `TERM=dumb`.
public struct Style: Sendable, Equatable {
    public var colour: Bool

    public init(colour: Bool) { self.colour = colour }

    public static let plain = Style(colour: false)

    public static func detect(isTerminal: Bool, environment: [String: String]) -> Style {
        let noColour = !(environment["NO_COLOR"] ?? "").isEmpty
        return Style(colour: isTerminal && !noColour && environment["TERM"] != "dumb")
    }

    /// A tone for a word in the output.
    public enum Tone: Sendable, Equatable {
        case good, warning, bad, dim, bold
        var code: String {
            switch self {
            case .good: "32"
            case .warning: "33"
            case .bad: "31"
            case .dim: "2"
            case .bold: "1"
            }
        }
    }

    /// `text` in `tone` when colouring, else as it is.
    public func paint(_ text: String, _ tone: Tone?) -> String {
        guard colour, let tone, !text.isEmpty else { return text }
        return "\u{1B}[\(tone.code)m\(text)\u{1B}[0m"
    }

    /// The tone of a state word: online/completed good, warning words yellow, failures red.
    public static func tone(of word: String) -> Tone? {
        switch word {
        case "online", "completed", "success", "ok", "quorate", "balanced", "delivered", "yes", "on", "low": .good
        case "offline", "failed", "critical", "cancelled", "no_quorum", "stale", "STALE", "rejected", "gone", "high": .bad
        case "running", "queued", "validating", "warning", "skipped", "medium", "maintenance", "dry_run", "partial", "busy": .warning
        default: nil
        }
    }
}
