import ProxmoxAPI

extension PVEClient {
    /// `GET /nodes/{node}/{qemu|lxc}/{vmid}/migrate[?target=…]`: which nodes the guest may move
    /// to and what stands in the way. LXC needs PVE 9 (older versions answer 501
    /// `.notImplemented`).
    public func migratePreconditions(
        _ node: String, kind: PVEGuestKind, vmid: Int, target: String? = nil
    ) async throws -> PVEMigratePreconditions {
        try await get(
            PVEURLEncoding.path("nodes", node, kind.rawValue, String(vmid), "migrate"),
            query: target.map { [("target", $0)] } ?? [])
    }

    /// `POST /nodes/{node}/{qemu|lxc}/{vmid}/migrate`: starts a migration to `target` and returns
    /// its task (`qmigrate`/`vzmigrate`, or `hamigrate` for HA-managed guests). Options of the
    /// other guest kind, or `online` for a container, are refused with `.invalidRequest`.
    public func migrate(
        _ node: String, kind: PVEGuestKind, vmid: Int, target: String, options: PVEMigrateOptions = PVEMigrateOptions()
    ) async throws -> PVEUPID {
        let path = PVEURLEncoding.path("nodes", node, kind.rawValue, String(vmid), "migrate")
        switch options.formFields(kind: kind, target: target) {
        case .failure(let invalid):
            throw PVEError(kind: .invalidRequest, method: "POST", path: path, message: invalid.message)
        case .success(let form):
            return try await post(path, form: form)
        }
    }
}
