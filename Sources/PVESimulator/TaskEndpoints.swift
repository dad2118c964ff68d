import Foundation

extension SimulatorCore {
    /// The task a `/nodes/{n}/tasks/{upid}/…` call addresses (it must live on that node).
    func task(upid: String, node: Int) throws -> Int {
        guard SimTask.node(ofUPID: upid) != nil else {
            throw APIError.parameters(["upid": "unable to parse worker upid '\(upid)'"])
        }
        guard let index = taskByUPID[upid], tasks[index].node == node else {
            throw APIError.parameters(["upid": "no such task"])
        }
        return index
    }

    /// `GET /nodes/{n}/tasks/{upid}/status` (no endtime; exitstatus once stopped).
    func taskStatus(_ index: Int, now: Double) -> SimResponse {
        let task = tasks[index]
        return APIResponse.data { json in
            json.beginObject()
            writeTaskIdentity(&json, task)
            if let token = task.tokenID { json.field("tokenid", token) }
            if task.isRunning(at: now) {
                json.field("status", "running")
            } else {
                json.field("status", "stopped")
                json.field("exitstatus", task.exitStatus)
            }
            json.endObject()
        }
    }

    /// `DELETE /nodes/{n}/tasks/{upid}`: stops a running task (a migration aborts, the guest
    /// stays on its source); a finished task is left as it is. Answers `null` either way.
    mutating func stopTask(_ index: Int, at now: Double) -> SimResponse {
        if tasks[index].isRunning(at: now) {
            abortTask(index, at: now, reason: "interrupted by signal")
            revision += 1
        }
        return APIResponse.data { $0.null() }
    }

    /// `GET /nodes/{n}/tasks/{upid}/log?start=&limit=`: `[{n, t}]` plus `total`.
    func taskLog(_ index: Int, parameters: RequestParameters, now: Double) throws -> SimResponse {
        let start = try parameters.int("start", minimum: 0) ?? 0
        let limit = try parameters.int("limit", minimum: 0) ?? 50
        var lines = tasks[index].visibleLines(at: now).map(\.text)
        if lines.isEmpty { lines = ["no content"] }
        let end = limit == 0 ? lines.count : min(lines.count, start + limit)
        return APIResponse.data(total: lines.count) { json in
            json.beginArray()
            if start < end {
                for number in start..<end {
                    json.beginObject()
                    json.field("n", number + 1)
                    json.field("t", lines[number])
                    json.endObject()
                }
            }
            json.endArray()
        }
    }

    /// `GET /nodes/{n}/tasks`: newest first with Proxmox's filters; running tasks lack status/endtime.
    func nodeTasks(node: Int, parameters: RequestParameters, now: Double) throws -> SimResponse {
        let start = try parameters.int("start", minimum: 0) ?? 0
        let limit = try parameters.int("limit", minimum: 0) ?? 50
        let vmid = try parameters.int("vmid")
        let typeFilter = parameters.string("typefilter")
        let userFilter = parameters.string("userfilter")
        let errorsOnly = try parameters.bool("errors") ?? false
        let source = try parameters.choice("source", ["archive", "active", "all"]) ?? "all"
        let since = try parameters.int("since")
        let until = try parameters.int("until")
        let statusFilter = parameters.string("statusfilter")?.split(separator: ",").map { $0.lowercased() }

        let matching = tasks.indices.reversed().filter { index in
            let task = tasks[index]
            let running = task.isRunning(at: now)
            guard task.node == node, task.start <= now else { return false }
            if source == "archive" && running || source == "active" && !running { return false }
            if let vmid, task.id != String(vmid) { return false }
            if let typeFilter, task.type != typeFilter { return false }
            if let userFilter, !task.user.contains(userFilter) { return false }
            if errorsOnly && (running || task.exitStatus == "OK") { return false }
            if let since, task.starttime < since { return false }
            if let until, task.starttime > until { return false }
            if let statusFilter {
                let status = running ? "active" : (task.exitStatus == "OK" ? "ok" : (task.exitStatus.hasPrefix("WARNINGS") ? "warning" : "error"))
                if !statusFilter.contains(status) { return false }
            }
            return true
        }
        let page = matching.dropFirst(start).prefix(limit == 0 ? Int.max : limit)
        return APIResponse.data(total: matching.count) { json in
            json.beginArray()
            for index in page { writeTaskListEntry(&json, tasks[index], now: now, saved: nil) }
            json.endArray()
        }
    }

    /// `GET /cluster/tasks`: recent tasks of every node, with `saved`.
    func clusterTasks(now: Double) -> SimResponse {
        APIResponse.data { json in
            json.beginArray()
            for task in tasks.reversed().prefix(500) where task.start <= now {
                writeTaskListEntry(&json, task, now: now, saved: !task.isRunning(at: now))
            }
            json.endArray()
        }
    }

    private func writeTaskIdentity(_ json: inout JSONWriter, _ task: SimTask) {
        json.field("upid", task.upid)
        json.field("node", model.nodes[task.node].name)
        json.field("pid", task.pid)
        json.field("pstart", task.pstart)
        json.field("starttime", task.starttime)
        json.field("type", task.type)
        json.field("id", task.id)
        json.field("user", task.userWithoutToken)
    }

    private func writeTaskListEntry(_ json: inout JSONWriter, _ task: SimTask, now: Double, saved: Bool?) {
        json.beginObject()
        writeTaskIdentity(&json, task)
        if !task.isRunning(at: now) {
            json.field("endtime", task.endtime)
            json.field("status", task.exitStatus)
        }
        if let saved { json.field("saved", saved ? "1" : "0") }
        json.endObject()
    }
}
