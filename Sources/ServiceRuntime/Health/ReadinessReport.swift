import Foundation

/// A service's readiness from its checks' results, as `/readyz` answers it: ready when every
/// check passed. Pure.
public struct ReadinessReport: Sendable, Equatable, Codable {
    /// The results, in the order the checks were added.
    public let checks: [ReadinessResult]

    public init(_ checks: [ReadinessResult]) {
        self.checks = checks
    }

    /// Whether every check passed.
    public var isReady: Bool { checks.allSatisfy(\.ok) }

    /// The checks that failed.
    public var failing: [ReadinessResult] { checks.filter { !$0.ok } }

    /// The HTTP status of `/readyz`: 200 when ready, 503 otherwise.
    public var httpStatus: Int { isReady ? 200 : 503 }

    /// The `/readyz` body: `{"status":"ready"|"not_ready","checks":[{"name":…,"ok":…,"problem":…}]}`.
    public func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings and booleans only: encoding cannot fail.
        return Array((try? encoder.encode(self)) ?? Data())
    }

    enum CodingKeys: String, CodingKey {
        case status, checks
    }

    public init(from decoder: any Decoder) throws {
        checks = try decoder.container(keyedBy: CodingKeys.self).decode([ReadinessResult].self, forKey: .checks)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(isReady ? "ready" : "not_ready", forKey: .status)
        try container.encode(checks, forKey: .checks)
    }
}
