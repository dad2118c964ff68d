import Foundation

/// CSV as RFC 4180 writes it: CRLF line ends, fields with a comma, quote or line break quoted,
/// quotes doubled. Used by every export. A text field a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, a tab or a carriage return, and not a number) gets a
/// leading `'`: guest names and error texts come from Proxmox, where anyone who may create a
/// guest chooses them.
public enum CSVTable {
    /// The header and the rows, one line each.
    public static func render(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// One field, quoted when it holds a comma, a quote or a line break.
    public static func field(_ raw: String) -> String {
        let text = isFormula(raw) ? "'" + raw : raw
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether a spreadsheet would take `text` as a formula: it starts with `=`, `+`, `-`, `@`,
    /// a tab or a carriage return and is not a plain number.
    static func isFormula(_ text: String) -> Bool {
        guard let first = text.first, "=+-@\t\r".contains(first) else { return false }
        return Double(text) == nil
    }
}
