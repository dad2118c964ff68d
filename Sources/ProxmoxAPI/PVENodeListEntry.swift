/// One entry of `GET /nodes`.
public struct PVENodeListEntry: Sendable, Hashable, Decodable {
    public var node: String
    /// `online`, `offline` or `unknown` (a node in HA maintenance still reports `online`).
    public var status: String?
    public var cpu: Double?
    public var maxcpu: Double?
    public var mem: Int?
    public var maxmem: Int?
    public var disk: Int?
    public var maxdisk: Int?
    public var uptime: Int?
    public var level: String?
    /// SHA-256 of the node certificate, upper-case colon hex (`10:94:FF:…`), for TLS pinning.
    public var sslFingerprint: String?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        node = try fields.required("node")
        status = try fields.optional("status")
        cpu = try fields.optional("cpu")
        maxcpu = try fields.optional("maxcpu")
        mem = try fields.optional("mem")
        maxmem = try fields.optional("maxmem")
        disk = try fields.optional("disk")
        maxdisk = try fields.optional("maxdisk")
        uptime = try fields.optional("uptime")
        level = try fields.optional("level")
        sslFingerprint = try fields.optional("ssl_fingerprint")
    }
}
