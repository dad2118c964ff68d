import Foundation

/// Faults injected through the control API (JSON with snake_case keys, every key optional).
public struct SimulatorFaults: Codable, Sendable, Equatable {
    /// Delay the server applies before answering, in milliseconds.
    public var latencyMs: Int
    /// Share (0…1) of API calls that answer 500 `simulated failure`.
    public var errorRate: Double
    /// Nodes that are offline (595 for their `/nodes/{n}/…` calls).
    public var offlineNodes: [String]
    /// nil = computed from online nodes (> half); false forces no quorum, true forces quorum.
    public var quorate: Bool?
    /// VMIDs whose next migration fails mid-way (each entry is used once).
    public var failMigrations: [Int]

    public init(latencyMs: Int = 0, errorRate: Double = 0, offlineNodes: [String] = [], quorate: Bool? = nil,
                failMigrations: [Int] = []) {
        self.latencyMs = latencyMs
        self.errorRate = errorRate
        self.offlineNodes = offlineNodes
        self.quorate = quorate
        self.failMigrations = failMigrations
    }

    enum CodingKeys: String, CodingKey {
        case quorate
        case latencyMs = "latency_ms"
        case errorRate = "error_rate"
        case offlineNodes = "offline_nodes"
        case failMigrations = "fail_migrations"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        latencyMs = try c.value("latency_ms", default: 0)
        errorRate = try c.value("error_rate", default: 0)
        offlineNodes = try c.value("offline_nodes", default: [])
        quorate = try c.optional("quorate")
        failMigrations = try c.value("fail_migrations", default: [])
    }
}
