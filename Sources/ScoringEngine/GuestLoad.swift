public import Contract

/// The scoring view of one guest (or of several moving together): what it adds to a node.
public struct GuestLoad: Sendable, Equatable {
    /// Host cores in use right now (`GuestState.cpuCores`).
    public var cpuCores: Double
    public var memoryUsedBytes: Int64
    /// Allotted memory, what the guest commits on its node.
    public var memoryMaxBytes: Int64
    /// Disk read + write, bytes per second (0 when unknown).
    public var diskBps: Double

    public init(cpuCores: Double, memoryUsedBytes: Int64, memoryMaxBytes: Int64, diskBps: Double = 0) {
        self.cpuCores = cpuCores
        self.memoryUsedBytes = memoryUsedBytes
        self.memoryMaxBytes = memoryMaxBytes
        self.diskBps = diskBps
    }

    /// The load of a guest from the snapshot. A guest that is not running uses no CPU, memory or
    /// disk; it still commits its maximum memory (it may be started at any time).
    public init(_ guest: GuestState) {
        let running = guest.isRunning
        self.init(
            cpuCores: running ? guest.cpuCores : 0, memoryUsedBytes: running ? guest.memoryUsedBytes : 0,
            memoryMaxBytes: guest.memoryMaxBytes,
            diskBps: running ? (guest.diskReadBps ?? 0) + (guest.diskWriteBps ?? 0) : 0)
    }

    /// No load at all.
    public static let zero = GuestLoad(cpuCores: 0, memoryUsedBytes: 0, memoryMaxBytes: 0)

    /// The combined load of `loads`.
    public static func sum(_ loads: [GuestLoad]) -> GuestLoad {
        loads.reduce(.zero) { $0 + $1 }
    }

    public static func + (a: GuestLoad, b: GuestLoad) -> GuestLoad {
        GuestLoad(
            cpuCores: a.cpuCores + b.cpuCores, memoryUsedBytes: a.memoryUsedBytes + b.memoryUsedBytes,
            memoryMaxBytes: a.memoryMaxBytes + b.memoryMaxBytes, diskBps: a.diskBps + b.diskBps)
    }

    /// IOWait points this load adds to a node, 5 per 100 MB/s, at most 20.
    public var iowaitImpactPct: Double { min(diskBps / 1_000_000 / 100 * 5, 20) }
}
