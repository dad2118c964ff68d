import ProxmoxAPI

extension PVEClient {
    /// `GET /nodes/{node}/qemu`.
    public func qemuList(_ node: String) async throws -> [PVEGuestListEntry] {
        try await guestList(node, kind: .qemu)
    }

    /// `GET /nodes/{node}/lxc` (string vmids of older versions are read as integers).
    public func lxcList(_ node: String) async throws -> [PVEGuestListEntry] {
        try await guestList(node, kind: .lxc)
    }

    /// `GET /nodes/{node}/{qemu|lxc}/{vmid}/config` (pending changes applied), parsed.
    public func guestConfig(_ node: String, kind: PVEGuestKind, vmid: Int) async throws -> PVEGuestConfig {
        let path = PVEURLEncoding.path("nodes", node, kind.rawValue, String(vmid), "config")
        let raw: [String: PVEValue] = try await get(path)
        return try convert(raw, path: path) { try PVEGuestConfig(kind: kind, raw: $0) }
    }

    /// `GET /nodes/{node}/{qemu|lxc}/{vmid}/status/current`.
    public func guestStatus(_ node: String, kind: PVEGuestKind, vmid: Int) async throws -> PVEGuestStatus {
        var status: PVEGuestStatus = try await get(
            PVEURLEncoding.path("nodes", node, kind.rawValue, String(vmid), "status", "current"))
        status.kind = kind
        return status
    }

    /// `GET /nodes/{node}/{qemu|lxc}/{vmid}/rrddata?timeframe=…&cf=…`, oldest point first.
    public func guestRRD(
        _ node: String, kind: PVEGuestKind, vmid: Int, timeframe: PVERRDTimeframe, cf: PVERRDConsolidation = .average
    ) async throws -> [PVEGuestRRDPoint] {
        try await get(
            PVEURLEncoding.path("nodes", node, kind.rawValue, String(vmid), "rrddata"),
            query: [("timeframe", timeframe.rawValue), ("cf", cf.rawValue)])
    }

    private func guestList(_ node: String, kind: PVEGuestKind) async throws -> [PVEGuestListEntry] {
        let entries: [PVEGuestListEntry] = try await get(PVEURLEncoding.path("nodes", node, kind.rawValue))
        return entries.map { entry in
            var entry = entry
            entry.kind = kind
            return entry
        }
    }
}
