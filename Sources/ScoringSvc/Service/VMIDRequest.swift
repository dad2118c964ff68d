/// A request about one guest (`migration_options`, `why`): `{"id": "…", "vmid": 101}`.
public struct VMIDRequest: Codable, Sendable, Equatable {
    public var vmid: Int

    public init(vmid: Int) {
        self.vmid = vmid
    }
}
