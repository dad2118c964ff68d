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
    /// A migrate call starts its task at once but answers only after this many milliseconds
    /// (a slow answer: the caller may give up or stop while the task runs).
    public var migrateAnswerDelayMs: Int
    /// VMIDs whose next migrate call starts the task but answers 500 (each entry is used once):
    /// a lost answer to a request Proxmox carried out.
    public var loseMigrateAnswers: [Int]
    /// The next this many API calls answer 500 `simulated failure` (a transient outage that
    /// ends by itself), counted down as they come.
    public var failNextCalls: Int

    public init(
        latencyMs: Int = 0, errorRate: Double = 0, offlineNodes: [String] = [], quorate: Bool? = nil,
        failMigrations: [Int] = [], migrateAnswerDelayMs: Int = 0, loseMigrateAnswers: [Int] = [],
        failNextCalls: Int = 0
    ) {
        self.latencyMs = latencyMs
        self.errorRate = errorRate
        self.offlineNodes = offlineNodes
        self.quorate = quorate
        self.failMigrations = failMigrations
        self.migrateAnswerDelayMs = migrateAnswerDelayMs
        self.loseMigrateAnswers = loseMigrateAnswers
        self.failNextCalls = failNextCalls
    }

    enum CodingKeys: String, CodingKey {
        case quorate
        case latencyMs = "latency_ms"
        case errorRate = "error_rate"
        case offlineNodes = "offline_nodes"
        case failMigrations = "fail_migrations"
        case migrateAnswerDelayMs = "migrate_answer_delay_ms"
        case loseMigrateAnswers = "lose_migrate_answers"
        case failNextCalls = "fail_next_calls"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        latencyMs = try c.value("latency_ms", default: 0)
        errorRate = try c.value("error_rate", default: 0)
        offlineNodes = try c.value("offline_nodes", default: [])
        quorate = try c.optional("quorate")
        failMigrations = try c.value("fail_migrations", default: [])
        migrateAnswerDelayMs = try c.value("migrate_answer_delay_ms", default: 0)
        loseMigrateAnswers = try c.value("lose_migrate_answers", default: [])
        failNextCalls = try c.value("fail_next_calls", default: 0)
    }
}
