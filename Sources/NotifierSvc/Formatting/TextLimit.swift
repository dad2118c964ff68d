/// Cutting text to a service's limit without rejecting it.
public enum TextLimit {
    /// Appended to text that was cut.
    public static let marker = "… [truncated]"

    /// `text` if it fits in `limit` UTF-16 code units (the strictest way the services count),
    /// else its start, cut at a character boundary, followed by `marker`.
    public static func truncate(_ text: String, to limit: Int, marker: String = marker) -> String {
        guard text.utf16.count > limit else { return text }
        let room = limit - marker.utf16.count
        guard room > 0 else { return String(marker.prefix(max(0, limit))) }
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let width = text[index].utf16.count
            if used + width > room { break }
            used += width
            end = text.index(after: index)
        }
        return String(text[..<end]) + marker
    }

    /// `text` cut to at most `limit` UTF-8 bytes (ntfy counts bytes), with `marker`.
    public static func truncate(_ text: String, toBytes limit: Int, marker: String = marker) -> String {
        guard text.utf8.count > limit else { return text }
        let room = limit - marker.utf8.count
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let width = text[index].utf8.count
            if used + width > room { break }
            used += width
            end = text.index(after: index)
        }
        return String(text[..<end]) + marker
    }

    /// The length services count.
    public static func length(_ text: String) -> Int { text.utf16.count }
}
