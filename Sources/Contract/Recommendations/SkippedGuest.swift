import Foundation

/// A guest that was considered and not recommended, and why ("why not?").
public struct SkippedGuest: Codable, Sendable, Equatable {
    public var vmid: Int
    public var name: String?
    public var type: GuestType
    public var node: String
    public var reason: SkipReason
    /// One sentence with the facts, e.g. "Best target pve5 would improve the score by 7 (minimum 15)".
    public var detail: String
    /// The best target there was, when one was found.
    public var bestTarget: String?
    /// Its score improvement, when a target was found.
    public var improvement: Double?
    /// Targets ruled out by a hard rule, with the rule.
    public var disqualified: [TargetDisqualification]

    public init(
        vmid: Int, name: String?, type: GuestType, node: String, reason: SkipReason, detail: String,
        bestTarget: String? = nil, improvement: Double? = nil, disqualified: [TargetDisqualification] = []
    ) {
        self.vmid = vmid
        self.name = name
        self.type = type
        self.node = node
        self.reason = reason
        self.detail = detail
        self.bestTarget = bestTarget
        self.improvement = improvement
        self.disqualified = disqualified
    }
}

/// Why a guest is not recommended: the skip reasons below, plus `rule_<name>` for hard rules.
public enum SkipReason: String, Codable, Sendable, CaseIterable {
    case hasIgnoreTag = "has_ignore_tag"
    case haManaged = "ha_managed"
    case stopped
    case passthroughDisk = "passthrough_disk"
    case unsharedBindMount = "unshared_bind_mount"
    case seasonalBaseline = "seasonal_baseline"
    /// The guest's node is healthy (memory under the floor and CPU under its threshold).
    case sourceMemoryHealthy = "source_memory_healthy"
    case insufficientImprovement = "insufficient_improvement"
    case noSuitableTarget = "no_suitable_target"
    /// Moving it would not lower the cluster's imbalance once the earlier moves are counted.
    case noBalanceGain = "no_balance_gain"
    /// The plan reached `max_moves_per_plan`.
    case planCapReached = "plan_cap_reached"
    case ruleTemplate = "rule_template"
    /// Proxmox holds a lock on it (migration, backup, snapshot…).
    case ruleLocked = "rule_locked"
    /// Its configuration could not be read, so storages and devices are unknown.
    case ruleConfigUnknown = "rule_config_unknown"
    /// An `affinity_<group>` companion cannot follow, so the group stays together.
    case ruleAffinity = "rule_affinity"
    /// Its move's confidence is under `min_confidence` (or it depends on such a move).
    case lowConfidence = "low_confidence"
    /// `protect_running_workloads` is on and the guest is in its own daily or weekly CPU peak.
    case inPeak = "in_peak"
}

/// A target node a guest may not move to, and the rule that says so.
public struct TargetDisqualification: Codable, Sendable, Equatable {
    public var node: String
    /// `rule_offline`, `rule_maintenance`, `rule_no_metrics`, `rule_anti_affinity`, `rule_storage`,
    /// `rule_memory_capacity`, or `rule_under_pressure` (the node is itself over a threshold, so
    /// relief sends it nothing).
    public var rule: String
    public var detail: String

    public init(node: String, rule: String, detail: String) {
        self.node = node
        self.rule = rule
        self.detail = detail
    }
}
