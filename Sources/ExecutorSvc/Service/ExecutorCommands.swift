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

    static let keys = ["vmid", "target", "dry_run", "online"]

    func check() throws(ReplyError) {
        try VMID.check(vmid)
        if let target { try NodeName.check(target, "target") }
    }
}

/// `evacuate`: move every guest off a node in maintenance, as the plan says.
struct EvacuateCommand: Codable, Sendable, RequestBody {
    var id: String?
    var node: String
    var dryRun: Bool?

    static let keys = ["node", "dry_run"]

    func check() throws(ReplyError) { try NodeName.check(node, "node") }
}

/// `rollback` and `cancel`: act on one migration.
struct MigrationCommand: Codable, Sendable, RequestBody {
    var id: String?
    var migrationId: String

    static let keys = ["migration_id"]
    /// Allowed length of a migration id (`m-` and 12 hex digits today).
    static let idLength = 1...64

    func check() throws(ReplyError) { try InputCheck.text(migrationId, "migration_id", length: Self.idLength) }
}

/// `run_automation`: nothing but the `id`.
struct RunAutomationCommand: Codable, Sendable, RequestBody {
    var id: String?

    static let keys: [String] = []
}

/// `validate`: the checks for a move, without moving.
struct ValidateRequest: Codable, Sendable, RequestBody {
    var id: String?
    var vmid: Int
    var target: String?

    static let keys = ["vmid", "target"]

    func check() throws(ReplyError) {
        try VMID.check(vmid)
        if let target { try NodeName.check(target, "target") }
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

    static let keys = ["from", "to", "vmid", "state", "origin", "format", "limit"]
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
    }
}
