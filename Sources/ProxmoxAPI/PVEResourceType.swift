/// The `type` filter of `GET /cluster/resources`.
public enum PVEResourceType: String, Sendable, Hashable, CaseIterable {
    /// QEMU and LXC guests.
    case vm
    case node
    case storage
    case sdn
}
