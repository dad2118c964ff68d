/// The first line of an HTTP/1.x or HTTP/2 response: `HTTP/1.1 500 can't migrate running VM`.
struct HTTPStatusLine: Equatable {
    var version: String
    var status: Int
    /// The text after the status code; empty for HTTP/2, which has none.
    var reasonPhrase: String

    /// Parses one raw header line (with or without its CRLF); `nil` if it is not a status line.
    init?(_ line: String) {
        guard line.hasPrefix("HTTP/") else { return nil }
        let trimmed = line.trimmingSuffix { $0.isNewline }
        let parts = trimmed.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let status = Int(parts[1]), (100...999).contains(status) else { return nil }
        version = String(parts[0])
        self.status = status
        reasonPhrase = parts.count == 3 ? String(parts[2]).trimmingSuffix { $0 == " " || $0 == "\t" } : ""
    }
}

extension StringProtocol {
    /// The string without the trailing characters matching `predicate`.
    func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) {
            end = index(before: end)
        }
        return String(self[startIndex..<end])
    }
}
