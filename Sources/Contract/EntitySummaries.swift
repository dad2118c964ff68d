import Foundation

/// Flat state of one node on `{b}/nodes/<node>`, for dashboards (Home Assistant, Node-RED).
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
        cpuPct = node.cpuPct
        iowaitPct = node.iowaitPct
        load1 = node.loadAverage?.first
        memoryPct = node.memoryPct
        memoryUsedBytes = node.memoryUsedBytes
        memoryTotalBytes = node.memoryTotalBytes
        committedMemoryBytes = node.committedMemoryBytes
        overcommitRatio = node.overcommitRatio
        guestsRunning = node.guestsRunning
        guestsTotal = node.guestsTotal
        cpuAvgDayPct = node.history?.cpuPct.lastDay?.avg
        cpuMaxDayPct = node.history?.cpuPct.lastDay?.max
        cpuAvgWeekPct = node.history?.cpuPct.lastWeek?.avg
        memoryAvgDayPct = node.history?.memoryPct.lastDay?.avg
        self.updatedAt = updatedAt
    }
}

/// Flat state of one guest on `{b}/guests/<vmid>`, for dashboards.
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
    /// Tags joined with `;` as Proxmox shows them.
    public var tags: String
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
        cpuPct = guest.cpuPct
        cpuCores = guest.cpuCores
        memoryUsedBytes = guest.memoryUsedBytes
        memoryMaxBytes = guest.memoryMaxBytes
        diskReadBps = guest.diskReadBps
        diskWriteBps = guest.diskWriteBps
        netInBps = guest.netInBps
        netOutBps = guest.netOutBps
        tags = guest.tags.joined(separator: ";")
        haManaged = guest.ha != nil
        lock = guest.lock
        self.updatedAt = updatedAt
    }
}
