import Foundation

/// The answer to an `rrd` request: Proxmox's RRD points of one node or guest, oldest first, in
/// the contract's units (percentages 0–100, bytes, bytes per second). Each point is the
/// average (`cf` `AVERAGE`) or the maximum (`MAX`) over the step ending at `at`; a metric
/// Proxmox left undefined (a stopped guest, a gap) is absent.
public struct RRDSeries: Codable, Sendable, Equatable {
    public var node: String
    public var vmid: Int?
    public var timeframe: String
    public var cf: String
    public var points: [Point]

    public init(node: String, vmid: Int?, timeframe: String, cf: String, points: [Point]) {
        self.node = node
        self.vmid = vmid
        self.timeframe = timeframe
        self.cf = cf
        self.points = points
    }

    /// One RRD step. Nodes: CPU (share of all threads), memory, IO wait, 1-minute load and
    /// physical network rates; guests: CPU (share of their own vCPUs), memory and disk and
    /// network rates.
    public struct Point: Codable, Sendable, Equatable {
        public var at: Date
        public var cpuPct: Double?
        public var memoryUsedBytes: Double?
        public var memoryTotalBytes: Double?
        public var memoryPct: Double?
        public var iowaitPct: Double?
        public var load1: Double?
        public var diskReadBps: Double?
        public var diskWriteBps: Double?
        public var netInBps: Double?
        public var netOutBps: Double?

        public init(
            at: Date, cpuPct: Double? = nil, memoryUsedBytes: Double? = nil, memoryTotalBytes: Double? = nil, memoryPct: Double? = nil,
            iowaitPct: Double? = nil, load1: Double? = nil, diskReadBps: Double? = nil, diskWriteBps: Double? = nil,
            netInBps: Double? = nil, netOutBps: Double? = nil
        ) {
            self.at = at
            self.cpuPct = cpuPct
            self.memoryUsedBytes = memoryUsedBytes
            self.memoryTotalBytes = memoryTotalBytes
            self.memoryPct = memoryPct
            self.iowaitPct = iowaitPct
            self.load1 = load1
            self.diskReadBps = diskReadBps
            self.diskWriteBps = diskWriteBps
            self.netInBps = netInBps
            self.netOutBps = netOutBps
        }
    }
}
