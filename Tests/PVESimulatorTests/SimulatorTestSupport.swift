import Contract
import Foundation
import PVESimulator
import Synchronization
import Testing

/// A settable clock for driving simulated time deterministically.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ date: Date) { current = Mutex(date) }

    /// The closure to hand to `PVESimulator(now:)`.
    var now: @Sendable () -> Date { { self.current.withLock { $0 } } }

    func advance(_ seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A parsed JSON value that keeps numbers, strings and booleans apart.
indirect enum JSONValue: Decodable, Equatable, Sendable, CustomStringConvertible {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let value = try? c.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? c.decode(Double.self) {
            self = .number(value)
        } else if let value = try? c.decode(String.self) {
            self = .string(value)
        } else if let value = try? c.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    static func parse(_ data: Data?) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: try #require(data, "empty body"))
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var number: Double? { if case .number(let v) = self { v } else { nil } }
    var string: String? { if case .string(let v) = self { v } else { nil } }
    var array: [JSONValue]? { if case .array(let v) = self { v } else { nil } }
    var object: [String: JSONValue]? { if case .object(let v) = self { v } else { nil } }
    var keys: Set<String> { Set(object?.keys ?? [:].keys) }

    /// `number`, `string`, `bool`, `array`, `object` or `null`.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let v): "\(v)"
        case .number(let v): "\(v)"
        case .string(let v): "\"\(v)\""
        case .array(let v): "[\(v.map(\.description).joined(separator: ","))]"
        case .object(let v): "{\(v.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ","))}"
        }
    }
}

/// One answer of the simulator, parsed.
struct Answer: Sendable {
    let status: Int
    let reason: String
    let body: JSONValue?

    /// The `data` member.
    var data: JSONValue { body?["data"] ?? .null }
}

extension PVESimulator {
    /// Calls `handle` and parses the JSON body.
    func call(_ method: String = "GET", _ path: String, query: [String: String] = [:], form: [String: String] = [:]) async throws -> Answer {
        let response = handle(SimRequest(method: method, path: path, query: query, form: form))
        let body = response.body.map { $0.isEmpty ? nil : $0 } ?? nil
        return Answer(status: response.status, reason: response.reason, body: try body.map { try JSONValue.parse($0) })
    }

    /// GET `path` and return `data`, requiring a 200.
    func get(_ path: String, query: [String: String] = [:]) async throws -> JSONValue {
        let answer = try await call("GET", path, query: query)
        #expect(answer.status == 200, "GET \(path): \(answer.status) \(answer.reason)")
        return answer.data
    }
}

/// Scenarios used by the tests.
enum TestScenarios {
    /// `scenarios/demo.json` of this package.
    static func demo() throws -> Scenario {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try Scenario.load(path: root.appendingPathComponent("scenarios/demo.json").path)
    }

    /// The demo with fast migrations (a 4 GiB VM migrates in well under a second of sim time).
    static func fastDemo(version: String? = nil) throws -> Scenario {
        var scenario = try demo()
        scenario.migration.timeScale = 0.05
        if let version { scenario.pveVersion = version }
        return scenario
    }

    /// 2025-10-26 at `hour`:00 UTC (the fixtures' date).
    static func date(hour: Double) -> Date {
        Date(timeIntervalSince1970: 1_761_436_800 + hour * 3600)
    }
}

/// The first element of an array whose `key` equals `value`.
func entry(_ list: JSONValue, _ key: String, _ value: String) -> JSONValue? {
    list.array?.first { $0[key]?.string == value || $0[key]?.number.map { String(Int($0)) } == value }
}
