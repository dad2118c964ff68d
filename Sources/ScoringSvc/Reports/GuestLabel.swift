import Shared

/// How a guest is named for humans: `VM 101 (web)`, `CT 111 (syncthing)`. Pure.
public enum GuestLabel {
    /// `VM <vmid> (<name>)` for QEMU, `CT <vmid> (<name>)` for LXC; the name only when known.
    public static func text(vmid: Int, name: String?, type: GuestType) -> String {
        let prefix = type == .lxc ? "CT" : "VM"
        guard let name, !name.isEmpty else { return "\(prefix) \(vmid)" }
        return "\(prefix) \(vmid) (\(name))"
    }

    /// The label of a recommended move's guest.
    public static func text(_ recommendation: Recommendation) -> String {
        text(vmid: recommendation.vmid, name: recommendation.name, type: recommendation.type)
    }
}
