/// One storage of the datacenter configuration, `GET /storage`.
public struct PVEStorageConfig: Sendable, Hashable, Decodable {
    public var storage: String
    public var type: String
    public var content: [String]
    public var digest: String?
    /// Only explicit for some types; prefer the `shared` flag of `/nodes/{n}/storage`.
    public var shared: Bool?
    /// The nodes this storage is restricted to; `nil` means every node.
    public var nodes: [String]?
    /// `disable=1`.
    public var disabled: Bool
    public var path: String?
    public var pool: String?
    public var server: String?
    public var export: String?
    public var vgname: String?
    public var thinpool: String?
    public var mountpoint: String?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        storage = try fields.required("storage")
        type = try fields.required("type")
        content = PVETags.commaList(try fields.optional("content"))
        digest = try fields.optional("digest")
        shared = try fields.optional("shared")
        let nodeList = PVETags.commaList(try fields.optional("nodes"))
        nodes = nodeList.isEmpty ? nil : nodeList
        disabled = try fields.optional("disable") ?? false
        path = try fields.optional("path")
        pool = try fields.optional("pool")
        server = try fields.optional("server")
        export = try fields.optional("export")
        vgname = try fields.optional("vgname")
        thinpool = try fields.optional("thinpool")
        mountpoint = try fields.optional("mountpoint")
    }

    /// Whether the storage is enabled and not restricted away from `node`.
    public func isAvailable(on node: String) -> Bool {
        !disabled && (nodes?.contains(node) ?? true)
    }
}
