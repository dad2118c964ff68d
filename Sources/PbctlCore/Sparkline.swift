/// Small terminal charts: a sparkline of a series and a bar showing one point's range. Pure.
public enum Sparkline {
    /// The levels of a sparkline, lowest first: block characters, or ASCII for a pipe.
    static func levels(unicode: Bool) -> [Character] {
        unicode ? ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : ["_", ".", "-", "~", "=", "+", "*", "#"]
    }

    /// `values` as one character each between `low` and `high` (clamped); an absent value is a
    /// blank. More values than `width` are averaged into `width` buckets, oldest first.
    public static func line(_ values: [Double?], low: Double, high: Double, width: Int, unicode: Bool) -> String {
        let glyphs = levels(unicode: unicode)
        let span = high > low ? high - low : 1
        return String(
            buckets(values, count: max(1, width)).map { value -> Character in
                guard let value else { return " " }
                let share = min(1, max(0, (value - low) / span))
                return glyphs[min(glyphs.count - 1, Int(share * Double(glyphs.count)))]
            })
    }

    /// `values` averaged into at most `count` consecutive buckets (absent values left out; a
    /// bucket with none stays absent).
    public static func buckets(_ values: [Double?], count: Int) -> [Double?] {
        guard values.count > count, count > 0 else { return values }
        return (0..<count).map { index in
            let start = index * values.count / count
            let end = max(start + 1, (index + 1) * values.count / count)
            let present = values[start..<end].compactMap { $0 }
            return present.isEmpty ? nil : present.reduce(0, +) / Double(present.count)
        }
    }

    /// One point's range in `width` cells from `low` to `high`: `-` (or `─`) from its minimum
    /// to its maximum and `*` (or `●`) at its average; blanks elsewhere.
    public static func range(
        min lowest: Double?, avg: Double?, max highest: Double?, low: Double, high: Double, width: Int, unicode: Bool
    )
        -> String
    {
        guard width > 0 else { return "" }
        let span = high > low ? high - low : 1
        let cell = { (value: Double) -> Int in Swift.min(width - 1, Swift.max(0, Int((value - low) / span * Double(width)))) }
        var cells = [Character](repeating: " ", count: width)
        if let lowest, let highest {
            for index in cell(Swift.min(lowest, highest))...cell(Swift.max(lowest, highest)) { cells[index] = unicode ? "─" : "-" }
        }
        if let avg { cells[cell(avg)] = unicode ? "●" : "*" }
        return String(cells)
    }
}
