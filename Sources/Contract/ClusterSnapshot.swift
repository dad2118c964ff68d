import Foundation

/// One consistent picture of a Proxmox cluster, published retained on `{b}/cluster/state`
/// by the collector once per cycle.
///
/// Units: percentages 0–100 (`…Pct`), bytes (`…Bytes`), bytes per second (`…Bps`).
public struct ClusterSnapshot: Codable, Sendable, Equatable, LargeMessage {
    public var v: Int = 1
    /// The cluster id used in topics.
    public var cluster: String
    /// When the collection cycle finished.
    public var collectedAt: Date
    public var collection: CollectionInfo
    public var quorum: QuorumState
    /// `pve-manager` version of the answering node, e.g. `8.4.14`.
    public var pveVersion: String?
    public var nodes: [NodeState]
    public var guests: [GuestState]
    public var storages: [StorageState]
    /// Proxmox HA placement rules; `nil` when they could not be read.
    public var haRules: HARules?
    /// The datacenter's bandwidth limit on migrations (`bwlimit` `migration`, else `default`),
    /// bytes per second; `nil` when none is set or it could not be read.
    public var migrationLimitBps: Double?

    public init(
        cluster: String, collectedAt: Date, collection: CollectionInfo, quorum: QuorumState, pveVersion: String?,
        nodes: [NodeState], guests: [GuestState], storages: [StorageState], haRules: HARules? = nil,
        migrationLimitBps: Double? = nil
    ) {
        self.cluster = cluster
        self.collectedAt = collectedAt
        self.collection = collection
        self.quorum = quorum
        self.pveVersion = pveVersion
        self.nodes = nodes
        self.guests = guests
        self.storages = storages
        self.haRules = haRules
        self.migrationLimitBps = migrationLimitBps
    }
}

/// How the snapshot was collected, and what went wrong while doing it.
public struct CollectionInfo: Codable, Sendable, Equatable {
    /// Monotonic cycle counter since the collector started.
    public var cycle: Int
    public var durationMs: Double
    /// The configured interval, so consumers can tell a stale snapshot.
    public var intervalSeconds: Double
    /// Number of Proxmox API calls made in this cycle.
    public var apiCalls: Int
    /// Parts of the snapshot that could not be read; the rest is still valid.
    public var errors: [CollectionError]

    public init(cycle: Int, durationMs: Double, intervalSeconds: Double, apiCalls: Int, errors: [CollectionError]) {
        self.cycle = cycle
        self.durationMs = durationMs
        self.intervalSeconds = intervalSeconds
        self.apiCalls = apiCalls
        self.errors = errors
    }
}

/// One endpoint that failed during a collection cycle.
public struct CollectionError: Codable, Sendable, Equatable, Error {
    /// API path that failed, e.g. `/nodes/pve3/status`.
    public var endpoint: String
    /// Node concerned, when the call was about one node.
    public var node: String?
    /// HTTP status, when there was an answer.
    public var status: Int?
    /// One-line explanation.
    public var message: String

    public init(endpoint: String, node: String? = nil, status: Int? = nil, message: String) {
        self.endpoint = endpoint
        self.node = node
        self.status = status
        self.message = message
    }
}

/// Corosync quorum as Proxmox reports it.
public struct QuorumState: Codable, Sendable, Equatable {
    public var quorate: Bool
    public var nodesOnline: Int
    public var nodesTotal: Int

    public init(quorate: Bool, nodesOnline: Int, nodesTotal: Int) {
        self.quorate = quorate
        self.nodesOnline = nodesOnline
        self.nodesTotal = nodesTotal
    }
}

/// Average and maximum of one metric over the last hour, day and week (from Proxmox RRD).
public struct MetricHistory: Codable, Sendable, Equatable {
    public var lastHour: WindowStats?
    public var lastDay: WindowStats?
    public var lastWeek: WindowStats?

    public init(lastHour: WindowStats? = nil, lastDay: WindowStats? = nil, lastWeek: WindowStats? = nil) {
        self.lastHour = lastHour
        self.lastDay = lastDay
        self.lastWeek = lastWeek
    }
}

/// Average and maximum over one window, with how many RRD points they come from.
public struct WindowStats: Codable, Sendable, Equatable {
    public var avg: Double
    public var max: Double
    public var samples: Int

    public init(avg: Double, max: Double, samples: Int) {
        self.avg = avg
        self.max = max
        self.samples = samples
    }
}

/// History of a node's main metrics, from its RRD.
public struct NodeHistory: Codable, Sendable, Equatable {
    public var cpuPct: MetricHistory
    public var memoryPct: MetricHistory
    public var iowaitPct: MetricHistory
    public var load1: MetricHistory

    public init(cpuPct: MetricHistory, memoryPct: MetricHistory, iowaitPct: MetricHistory, load1: MetricHistory) {
        self.cpuPct = cpuPct
        self.memoryPct = memoryPct
        self.iowaitPct = iowaitPct
        self.load1 = load1
    }
}
