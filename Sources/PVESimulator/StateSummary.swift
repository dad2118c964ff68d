import Foundation

extension SimulatorCore {
    /// JSON for `GET /simulator/state`: per-node guest counts and load, running tasks, faults.
    func stateSummary(at now: Double) -> Data {
        var json = JSONWriter(capacity: 4_096)
        json.beginObject()
        json.field("time", Int(now.rounded(.down)))
        json.field("cluster", model.scenario.cluster)
        json.field("quorate", flag: isQuorate)
        json.key("nodes")
        json.beginArray()
        for node in model.nodes {
            let onNode = guestsOnNode[node.index]
            let sample = sample(node: node.index, at: now)
            json.beginObject()
            json.field("name", node.name)
            json.field("online", flag: !isOffline(node.index))
            json.field("guests", onNode.count)
            json.field("running", onNode.filter { guests[$0].status.hasProcess }.count)
            json.field("cpu_percent", (sample.cpu * 1000).rounded() / 10)
            json.field("mem_percent", (Double(sample.mem) / Double(node.memTotal) * 1000).rounded() / 10)
            json.endObject()
        }
        json.endArray()
        json.key("tasks")
        json.beginArray()
        for task in tasks where task.isRunning(at: now) && task.start <= now {
            json.beginObject()
            json.field("upid", task.upid)
            json.field("type", task.type)
            json.field("id", task.id)
            json.field("node", model.nodes[task.node].name)
            if let job = task.migration { json.field("target", model.nodes[job.target].name) }
            json.field("starttime", task.starttime)
            json.endObject()
        }
        json.endArray()
        json.key("pending_ha_migrations")
        json.int(pendingHA.count)
        json.key("faults")
        json.beginObject()
        json.field("latency_ms", faults.latencyMs)
        json.field("error_rate", faults.errorRate)
        json.key("offline_nodes")
        json.stringArray(faults.offlineNodes)
        if let quorate = faults.quorate { json.field("quorate", flag: quorate) }
        json.key("fail_migrations")
        json.beginArray()
        for vmid in faults.failMigrations { json.int(vmid) }
        json.endArray()
        json.field("migrate_answer_delay_ms", faults.migrateAnswerDelayMs)
        json.key("lose_migrate_answers")
        json.beginArray()
        for vmid in faults.loseMigrateAnswers { json.int(vmid) }
        json.endArray()
        json.field("fail_next_calls", faults.failNextCalls)
        json.endObject()
        json.endObject()
        return json.data
    }
}
