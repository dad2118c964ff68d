import Foundation

/// Checks of user input (settings updates, requests) whose refusals name the JSON key the user
/// wrote (`penalties.cpu_high`, `destinations[2].url`) and what is allowed. Pure.
public enum InputCheck {
    /// Refuses a key of `object` that is not in `allowed`, naming it at `path` and suggesting
    /// the closest allowed key.
    public static func knownKeys(_ object: [String: JSONValue], allowed: some Collection<String>, at path: String = "") throws(ReplyError) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            throw unknownKey(key, at: path, allowed: allowed)
        }
    }

    /// The refusal of an unknown `key` at `path`, with a "did you mean" hint from `allowed`.
    public static func unknownKey(_ key: String, at path: String = "", allowed: some Collection<String>) -> ReplyError {
        let hint = JSONKey.closest(to: key, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
        return .invalid("\(JSONKey.path(path, key)): unknown key\(hint)")
    }

    /// Refuses a number that is not finite or outside `range`.
    public static func number(_ value: Double, _ field: String, in range: ClosedRange<Double>) throws(ReplyError) {
        guard value.isFinite, range.contains(value) else {
            throw .invalid("\(field): must be from \(text(range.lowerBound)) to \(text(range.upperBound)), got \(text(value))")
        }
    }

    /// Refuses a number that is not finite, not above `lowerBound` or above `upperBound`.
    public static func number(_ value: Double, _ field: String, above lowerBound: Double, upTo upperBound: Double) throws(ReplyError) {
        guard value.isFinite, value > lowerBound, value <= upperBound else {
            throw .invalid("\(field): must be above \(text(lowerBound)) and at most \(text(upperBound)), got \(text(value))")
        }
    }

    /// Refuses an integer outside `range`.
    public static func integer(_ value: Int, _ field: String, in range: ClosedRange<Int>) throws(ReplyError) {
        guard range.contains(value) else {
            throw .invalid("\(field): must be an integer from \(range.lowerBound) to \(range.upperBound), got \(value)")
        }
    }

    /// A JSON number that is a whole number in `range`, else the refusal naming `field`.
    public static func integer(_ value: JSONValue, _ field: String, in range: ClosedRange<Int>) throws(ReplyError) -> Int {
        guard case .number(let number) = value, number.isFinite, let integer = Int(exactly: number) else {
            throw .invalid("\(field): must be an integer from \(range.lowerBound) to \(range.upperBound), got \(describe(value))")
        }
        try self.integer(integer, field, in: range)
        return integer
    }

    /// A JSON number in `range`, else the refusal naming `field`.
    public static func number(_ value: JSONValue, _ field: String, in range: ClosedRange<Double>) throws(ReplyError) -> Double {
        guard case .number(let number) = value else {
            throw .invalid("\(field): must be a number from \(text(range.lowerBound)) to \(text(range.upperBound)), got \(describe(value))")
        }
        try self.number(number, field, in: range)
        return number
    }

    /// Refuses a string shorter or longer than `length` (in characters).
    public static func text(_ value: String, _ field: String, length: ClosedRange<Int>) throws(ReplyError) {
        guard length.contains(value.count) else {
            let shown = value.count > 40 ? "\(value.count) characters" : "'\(value)' (\(value.count) characters)"
            throw .invalid("\(field): must be \(length.lowerBound)–\(length.upperBound) characters, got \(shown)")
        }
    }

    /// Refuses a list with more than `maximum` items.
    public static func count(_ count: Int, _ field: String, atMost maximum: Int) throws(ReplyError) {
        guard count <= maximum else { throw .invalid("\(field): at most \(maximum) items, got \(count)") }
    }

    /// What a JSON value is, for messages: `"3"` (a string), `true`, `null`, an object…
    public static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): text(number)
        case .string(let string): string.count > 40 ? "a string" : "\"\(string)\" (a string)"
        case .array: "a list"
        case .object: "an object"
        }
    }

    /// `60` for whole numbers, `0.25`, `1e+300` otherwise.
    public static func text(_ number: Double) -> String {
        if number.isFinite, number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }
}
