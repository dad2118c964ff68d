public import Contract
public import Foundation

/// One request pbctl sends: where, with which JSON, and who answers.
public struct BusRequest: Sendable, Equatable {
    /// The answering service.
    public var service: ServiceName
    /// The operation: a request op, `settings` for a settings update or `maintenance`.
    public var op: String
    /// The topic under the service's root (`{b}`, or `<base>` for the bus-wide notifier).
    public var topicSuffix: String
    /// The payload's fields besides `id`, `sent_at` and `requested_by`.
    public var fields: [String: JSONValue]

    public init(service: ServiceName, op: String, topicSuffix: String, fields: [String: JSONValue] = [:]) {
        self.service = service
        self.op = op
        self.topicSuffix = topicSuffix
        self.fields = fields
    }

    /// `{b}/<service>/request/<op>`.
    public static func request(_ service: ServiceName, _ op: String, _ fields: [String: JSONValue] = [:]) -> BusRequest {
        BusRequest(service: service, op: op, topicSuffix: "\(service.rawValue)/request/\(op)", fields: fields)
    }

    /// `{b}/<service>/settings/set` with a partial update.
    public static func settings(_ service: ServiceName, _ patch: [String: JSONValue]) -> BusRequest {
        BusRequest(service: service, op: "settings", topicSuffix: "\(service.rawValue)/settings/set", fields: patch)
    }

    /// The payload: the fields with pbctl's `id` and `sent_at` and, for the executor (which
    /// records who asked), `requested_by`.
    public func payload(id: String, now: Date, requester: String) -> [UInt8] {
        var object = fields
        object["id"] = .string(id)
        object["sent_at"] = .string(Self.timestamp(now))
        if service == .executor { object["requested_by"] = .string(requester) }
        return Array(JSONValue.object(object).json(pretty: false).utf8)
    }

    /// A fresh request id: `pbctl-<uuid>`.
    public static func newID() -> String { "pbctl-" + UUID().uuidString.lowercased() }

    /// How pbctl names its user on the bus: `pbctl:<os user>`.
    public static func requester(osUser: String) -> String { "pbctl:\(osUser)" }

    /// ISO 8601 UTC, whole seconds.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// The `result` of a service's `Reply`, or its refusal as a failure (`code: message`).
    public static func result(of reply: [UInt8]) throws(PbctlFailure) -> JSONValue {
        guard let value = try? JSONValue.parse(reply), case .object = value, let ok = value["ok"]?.bool else {
            throw PbctlFailure(.failed, "the service answered something that is not a reply: \(String(decoding: reply.prefix(200), as: UTF8.self))")
        }
        guard ok else {
            throw .refused(code: value["error"]?["code"]?.string ?? "error", message: value["error"]?["message"]?.string ?? "(no message)")
        }
        return value["result"] ?? .null
    }
}

/// Turns `key=value` arguments into a settings update.
public enum SettingsAssignment {
    /// `penalties.cpu_threshold=50 dry_run=false name=nights` → the nested JSON object. Dotted
    /// keys nest; a value is taken as JSON when it parses (`50`, `false`, `[1,2]`, `"x"`), else as
    /// a string.
    /// - Throws: `PbctlFailure` (usage) for an argument without `=`, an empty key level, or two
    ///   assignments that collide.
    public static func patch(_ assignments: [String]) throws(PbctlFailure) -> [String: JSONValue] {
        guard !assignments.isEmpty else { throw PbctlFailure(.usage, "give at least one key=value") }
        var root: [String: JSONValue] = [:]
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else {
                throw PbctlFailure(.usage, "'\(assignment)' is not key=value")
            }
            let path = assignment[..<equals].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard path.allSatisfy({ !$0.isEmpty }) else { throw PbctlFailure(.usage, "'\(assignment)': empty key") }
            let text = String(assignment[assignment.index(after: equals)...])
            let value = (try? JSONValue.parse(Array(text.utf8))) ?? .string(text)
            try set(value, at: path[...], in: &root, whole: assignment)
        }
        return root
    }

    private static func set(
        _ value: JSONValue, at path: ArraySlice<String>, in object: inout [String: JSONValue], whole: String
    ) throws(PbctlFailure) {
        let key = path[path.startIndex]
        if path.count == 1 {
            guard object[key] == nil else { throw PbctlFailure(.usage, "'\(whole)': \(key) is set twice") }
            object[key] = value
            return
        }
        var child: [String: JSONValue]
        switch object[key] {
        case nil: child = [:]
        case .object(let members)?: child = members
        default: throw PbctlFailure(.usage, "'\(whole)': \(key) is already set to a value")
        }
        try set(value, at: path.dropFirst(), in: &child, whole: whole)
        object[key] = .object(child)
    }
}

/// Reads `--since`: a duration back from now (`30m`, `24h`, `7d`, `2w`) or a date
/// (`2026-11-23`, `2026-11-23T08:00:00Z`).
public enum SinceParser {
    public static func date(_ text: String, now: Date) throws(PbctlFailure) -> Date {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        if let unit = text.last, let seconds = units[unit], let count = Double(text.dropLast()), count >= 0 {
            return now.addingTimeInterval(-count * seconds)
        }
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = day.date(from: text) { return date }
        throw PbctlFailure(.usage, "--since '\(text)': expected a duration (30m, 24h, 7d, 2w) or a date (2026-11-23, 2026-11-23T08:00:00Z)")
    }
}
