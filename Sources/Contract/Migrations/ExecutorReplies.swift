/// The answer to `evacuate`: the migrations started and the guests that cannot leave.
public struct EvacuationReply: Codable, Sendable, Equatable {
    public var node: String
    public var migrations: [MigrationStatus]
    public var cannotMove: [StuckGuest]

    public init(node: String, migrations: [MigrationStatus], cannotMove: [StuckGuest]) {
        self.node = node
        self.migrations = migrations
        self.cannotMove = cannotMove
    }

    /// A guest that stays on the node, and why.
    public struct StuckGuest: Codable, Sendable, Equatable {
        public var vmid: Int
        public var name: String?
        public var reason: String
        public var detail: String

        public init(vmid: Int, name: String?, reason: String, detail: String) {
            self.vmid = vmid
            self.name = name
            self.reason = reason
            self.detail = detail
        }
    }
}

/// The answer to `rollback`: the new migration and how the original source changed since.
public struct RollbackReply: Codable, Sendable, Equatable {
    public var migration: MigrationStatus
    /// True when the original source's CPU or memory moved by more than 15 points since the move.
    public var conditionsChanged: Bool
    /// One sentence with the numbers then and now.
    public var conditions: String

    public init(migration: MigrationStatus, conditionsChanged: Bool, conditions: String) {
        self.migration = migration
        self.conditionsChanged = conditionsChanged
        self.conditions = conditions
    }
}

/// The answer to `history`: JSON rows, or CSV text when asked.
public struct HistoryReply: Codable, Sendable, Equatable {
    public var format: String
    public var count: Int
    public var migrations: [MigrationStatus]?
    public var csv: String?

    public init(format: String, count: Int, migrations: [MigrationStatus]?, csv: String?) {
        self.format = format
        self.count = count
        self.migrations = migrations
        self.csv = csv
    }
}
