/// The hard rule that keeps a bundle off a target (kept small; words only when a skip is explained).
enum TargetRule: Sendable, Equatable {
    /// Offline, in maintenance or without metrics (`PlanningNode.targetBlocker` says which).
    case unavailable
    /// The target lacks a storage the guests use.
    case storage
    /// A Proxmox HA node affinity rule keeps a member off the target.
    case haNodeAffinity
    /// The target runs a guest of this anti-affinity group id.
    case antiAffinity(Int)
    /// The guests' max memory does not fit under 95 % of the target's memory.
    case memoryCapacity
}
