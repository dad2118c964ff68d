/// One result row: values in column order, reachable by index or by column name.
public struct SQLiteRow: Sendable, Equatable {
    /// Column names, as SQLite reports them (the `AS` alias when there is one).
    public let columns: [String]
    public let values: [SQLiteValue]

    public init(columns: [String], values: [SQLiteValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value at `index`, or nil when the row has no such column.
    public subscript(index: Int) -> SQLiteValue? {
        values.indices.contains(index) ? values[index] : nil
    }

    /// The value of the first column named `column`, or nil when there is none.
    public subscript(column: String) -> SQLiteValue? {
        columns.firstIndex(of: column).flatMap { self[$0] }
    }

    /// The column as an integer; nil when missing, NULL or not an integer.
    public func int(_ column: String) -> Int? { self[column]?.intValue }
    /// The column as a Double (integers convert); nil when missing, NULL or not a number.
    public func double(_ column: String) -> Double? { self[column]?.doubleValue }
    /// The column as text; nil when missing, NULL or not text.
    public func string(_ column: String) -> String? { self[column]?.stringValue }
    /// The column as bytes; nil when missing, NULL or not a blob.
    public func blob(_ column: String) -> [UInt8]? { self[column]?.blobValue }
}
