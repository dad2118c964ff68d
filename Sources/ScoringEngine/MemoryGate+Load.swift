import Contract

extension MemoryGate {
    /// Whether `load` fits on `target`, whose committed memory already counts the planned arrivals.
    public static func fits(_ load: GuestLoad, on target: NodeLoad) -> Bool {
        fits(load.memoryMaxBytes, committedBytes: target.committedMemoryBytes, totalBytes: target.memoryTotalBytes)
    }
}
