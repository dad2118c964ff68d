/// How a guest is named for humans: `VM 101 (web)`, `CT 111 (syncthing)`, `VM 102`.
extension GuestType {
    /// `VM <vmid> (<name>)` for QEMU, `CT <vmid> (<name>)` for LXC; the name only when known.
    public func label(vmid: Int, name: String?) -> String {
        let prefix = self == .lxc ? "CT" : "VM"
        guard let name, !name.isEmpty else { return "\(prefix) \(vmid)" }
        return "\(prefix) \(vmid) (\(name))"
    }
}

extension GuestState {
    /// "VM 101 (web)".
    public var label: String { type.label(vmid: vmid, name: name) }
}

extension Recommendation {
    /// The moving guest, e.g. "VM 101 (web)".
    public var label: String { type.label(vmid: vmid, name: name) }
}

extension SkippedGuest {
    /// The guest that stays, e.g. "CT 111".
    public var label: String { type.label(vmid: vmid, name: name) }
}
