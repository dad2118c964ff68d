/// Cutting text to a service's limit without rejecting it.
public enum TextLimit {
    /// Appended to text that was cut.
    public static let marker = "… [truncated]"

    /// `text` if it fits in `limit` UTF-16 code units (the strictest way the services count),
    /// else its start, cut at a character boundary, followed by `marker`.
    public static func truncate(_ text: String, to limit: Int, marker: String = marker) -> String {
        cut(text, limit: limit, marker: marker) { $0.utf16.count }
    }

    /// `text` cut to at most `limit` UTF-8 bytes (ntfy counts bytes), with `marker`.
    public static func truncate(_ text: String, toBytes limit: Int, marker: String = marker) -> String {
        cut(text, limit: limit, marker: marker) { $0.utf8.count }
    }

    /// The length services count.
    public static func length(_ text: String) -> Int { text.utf16.count }

    /// `text`, or its longest start (whole characters) that fits with `marker` in `limit`,
    /// lengths measured by `width`.
    private static func cut(_ text: String, limit: Int, marker: String, width: (String) -> Int) -> String {
        guard width(text) > limit else { return text }
        let room = limit - width(marker)
        guard room > 0 else { return String(marker.prefix(max(0, limit))) }
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let size = width(String(text[index]))
            if used + size > room { break }
            used += size
            end = text.index(after: index)
        }
        return String(text[..<end]) + marker
    }
}
