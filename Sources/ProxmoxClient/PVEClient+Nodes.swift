import ProxmoxAPI

extension PVEClient {
    /// `GET /nodes`.
    public func nodes() async throws -> [PVENodeListEntry] {
        try await get("/nodes")
    }

    /// `GET /nodes/{node}/status`.
    public func nodeStatus(_ node: String) async throws -> PVENodeStatus {
        try await get(PVEURLEncoding.path("nodes", node, "status"))
    }

    /// `GET /nodes/{node}/rrddata?timeframe=…&cf=…`, oldest point first.
    public func nodeRRD(
        _ node: String, timeframe: PVERRDTimeframe, cf: PVERRDConsolidation = .average
    ) async throws -> [PVENodeRRDPoint] {
        try await get(
            PVEURLEncoding.path("nodes", node, "rrddata"),
            query: [("timeframe", timeframe.rawValue), ("cf", cf.rawValue)])
    }

    /// `GET /nodes/{node}/storage`, optionally only enabled storages.
    public func nodeStorages(_ node: String, enabledOnly: Bool = false) async throws -> [PVENodeStorage] {
        try await get(PVEURLEncoding.path("nodes", node, "storage"), query: enabledOnly ? [("enabled", "1")] : [])
    }
}
