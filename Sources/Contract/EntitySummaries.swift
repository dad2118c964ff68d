import Foundation

/// Flat state of one node on `{b}/nodes/<node>`, for dashboards (Home Assistant, Node-RED);
/// percentages rounded to 0.1, ratios and load to 0.01.
public struct NodeSummary: Codable, Sendable, Equatable {
    public var v: Int = 1
    public var cluster: String
    public var name: String
    public var status: String
    public var haMaintenance: Bool
    public var cpuPct: Double?
    public var iowaitPct: Double?
    public var load1: Double?
    public var memoryPct: Double?
    public var memoryUsedBytes: Int64?
    public var memoryTotalBytes: Int64?
    public var committedMemoryBytes: Int64
    public var overcommitRatio: Double?
    public var guestsRunning: Int
    public var guestsTotal: Int
    public var cpuAvgDayPct: Double?
    public var cpuMaxDayPct: Double?
    public var cpuAvgWeekPct: Double?
    public var memoryAvgDayPct: Double?
    public var updatedAt: Date

    /// The flat view of `node` in a snapshot of `cluster` taken at `updatedAt`.
    public init(_ node: NodeState, cluster: String, updatedAt: Date) {
        self.cluster = cluster
        name = node.name
        status = node.status
        haMaintenance = node.haMaintenance
        cpuPct = node.cpuPct.map { Rounding.round($0) }
        iowaitPct = node.iowaitPct.map { Rounding.round($0) }
        load1 = node.loadAverage?.first.map { Rounding.round($0, 2) }
        memoryPct = node.memoryPct.map { Rounding.round($0) }
        memoryUsedBytes = node.memoryUsedBytes
        memoryTotalBytes = node.memoryTotalBytes
        committedMemoryBytes = node.committedMemoryBytes
        overcommitRatio = node.overcommitRatio.map { Rounding.round($0, 2) }
        guestsRunning = node.guestsRunning
        guestsTotal = node.guestsTotal
        cpuAvgDayPct = (node.history?.cpuPct.lastDay?.avg).map { Rounding.round($0) }
        cpuMaxDayPct = (node.history?.cpuPct.lastDay?.max).map { Rounding.round($0) }
        cpuAvgWeekPct = (node.history?.cpuPct.lastWeek?.avg).map { Rounding.round($0) }
        memoryAvgDayPct = (node.history?.memoryPct.lastDay?.avg).map { Rounding.round($0) }
        self.updatedAt = updatedAt
    }
}

/// Flat state of one guest on `{b}/guests/<vmid>`, for dashboards; percentages rounded to 0.1,
/// cores to 0.01, rates to whole bytes per second.
public struct GuestSummary: Codable, Sendable, Equatable {
    public var v: Int = 1
    public var cluster: String
    public var vmid: Int
    public var name: String?
    public var type: GuestType
    public var node: String
    public var status: String
    public var cpuPct: Double
    public var cpuCores: Double
    public var memoryUsedBytes: Int64
    public var memoryMaxBytes: Int64
    public var diskReadBps: Double?
    public var diskWriteBps: Double?
    public var netInBps: Double?
    public var netOutBps: Double?
    /// Proxmox tags, as in the snapshot.
    public var tags: [String]
    public var haManaged: Bool
    public var lock: String?
    public var updatedAt: Date

    /// The flat view of `guest` in a snapshot of `cluster` taken at `updatedAt`.
    public init(_ guest: GuestState, cluster: String, updatedAt: Date) {
        self.cluster = cluster
        vmid = guest.vmid
        name = guest.name
        type = guest.type
        node = guest.node
        status = guest.status
        cpuPct = Rounding.round(guest.cpuPct)
        cpuCores = Rounding.round(guest.cpuCores, 2)
        memoryUsedBytes = guest.memoryUsedBytes
        memoryMaxBytes = guest.memoryMaxBytes
        diskReadBps = guest.diskReadBps.map { $0.rounded() }
        diskWriteBps = guest.diskWriteBps.map { $0.rounded() }
        netInBps = guest.netInBps.map { $0.rounded() }
        netOutBps = guest.netOutBps.map { $0.rounded() }
        tags = guest.tags
        haManaged = guest.isHAManaged
        lock = guest.lock
        self.updatedAt = updatedAt
    }
}
