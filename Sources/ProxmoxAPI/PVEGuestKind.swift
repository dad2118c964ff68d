/// The two kinds of Proxmox guests; the raw value is the API path segment.
public enum PVEGuestKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A QEMU/KVM virtual machine.
    case qemu
    /// An LXC container.
    case lxc
}
