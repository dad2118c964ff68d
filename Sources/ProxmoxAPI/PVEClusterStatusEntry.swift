/// One entry of `GET /cluster/status`: the `cluster` entry (absent on a standalone node) or a
/// `node` entry.
public struct PVEClusterStatusEntry: Sendable, Hashable, Decodable {
    /// `cluster` or `node`.
    public var type: String
    /// `cluster` or `node/<name>`.
    public var id: String
    public var name: String?
    /// Cluster entry: member count, quorum flag, config version.
    public var nodes: Int?
    public var quorate: Bool?
    public var version: Int?
    /// Node entries.
    public var nodeid: Int?
    public var ip: String?
    public var online: Bool?
    /// Whether this node answered the request.
    public var local: Bool?
    public var level: String?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        type = try fields.required("type")
        id = try fields.required("id")
        name = try fields.optional("name")
        nodes = try fields.optional("nodes")
        quorate = try fields.optional("quorate")
        version = try fields.optional("version")
        nodeid = try fields.optional("nodeid")
        ip = try fields.optional("ip")
        online = try fields.optional("online")
        local = try fields.optional("local")
        level = try fields.optional("level")
    }
}
