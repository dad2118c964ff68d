import Foundation

/// A storage of the datacenter configuration.
public struct ScenarioStorage: Codable, Sendable, Equatable {
    public var id: String
    /// Plugin type: `lvmthin`, `dir`, `nfs`, `zfspool`, `rbd`, `cephfs`, …
    public var type: String
    public var shared: Bool
    /// Content types, comma separated (`images,rootdir`).
    public var content: String
    public var totalGib: Double
    public var usedGib: Double
    /// Restricts the storage to these nodes (nil = every node).
    public var nodes: [String]?

    public init(
        id: String, type: String = "dir", shared: Bool? = nil, content: String = "images,rootdir",
        totalGib: Double = 1000, usedGib: Double = 100, nodes: [String]? = nil
    ) {
        self.id = id
        self.type = type
        self.shared = shared ?? Self.inherentlyShared(type)
        self.content = content
        self.totalGib = totalGib
        self.usedGib = usedGib
        self.nodes = nodes
    }

    /// Types Proxmox always treats as shared.
    static func inherentlyShared(_ type: String) -> Bool {
        ["nfs", "cifs", "cephfs", "rbd", "pbs", "iscsi", "glusterfs"].contains(type)
    }

    enum CodingKeys: String, CodingKey {
        case id, type, shared, content, nodes
        case totalGib = "total_gib"
        case usedGib = "used_gib"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        id = try c.required("id")
        type = try c.value("type", default: "dir")
        shared = try c.flag("shared", default: Self.inherentlyShared(type))
        content = try c.value("content", default: "images,rootdir")
        totalGib = try c.value("total_gib", default: 1000)
        usedGib = try c.value("used_gib", default: 100)
        nodes = try c.optional("nodes")
    }
}
