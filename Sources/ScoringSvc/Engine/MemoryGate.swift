/// The hard can-it-fit check of seed 004: a target accepts a guest only if its committed memory,
/// plus what is already planned to arrive, plus the guest's max memory stays within 95 % of its
/// physical memory (5 % is left to the host).
public enum MemoryGate {
    /// Percentage of a node's memory guests may commit.
    public static let usablePercent: Double = 95

    /// Whether `guest` fits on `target` given the guests in `pending` already planned to arrive.
    public static func fits(guest: GuestLoad, target: NodeLoad, pending: [GuestLoad] = []) -> Bool {
        let committed =
            Double(target.committedMemoryBytes) + pending.reduce(0) { $0 + Double($1.memoryMaxBytes) }
            + Double(guest.memoryMaxBytes)
        // Compared as committed × 100 ≤ 95 × total so the 95 % edge is exact in binary floating point.
        return committed * 100 <= usablePercent * Double(target.memoryTotalBytes)
    }
}
