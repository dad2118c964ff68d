import Contract
import ProxmoxAPI
import ProxmoxClient

/// The per-node calls of one cycle: status and hour RRD always, day/week RRD when due.
struct NodeRead: Sendable {
    struct History: Sendable {
        var day: [PVENodeRRDPoint]
        var dayMax: [PVENodeRRDPoint]
        var week: [PVENodeRRDPoint]
        var weekMax: [PVENodeRRDPoint]
    }

    var node: String
    var status: PVENodeStatus?
    var hour: [PVENodeRRDPoint]?
    /// Present only when re-read this cycle and every part succeeded.
    var history: History?
    var errors: [CollectionError] = []
    var calls = 0

    /// Reads one node; failures become error entries.
    static func read(_ node: String, client: PVEClient, withHistory: Bool) async -> NodeRead {
        var result = NodeRead(node: node)
        let base = "/nodes/\(node)"
        async let status = ClusterReader.attempt("\(base)/status", node: node) { try await client.nodeStatus(node) }
        async let hour = ClusterReader.attempt("\(base)/rrddata?timeframe=hour", node: node) {
            try await client.nodeRRD(node, timeframe: .hour)
        }
        result.calls = 2
        if withHistory {
            async let day = rrd(client, node, .day, .average)
            async let dayMax = rrd(client, node, .day, .max)
            async let week = rrd(client, node, .week, .average)
            async let weekMax = rrd(client, node, .week, .max)
            let parts = await [day, dayMax, week, weekMax]
            result.calls += 4
            var series: [[PVENodeRRDPoint]] = []
            for part in parts {
                switch part {
                case .success(let points): series.append(points)
                case .failure(let error): result.errors.append(error)
                }
            }
            if series.count == 4 {
                result.history = History(day: series[0], dayMax: series[1], week: series[2], weekMax: series[3])
            }
        }
        switch await status {
        case .success(let value): result.status = value
        case .failure(let error): result.errors.append(error)
        }
        switch await hour {
        case .success(let value): result.hour = value
        case .failure(let error): result.errors.append(error)
        }
        return result
    }

    private static func rrd(
        _ client: PVEClient, _ node: String, _ timeframe: PVERRDTimeframe, _ cf: PVERRDConsolidation
    ) async -> Result<[PVENodeRRDPoint], CollectionError> {
        await ClusterReader.attempt("/nodes/\(node)/rrddata?timeframe=\(timeframe.rawValue)&cf=\(cf.rawValue)", node: node) {
            try await client.nodeRRD(node, timeframe: timeframe, cf: cf)
        }
    }
}
