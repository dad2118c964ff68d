import Foundation

/// One entry of `GET /cluster/ha/status/current`.
public struct PVEHAStatusEntry: Sendable, Hashable, Decodable {
    public enum Kind: Sendable, Hashable {
        case quorum, master, lrm, service, fencing
        case other(String)

        public init(rawValue: String) {
            switch rawValue {
            case "quorum": self = .quorum
            case "master": self = .master
            case "lrm": self = .lrm
            case "service": self = .service
            case "fencing": self = .fencing
            default: self = .other(rawValue)
            }
        }
    }

    /// `quorum`, `master`, `lrm:<node>`, `service:vm:100`, `fencing`.
    public var id: String
    public var type: Kind
    public var node: String?
    /// Free text, e.g. `pve1 (maintenance mode, watchdog standby, <date>)` for an LRM.
    public var status: String?
    public var timestamp: Date?
    /// Quorum entry.
    public var quorate: Bool?
    /// Service entries.
    public var sid: String?
    public var state: String?
    public var crmState: String?
    public var requestState: String?
    public var maxRestart: Int?
    public var maxRelocate: Int?
    public var failback: Bool?
    /// Fencing entry (PVE 9): `armed`, …
    public var armedState: String?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        id = try fields.required("id")
        type = Kind(rawValue: try fields.optional("type") ?? String(id.prefix { $0 != ":" }))
        node = try fields.optional("node")
        status = try fields.optional("status")
        timestamp = try fields.date("timestamp")
        quorate = try fields.optional("quorate")
        sid = try fields.optional("sid")
        state = try fields.optional("state")
        crmState = try fields.optional("crm_state")
        requestState = try fields.optional("request_state")
        maxRestart = try fields.optional("max_restart")
        maxRelocate = try fields.optional("max_relocate")
        failback = try fields.optional("failback")
        armedState = try fields.optional("armed-state")
    }

    /// For LRM entries, the mode inside the status text: `active`, `idle`, `maintenance mode`, …
    public var lrmMode: String? {
        guard type == .lrm, let status, let open = status.firstIndex(of: "(") else { return nil }
        let inner = status[status.index(after: open)...]
        let mode = inner.prefix { $0 != "," && $0 != ")" }
        return mode.trimmingCharacters(in: .whitespaces)
    }

    /// Whether this LRM entry reports its node in HA maintenance mode (visible only here or in
    /// the manager status; `/nodes` still shows the node `online`).
    public var isMaintenance: Bool { lrmMode == "maintenance mode" }
}
