/// The hard can-it-fit check of seed 004: a target accepts a guest only if its committed memory,
/// plus what is already planned to arrive, plus the guest's max memory stays within 95 % of its
/// physical memory (5 % is left to the host).
public enum MemoryGate {
    /// Percentage of a node's memory guests may commit.
    public static let usablePercent: Double = 95

    /// Whether `load` fits on `target`, whose committed memory already counts the planned arrivals.
    public static func fits(_ load: GuestLoad, on target: NodeLoad) -> Bool {
        let committed = Double(target.committedMemoryBytes) + Double(load.memoryMaxBytes)
        // Compared as committed × 100 ≤ 95 × total so the 95 % edge is exact in binary floating point.
        return committed * 100 <= usablePercent * Double(target.memoryTotalBytes)
    }
}
