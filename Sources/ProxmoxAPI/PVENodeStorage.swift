/// One storage of `GET /nodes/{node}/storage` as seen by that node.
public struct PVENodeStorage: Sendable, Hashable, Decodable {
    public var storage: String
    /// `dir`, `lvmthin`, `zfspool`, `nfs`, `rbd`, …
    public var type: String?
    /// `images`, `rootdir`, `iso`, …
    public var content: [String]
    public var shared: Bool?
    /// Inactive or unreachable storages are `false` and report no sizes.
    public var active: Bool?
    public var enabled: Bool?
    /// Bytes.
    public var total: Int?
    public var used: Int?
    public var avail: Int?
    /// 0…1.
    public var usedFraction: Double?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        storage = try fields.required("storage")
        type = try fields.optional("type")
        content = PVETags.commaList(try fields.optional("content"))
        shared = try fields.optional("shared")
        active = try fields.optional("active")
        enabled = try fields.optional("enabled")
        total = try fields.optional("total")
        used = try fields.optional("used")
        avail = try fields.optional("avail")
        usedFraction = try fields.optional("used_fraction")
    }
}
