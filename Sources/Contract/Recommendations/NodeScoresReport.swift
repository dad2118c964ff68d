import Foundation

/// Every node's score now, published retained on `{b}/scores`.
public struct NodeScoresReport: Codable, Sendable, Equatable {
    public var v: Int = 1
    public var cluster: String
    public var generatedAt: Date
    public var snapshotAt: Date
    public var nodes: [NodeScoreEntry]

    public init(cluster: String, generatedAt: Date, snapshotAt: Date, nodes: [NodeScoreEntry]) {
        self.cluster = cluster
        self.generatedAt = generatedAt
        self.snapshotAt = snapshotAt
        self.nodes = nodes
    }
}

/// One node's score and why, or why it has none (offline, incomplete metrics).
public struct NodeScoreEntry: Codable, Sendable, Equatable {
    public var node: String
    public var online: Bool
    public var maintenance: Bool
    /// Absent when the node could not be scored; `note` says why.
    public var score: ScoreBreakdown?
    /// CPU trend in % per day over the stored history, when known.
    public var cpuTrendPctPerDay: Double?
    /// CPU stability 0–100 over the stored history, when known.
    public var cpuStability: Double?
    /// `overloaded`, `trending_toward_overload`, `stable_but_hot` or `normal`, when trends are known.
    public var state: String?
    /// How soon the node needs relief: `high`, `medium`, `low` or `none` by its state.
    public var urgency: Urgency?
    public var note: String?

    public init(
        node: String, online: Bool, maintenance: Bool, score: ScoreBreakdown?, cpuTrendPctPerDay: Double? = nil,
        cpuStability: Double? = nil, state: String? = nil, urgency: Urgency? = nil, note: String? = nil
    ) {
        self.state = state
        self.urgency = urgency
        self.node = node
        self.online = online
        self.maintenance = maintenance
        self.score = score
        self.cpuTrendPctPerDay = cpuTrendPctPerDay
        self.cpuStability = cpuStability
        self.note = note
    }
}

/// Nodes in maintenance, published retained on `{b}/maintenance` by scoring.
public struct MaintenanceState: Codable, Sendable, Equatable {
    public var v: Int = 1
    public var cluster: String
    /// Sorted node names.
    public var nodes: [String]
    public var updatedAt: Date

    public init(cluster: String, nodes: [String], updatedAt: Date) {
        self.cluster = cluster
        self.nodes = nodes
        self.updatedAt = updatedAt
    }
}
