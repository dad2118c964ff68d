import Shared

/// Guests that move as one: a single guest, or the `affinity_<group>` companions on one node.
struct MoveBundle: Sendable {
    /// Indexes into the snapshot's guests; the largest (by memory) first.
    let guests: [Int]
    /// Index of the source node.
    let source: Int
    let load: GuestLoad
    let affinityGroup: String?
    /// `exclude_<group>` tags of any member.
    let antiAffinity: [String]
    let storages: Set<String>
    /// All members are small enough for distribution balancing.
    let small: Bool
}
