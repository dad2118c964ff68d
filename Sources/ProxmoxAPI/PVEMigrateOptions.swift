/// Options of `POST /nodes/{node}/{qemu|lxc}/{vmid}/migrate`. `nil` leaves an option unsent.
public struct PVEMigrateOptions: Sendable, Hashable {
    /// QEMU: live migration (`online`). A running VM needs it; LXC cannot migrate online.
    public var online: Bool?
    /// QEMU: also migrate local disks (`with-local-disks`).
    public var withLocalDisks: Bool?
    /// LXC: shut down, migrate, start again (`restart`); required for a running container.
    public var restart: Bool?
    /// LXC: shutdown timeout for `restart`, in seconds (`timeout`, Proxmox default 180).
    public var timeout: Int?
    /// Bandwidth limit in KiB/s (`bwlimit`).
    public var bwlimitKiB: Int?
    /// Target storage: a mapping `src:dst,…`, one storage id for all, or `1` for identity
    /// (`targetstorage` for QEMU, `target-storage` for LXC).
    public var targetStorage: String?

    public init(
        online: Bool? = nil, withLocalDisks: Bool? = nil, restart: Bool? = nil, timeout: Int? = nil,
        bwlimitKiB: Int? = nil, targetStorage: String? = nil
    ) {
        self.online = online
        self.withLocalDisks = withLocalDisks
        self.restart = restart
        self.timeout = timeout
        self.bwlimitKiB = bwlimitKiB
        self.targetStorage = targetStorage
    }

    /// The form fields for a migration of a `kind` guest to `target`, or why the combination is
    /// invalid (options of the other guest kind, `online` for LXC).
    package func formFields(kind: PVEGuestKind, target: String) -> Result<[(name: String, value: String)], InvalidOptions> {
        guard !target.isEmpty else { return .failure(InvalidOptions(message: "the target node is empty")) }
        var form: [(name: String, value: String)] = [("target", target)]
        switch kind {
        case .qemu:
            if restart != nil || timeout != nil {
                return .failure(InvalidOptions(message: "restart and timeout apply to LXC containers only; use online for VMs"))
            }
            if let online { form.append(("online", online ? "1" : "0")) }
            if let withLocalDisks { form.append(("with-local-disks", withLocalDisks ? "1" : "0")) }
            if let targetStorage { form.append(("targetstorage", targetStorage)) }
        case .lxc:
            if online == true {
                return .failure(InvalidOptions(message: "LXC containers cannot migrate online; use restart"))
            }
            if withLocalDisks != nil {
                return .failure(InvalidOptions(message: "with-local-disks applies to VMs only"))
            }
            if let restart { form.append(("restart", restart ? "1" : "0")) }
            if let timeout { form.append(("timeout", String(timeout))) }
            if let targetStorage { form.append(("target-storage", targetStorage)) }
        }
        if let bwlimitKiB { form.append(("bwlimit", String(bwlimitKiB))) }
        return .success(form)
    }

    package struct InvalidOptions: Error {
        package let message: String
    }
}
