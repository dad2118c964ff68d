/// A page of `GET /nodes/{node}/tasks/{upid}/log`.
public struct PVETaskLog: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        /// 1-based line number (`n`).
        public var number: Int
        /// The text (`t`).
        public var text: String

        public init(number: Int, text: String) {
            self.number = number
            self.text = text
        }
    }

    /// The lines of this page. Proxmox's `no content` placeholder for an empty log is dropped,
    /// so paging from `lastLineNumber` never skips the real first line.
    public var lines: [Line]
    /// The number of lines in the whole log so far (`total`).
    public var total: Int

    public init(lines: [Line], total: Int) {
        self.lines = lines
        self.total = total
    }

    /// The `start` to ask for next (the last line number seen, or `start` if none).
    public func nextStart(after start: Int) -> Int { lines.last?.number ?? start }

    /// Builds a page from the decoded entries, dropping the empty-log placeholder.
    package init(entries: [PVEFields], total: Int?) throws {
        var lines = try entries.map { Line(number: try $0.required("n"), text: try $0.optional("t") ?? "") }
        if lines == [Line(number: 1, text: "no content")] { lines = [] }
        self.init(lines: lines, total: lines.isEmpty ? 0 : (total ?? lines.count))
    }
}
