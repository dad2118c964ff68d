public import Shared

/// The scoring view of one guest: what it adds to a node's CPU and memory.
public struct GuestLoad: Sendable, Equatable {
    public var vmid: Int
    /// Host cores in use right now (`GuestState.cpuCores`).
    public var cpuCores: Double
    public var memoryUsedBytes: Int64
    /// Allotted memory, what the guest commits on its node.
    public var memoryMaxBytes: Int64

    public init(vmid: Int, cpuCores: Double, memoryUsedBytes: Int64, memoryMaxBytes: Int64) {
        self.vmid = vmid
        self.cpuCores = cpuCores
        self.memoryUsedBytes = memoryUsedBytes
        self.memoryMaxBytes = memoryMaxBytes
    }

    /// The load of a guest from the snapshot.
    public init(_ guest: GuestState) {
        self.init(
            vmid: guest.vmid, cpuCores: guest.cpuCores, memoryUsedBytes: guest.memoryUsedBytes,
            memoryMaxBytes: guest.memoryMaxBytes)
    }
}
