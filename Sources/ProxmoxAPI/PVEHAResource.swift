/// One entry of `GET /cluster/ha/resources`.
public struct PVEHAResource: Sendable, Hashable, Decodable {
    /// `vm:100` or `ct:101`.
    public var sid: String
    /// `vm` or `ct`.
    public var type: String?
    /// `started` (the default, which may be omitted), `stopped`, `disabled` or `ignored`.
    public var state: String
    /// Disappears once PVE 9 has migrated groups to rules.
    public var group: String?
    public var maxRestart: Int?
    public var maxRelocate: Int?
    public var failback: Bool?
    public var comment: String?
    public var errors: String?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        sid = try fields.required("sid")
        type = try fields.optional("type")
        state = try fields.optional("state") ?? "started"
        group = try fields.optional("group")
        maxRestart = try fields.optional("max_restart")
        maxRelocate = try fields.optional("max_relocate")
        failback = try fields.optional("failback")
        comment = try fields.optional("comment")
        errors = try fields.optional("errors")
    }

    /// The guest id from the sid (`vm:100` → 100).
    public var vmid: Int? { Self.vmid(sid: sid) }

    /// The guest id of an HA resource id (`vm:100` → 100, `ct:101` → 101).
    public static func vmid(sid: String) -> Int? { sid.split(separator: ":").last.flatMap { Int($0) } }
}
