/// A table sized to the terminal: columns as wide as their widest cell, and, when that is wider
/// than the terminal, the flexible columns cut (with `…`), widest first, down to six characters;
/// if it is still too wide, the last columns are left out.
public struct Table: Sendable {
    public struct Column: Sendable {
        public var title: String
        public var rightAligned: Bool
        /// May be cut to fit the width.
        public var flexible: Bool

        public init(_ title: String, right: Bool = false, flexible: Bool = false) {
            self.title = title
            self.rightAligned = right
            self.flexible = flexible
        }
    }

    public struct Cell: Sendable, ExpressibleByStringLiteral {
        public var text: String
        public var tone: Style.Tone?

        public init(_ text: String, tone: Style.Tone? = nil) {
            self.text = text
            self.tone = tone
        }

        public init(stringLiteral value: String) { self.init(value) }

        /// A state word coloured by `Style.tone(of:)`.
        public static func state(_ word: String) -> Cell { Cell(word, tone: Style.tone(of: word)) }
    }

    public var columns: [Column]
    public var rows: [[Cell]]

    public init(_ columns: [Column], rows: [[Cell]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// The narrowest a flexible column is cut to.
    static let minimumFlexibleWidth = 6

    /// The table as lines without trailing blanks; `width` `nil` never cuts.
    public func render(width: Int?, style: Style) -> String {
        var widths = columns.indices.map { index in
            rows.reduce(columns[index].title.count) { max($0, $1.indices.contains(index) ? $1[index].text.count : 0) }
        }
        var shown = Array(columns.indices)
        if let width {
            var excess = widths.reduce(0, +) + 2 * max(0, columns.count - 1) - width
            while excess > 0 {
                let candidates = columns.indices.filter {
                    columns[$0].flexible && widths[$0] > max(Self.minimumFlexibleWidth, columns[$0].title.count)
                }
                guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
                widths[widest] -= 1
                excess -= 1
            }
            while excess > 0, shown.count > 1 {
                let dropped = shown.removeLast()
                excess -= widths[dropped] + 2
            }
        }
        func line(_ cells: [Cell], header: Bool) -> String {
            var parts: [String] = []
            for index in shown {
                let column = columns[index]
                let cell = cells.indices.contains(index) ? cells[index] : Cell("")
                let text = Self.cut(cell.text, to: widths[index])
                let padding = String(repeating: " ", count: max(0, widths[index] - text.count))
                let painted = style.paint(text, header ? .bold : cell.tone)
                parts.append(column.rightAligned ? padding + painted : painted + padding)
            }
            return String(parts.joined(separator: "  ").reversed().drop(while: { $0 == " " }).reversed())
        }
        return ([line(columns.map { Cell($0.title) }, header: true)] + rows.map { line($0, header: false) }).joined(separator: "\n")
    }

    /// `text` cut to `width` characters, ending in `…` when cut.
    static func cut(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(width)) }
        return String(text.prefix(width - 1)) + "…"
    }
}
