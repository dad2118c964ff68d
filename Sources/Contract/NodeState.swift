import Foundation

/// One node in a `ClusterSnapshot`.
public struct NodeState: Codable, Sendable, Equatable {
    public var name: String
    /// `online`, `offline` or `unknown`.
    public var status: String
    /// In Proxmox HA maintenance mode (`ha-manager crm-command node-maintenance enable`).
    public var haMaintenance: Bool
    /// Share of all host threads busy, 0–100.
    public var cpuPct: Double?
    public var iowaitPct: Double?
    /// Load average 1/5/15 minutes.
    public var loadAverage: [Double]?
    /// Logical CPUs (threads).
    public var cpuThreads: Int?
    /// Physical cores summed over sockets.
    public var cpuCores: Int?
    public var cpuModel: String?
    public var memoryUsedBytes: Int64?
    public var memoryTotalBytes: Int64?
    public var memoryPct: Double?
    /// Sum of the maximum memory of the guests placed here (templates excluded).
    public var committedMemoryBytes: Int64
    /// `committedMemoryBytes / memoryTotalBytes`; above 1 the node is overcommitted.
    public var overcommitRatio: Double?
    /// Host cores the running guests use right now (Σ guest cpu × vCPUs).
    public var guestCpuCores: Double
    public var guestsRunning: Int
    public var guestsTotal: Int
    /// Storage ids usable on this node (active and enabled).
    public var storages: [String]
    public var uptimeSeconds: Int64?
    public var pveVersion: String?
    /// RRD averages and maxima; `nil` when the node's RRD could not be read.
    public var history: NodeHistory?

    public init(
        name: String, status: String, haMaintenance: Bool = false, cpuPct: Double? = nil, iowaitPct: Double? = nil,
        loadAverage: [Double]? = nil, cpuThreads: Int? = nil, cpuCores: Int? = nil, cpuModel: String? = nil,
        memoryUsedBytes: Int64? = nil, memoryTotalBytes: Int64? = nil, memoryPct: Double? = nil,
        committedMemoryBytes: Int64 = 0, overcommitRatio: Double? = nil, guestCpuCores: Double = 0,
        guestsRunning: Int = 0, guestsTotal: Int = 0, storages: [String] = [], uptimeSeconds: Int64? = nil,
        pveVersion: String? = nil, history: NodeHistory? = nil
    ) {
        self.name = name
        self.status = status
        self.haMaintenance = haMaintenance
        self.cpuPct = cpuPct
        self.iowaitPct = iowaitPct
        self.loadAverage = loadAverage
        self.cpuThreads = cpuThreads
        self.cpuCores = cpuCores
        self.cpuModel = cpuModel
        self.memoryUsedBytes = memoryUsedBytes
        self.memoryTotalBytes = memoryTotalBytes
        self.memoryPct = memoryPct
        self.committedMemoryBytes = committedMemoryBytes
        self.overcommitRatio = overcommitRatio
        self.guestCpuCores = guestCpuCores
        self.guestsRunning = guestsRunning
        self.guestsTotal = guestsTotal
        self.storages = storages
        self.uptimeSeconds = uptimeSeconds
        self.pveVersion = pveVersion
        self.history = history
    }

    /// Whether the node answers and can run guests.
    public var isOnline: Bool { status == "online" }
}

/// One storage as seen across the cluster (shared storages appear once).
public struct StorageState: Codable, Sendable, Equatable {
    public var id: String
    public var type: String?
    public var shared: Bool
    /// Proxmox content types, e.g. `images`, `rootdir`.
    public var content: [String]
    /// Nodes where the storage is available.
    public var nodes: [String]
    public var totalBytes: Int64?
    public var usedBytes: Int64?

    public init(
        id: String, type: String? = nil, shared: Bool, content: [String] = [], nodes: [String],
        totalBytes: Int64? = nil, usedBytes: Int64? = nil
    ) {
        self.id = id
        self.type = type
        self.shared = shared
        self.content = content
        self.nodes = nodes
        self.totalBytes = totalBytes
        self.usedBytes = usedBytes
    }
}
