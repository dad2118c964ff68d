import Contract

/// A request about one guest (`migration_options`, `why`): `{"id": "…", "vmid": 101}`.
public struct VMIDRequest: Codable, Sendable, Equatable, RequestBody {
    public var vmid: Int

    public init(vmid: Int) {
        self.vmid = vmid
    }

    public static let keys = ["vmid"]

    public func check() throws(ReplyError) { try VMID.check(vmid) }
}
