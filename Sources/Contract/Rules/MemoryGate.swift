/// The hard can-it-fit rule, one definition for the planner and the executor's validation: a
/// node accepts a guest only if the memory committed to it plus the guest's maximum memory stays
/// within `usablePercent` of its physical memory (the rest is left to the host).
///
/// Committed memory is the maximum memory of every guest that holds a place on the node
/// (`Placement`: running or stopped, templates excluded). A stopped guest counts because it can be
/// started at any time (by HA, at boot, by an admin) and then needs its memory: a move that fits
/// only while it is stopped is refused.
public enum MemoryGate {
    /// Percentage of a node's memory guests may commit.
    public static let usablePercent: Double = 95

    /// The committed memory of a node from its guests' maximum memory and template flags.
    public static func committedBytes(_ guests: some Sequence<(maxMemoryBytes: Int64, template: Bool)>) -> Int64 {
        guests.reduce(Int64(0)) { total, guest in Placement.occupies(template: guest.template) ? total + max(0, guest.maxMemoryBytes) : total }
    }

    /// The committed memory of a node, in % of its memory, once a guest of `guestMaxBytes`
    /// arrives; `nil` when the node's memory is unknown.
    public static func committedPercent(adding guestMaxBytes: Int64, to committedBytes: Int64, totalBytes: Int64) -> Double? {
        guard totalBytes > 0 else { return nil }
        return (Double(committedBytes) + Double(guestMaxBytes)) * 100 / Double(totalBytes)
    }

    /// Whether a guest of `guestMaxBytes` fits on a node with `committedBytes` of `totalBytes`
    /// committed (planned arrivals included by the caller). A node of unknown memory fits nothing.
    public static func fits(_ guestMaxBytes: Int64, committedBytes: Int64, totalBytes: Int64) -> Bool {
        guard totalBytes > 0 else { return false }
        // Compared as committed × 100 ≤ 95 × total so the 95 % edge is exact in binary floating point.
        return (Double(committedBytes) + Double(guestMaxBytes)) * 100 <= usablePercent * Double(totalBytes)
    }
}
