import Contract
import Foundation

/// `migrate`: move one guest; `target` defaults to the plan's target for it.
struct MigrateCommand: Codable, Sendable, RequestBody {
    var id: String?
    var vmid: Int
    var target: String?
    /// Validate and record only (default false: an admin's request moves the guest).
    var dryRun: Bool?
    /// VMs: `false` asks for an offline move.
    var online: Bool?
    var requestedBy: String?

    static let keys = ["vmid", "target", "dry_run", "online", RequestedBy.key]

    func check() throws(ReplyError) {
        try VMID.check(vmid)
        if let target { try NodeName.check(target, "target") }
        try RequestedBy.check(requestedBy)
    }
}

/// `evacuate`: move every guest off a node in maintenance, as the plan says.
struct EvacuateCommand: Codable, Sendable, RequestBody {
    var id: String?
    var node: String
    var dryRun: Bool?
    var requestedBy: String?

    static let keys = ["node", "dry_run", RequestedBy.key]

    func check() throws(ReplyError) {
        try NodeName.check(node, "node")
        try RequestedBy.check(requestedBy)
    }
}

/// `rollback` and `cancel`: act on one migration.
struct MigrationCommand: Codable, Sendable, RequestBody {
    var id: String?
    var migrationId: String
    var requestedBy: String?

    static let keys = ["migration_id", RequestedBy.key]
    /// Allowed length of a migration id (`m-` and 12 hex digits today).
    static let idLength = 1...64

    func check() throws(ReplyError) {
        try InputCheck.text(migrationId, "migration_id", length: Self.idLength)
        try RequestedBy.check(requestedBy)
    }
}

/// `run_automation`: nothing but the `id` (and who asked).
struct RunAutomationCommand: Codable, Sendable, RequestBody {
    var id: String?
    var requestedBy: String?

    static let keys = [RequestedBy.key]

    func check() throws(ReplyError) { try RequestedBy.check(requestedBy) }
}

/// `validate`: the checks for a move, without moving.
struct ValidateRequest: Codable, Sendable, RequestBody {
    var id: String?
    var vmid: Int
    var target: String?
    var requestedBy: String?

    static let keys = ["vmid", "target", RequestedBy.key]

    func check() throws(ReplyError) {
        try VMID.check(vmid)
        if let target { try NodeName.check(target, "target") }
        try RequestedBy.check(requestedBy)
    }
}

/// `history`: journaled migrations, filtered, as JSON or CSV.
struct HistoryRequest: Codable, Sendable, RequestBody {
    var id: String?
    var from: Date?
    var to: Date?
    var vmid: Int?
    var state: MigrationPhase?
    var origin: MigrationOrigin?
    var format: String?
    var limit: Int?
    var requestedBy: String?

    static let keys = ["from", "to", "vmid", "state", "origin", "format", "limit", RequestedBy.key]
    static let formats = ["json", "csv"]
    /// Allowed range of `limit` (default 500).
    static let limitRange = 1...10_000

    func check() throws(ReplyError) {
        if let vmid { try VMID.check(vmid) }
        if let format, !Self.formats.contains(format) {
            throw .invalid("format: must be one of json, csv, got \"\(format.prefix(64))\"")
        }
        if let limit { try InputCheck.integer(limit, "limit", in: Self.limitRange) }
        if let from, let to, from > to { throw .invalid("from: must not be after to") }
        try RequestedBy.check(requestedBy)
    }
}

/// `task_log`: the Proxmox task log of one migration, read live.
struct TaskLogRequest: Codable, Sendable, RequestBody {
    var id: String?
    var migrationId: String
    var limit: Int?
    var requestedBy: String?

    static let keys = ["migration_id", "limit", RequestedBy.key]
    /// Allowed range of `limit` (lines, default 500).
    static let limitRange = 1...5_000
    static let defaultLimit = 500

    func check() throws(ReplyError) {
        try InputCheck.text(migrationId, "migration_id", length: MigrationCommand.idLength)
        if let limit { try InputCheck.integer(limit, "limit", in: Self.limitRange) }
        try RequestedBy.check(requestedBy)
    }
}
