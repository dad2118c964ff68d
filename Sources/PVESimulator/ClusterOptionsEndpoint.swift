extension SimulatorCore {
    /// `GET /cluster/options`: a few datacenter options, with `bwlimit` when the scenario sets one.
    func clusterOptions() -> SimResponse {
        APIResponse.data { json in
            json.beginObject()
            json.field("keyboard", "en-us")
            if let limit = model.scenario.migration.bwlimitKiBs {
                json.field("bwlimit", "migration=\(Int(limit.rounded()))")
            }
            json.endObject()
        }
    }
}
