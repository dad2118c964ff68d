import ProxmoxAPI

extension PVEClient {
    /// `GET /nodes/{upid.node}/tasks/{upid}/status`.
    public func taskStatus(_ upid: PVEUPID) async throws -> PVETaskStatus {
        try await get(PVEURLEncoding.path("nodes", upid.node, "tasks", upid.rawValue, "status"))
    }

    /// `GET /nodes/{upid.node}/tasks/{upid}/log?start=…&limit=…`. Page on with
    /// `start = log.nextStart(after: start)`; `limit: 0` returns every line.
    public func taskLog(_ upid: PVEUPID, start: Int = 0, limit: Int = 50) async throws -> PVETaskLog {
        let path = PVEURLEncoding.path("nodes", upid.node, "tasks", upid.rawValue, "log")
        let page = try await getPage(path, query: [("start", String(start)), ("limit", String(limit))], as: [PVEFields].self)
        return try convert(page, path: path) { try PVETaskLog(entries: $0.data, total: $0.total) }
    }

    /// `GET /cluster/tasks`: recent tasks of every node (lags ~10 s; running ones lack `status`).
    public func clusterTasks() async throws -> [PVETaskSummary] {
        try await get("/cluster/tasks")
    }

    /// `GET /nodes/{node}/tasks` with optional filters.
    public func nodeTasks(
        _ node: String, vmid: Int? = nil, typeFilter: String? = nil, source: PVETaskSource? = nil, limit: Int? = nil
    ) async throws -> [PVETaskSummary] {
        var query: [(name: String, value: String)] = []
        if let vmid { query.append(("vmid", String(vmid))) }
        if let typeFilter { query.append(("typefilter", typeFilter)) }
        if let source { query.append(("source", source.rawValue)) }
        if let limit { query.append(("limit", String(limit))) }
        return try await get(PVEURLEncoding.path("nodes", node, "tasks"), query: query)
    }
}

extension PVEClient {
    /// `DELETE /nodes/{upid.node}/tasks/{upid}`: stops a running task (a migration aborts and the
    /// guest stays on its source). Stopping a finished task does nothing.
    public func stopTask(_ upid: PVEUPID) async throws {
        let _: PVEValue? = try await delete(PVEURLEncoding.path("nodes", upid.node, "tasks", upid.rawValue))
    }
}
