public import Contract
import ProxmoxAPI

extension PVEClient {
    /// `GET /version`, or `GET /nodes/{node}/version` when `node` is given.
    public func version(node: String? = nil) async throws -> PVEVersion {
        let path = node.map { PVEURLEncoding.path("nodes", $0, "version") } ?? "/version"
        return try await get(path)
    }

    /// `GET /cluster/status`, summarised (cluster name, quorum, online/offline nodes).
    public func clusterStatus() async throws -> PVEClusterStatus {
        PVEClusterStatus(entries: try await get("/cluster/status"))
    }

    /// `GET /cluster/resources[?type=…]`: every guest, node and storage of the cluster in one
    /// cheap call (refreshed by Proxmox about every 10 s).
    public func clusterResources(type: PVEResourceType? = nil) async throws -> [PVEResource] {
        try await get("/cluster/resources", query: type.map { [("type", $0.rawValue)] } ?? [])
    }

    /// `GET /storage`: the datacenter storage configuration.
    public func storageConfig() async throws -> [PVEStorageConfig] {
        try await get("/storage")
    }

    /// `GET /cluster/options` (the datacenter options; without `Sys.Audit` on `/` not all).
    public func clusterOptions() async throws -> PVEClusterOptions {
        try await get("/cluster/options")
    }

    /// `GET /cluster/ha/resources`.
    public func haResources() async throws -> [PVEHAResource] {
        try await get("/cluster/ha/resources")
    }

    /// `GET /cluster/ha/rules` (PVE 9: node and resource affinity rules).
    public func haRules() async throws -> [PVEHARule] {
        try await get("/cluster/ha/rules")
    }

    /// `GET /cluster/ha/groups` (PVE 8; replaced by rules in PVE 9).
    public func haGroups() async throws -> [PVEHAGroup] {
        try await get("/cluster/ha/groups")
    }

    /// The HA placement rules: `/cluster/ha/rules` where Proxmox has them (PVE 9), else the HA
    /// groups with the resources' `group` (PVE 8 answers 501 for rules).
    public func haPlacementRules() async throws -> HARules {
        do {
            return HARules(pveRules: try await haRules())
        } catch let error as PVEError where error.kind == .notImplemented {
            async let groups = haGroups()
            async let resources = haResources()
            return HARules(pveGroups: try await groups, resources: try await resources)
        }
    }

    /// `GET /cluster/ha/status/current` (quorum, master, LRMs incl. maintenance mode, services).
    public func haStatus() async throws -> [PVEHAStatusEntry] {
        try await get("/cluster/ha/status/current")
    }

    /// `GET /cluster/ha/status/manager_status`.
    public func haManagerStatus() async throws -> PVEHAManagerStatus {
        try await get("/cluster/ha/status/manager_status")
    }
}
