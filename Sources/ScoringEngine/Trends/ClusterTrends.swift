/// A node's CPU and memory trends.
public struct NodeTrends: Codable, Sendable, Equatable {
    public var cpu: MetricTrend?
    public var memory: MetricTrend?

    public init(cpu: MetricTrend?, memory: MetricTrend?) {
        self.cpu = cpu
        self.memory = memory
    }
}

/// The trends a plan is made with: per node (by name) and per guest (by VMID); empty without history.
public struct ClusterTrends: Sendable, Equatable {
    public var nodes: [String: NodeTrends]
    public var guests: [Int: GuestTrend]

    public init(nodes: [String: NodeTrends] = [:], guests: [Int: GuestTrend] = [:]) {
        self.nodes = nodes
        self.guests = guests
    }

    /// How far ahead a threshold crossing gives a forecast and the `trending_toward_overload` state.
    public static let horizonHours = 48.0

    /// `node`'s state: the worst of its CPU state (against `cpu_threshold`) and its memory state
    /// (against `mem_threshold`); `nil` without trends.
    public func state(of node: String, _ c: PenaltyConfiguration) -> NodeTrendState? {
        guard let trends = nodes[node] else { return nil }
        let states = [
            trends.cpu.map { NodeTrendState.of($0, threshold: c.cpuThreshold, horizonHours: Self.horizonHours) },
            trends.memory.map { NodeTrendState.of($0, threshold: c.memThreshold, horizonHours: Self.horizonHours) },
        ].compactMap { $0 }
        return states.max { $0.urgencyRank < $1.urgencyRank }
    }
}
