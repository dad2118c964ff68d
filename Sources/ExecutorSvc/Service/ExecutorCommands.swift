import Foundation
import Shared

/// `migrate`: move one guest; `target` defaults to the plan's target for it.
struct MigrateCommand: Codable, Sendable {
    var id: String?
    var vmid: Int
    var target: String?
    /// Validate and record only (default false: an admin's request moves the guest).
    var dryRun: Bool?
    /// VMs: `false` asks for an offline move.
    var online: Bool?
}

/// `evacuate`: move every guest off a node in maintenance, as the plan says.
struct EvacuateCommand: Codable, Sendable {
    var id: String?
    var node: String
    var dryRun: Bool?
}

/// `rollback` and `cancel`: act on one migration.
struct MigrationCommand: Codable, Sendable {
    var id: String?
    var migrationId: String
}

/// `validate`: the checks for a move, without moving.
struct ValidateRequest: Codable, Sendable {
    var id: String?
    var vmid: Int
    var target: String?
}

/// `history`: journaled migrations, filtered, as JSON or CSV.
struct HistoryRequest: Codable, Sendable {
    var id: String?
    var from: Date?
    var to: Date?
    var vmid: Int?
    var state: MigrationPhase?
    var origin: MigrationOrigin?
    var format: String?
    var limit: Int?
}
