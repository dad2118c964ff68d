import Foundation

/// One recommended migration with everything needed to judge it: why, how sure, how risky,
/// the scores of both nodes before and after, and the command an admin would type.
public struct Recommendation: Codable, Sendable, Equatable {
    /// Stable id of the move: `<vmid>:<source>:<target>`.
    public var id: String
    /// Position in the execution order, from 1.
    public var step: Int
    /// Steps that must complete first (a move that frees room on this move's target).
    public var dependsOn: [Int]
    public var vmid: Int
    public var name: String?
    public var type: GuestType
    public var source: String
    public var target: String
    public var kind: MoveKind
    public var urgency: Urgency
    /// Source score minus target score with the guest on it, given the earlier moves (the
    /// `min_score_improvement` gate).
    public var scoreImprovement: Double
    /// How much this move lowers the cluster's total imbalance (sum of node scores plus the
    /// spread term), given the earlier moves.
    public var balanceGain: Double
    public var reason: MigrationReason
    /// 0–100.
    public var confidence: Double
    public var confidenceFactors: ConfidenceFactors
    public var risk: MigrationRisk
    public var sourceBefore: ScoreBreakdown
    public var sourceAfter: ScoreBreakdown
    public var targetBefore: ScoreBreakdown
    public var targetAfter: ScoreBreakdown
    /// How the guest moves: `online` (a running VM), `restart` (a running container) or
    /// `offline` (a stopped guest, evacuated from a node in maintenance); `command` matches.
    public var mode: MigrationMode
    /// The CLI command for this move, e.g. `qm migrate 101 pve5 --online`.
    public var command: String
    /// `affinity_<group>` tag this move shares with its companions, if any.
    public var affinityGroup: String?
    /// Guest facts the executor needs to validate the move again.
    public var memoryMaxBytes: Int64
    public var cpuCores: Double
    public var storages: [String]
    public var haManaged: Bool
    /// The source, target and guest trends behind the move.
    public var trendEvidence: TrendEvidence?
    /// One or two sentences for a human: why this guest, from this source, to this target.
    public var decisionExplanation: String?

    public init(
        id: String, step: Int, dependsOn: [Int], vmid: Int, name: String?, type: GuestType, source: String,
        target: String, kind: MoveKind, urgency: Urgency, scoreImprovement: Double, balanceGain: Double,
        reason: MigrationReason, confidence: Double, confidenceFactors: ConfidenceFactors, risk: MigrationRisk,
        sourceBefore: ScoreBreakdown, sourceAfter: ScoreBreakdown, targetBefore: ScoreBreakdown,
        targetAfter: ScoreBreakdown, mode: MigrationMode, command: String, affinityGroup: String?, memoryMaxBytes: Int64, cpuCores: Double,
        storages: [String], haManaged: Bool
    ) {
        self.id = id
        self.step = step
        self.dependsOn = dependsOn
        self.vmid = vmid
        self.name = name
        self.type = type
        self.source = source
        self.target = target
        self.kind = kind
        self.urgency = urgency
        self.scoreImprovement = scoreImprovement
        self.balanceGain = balanceGain
        self.reason = reason
        self.confidence = confidence
        self.confidenceFactors = confidenceFactors
        self.risk = risk
        self.sourceBefore = sourceBefore
        self.sourceAfter = sourceAfter
        self.targetBefore = targetBefore
        self.targetAfter = targetAfter
        self.mode = mode
        self.command = command
        self.affinityGroup = affinityGroup
        self.memoryMaxBytes = memoryMaxBytes
        self.cpuCores = cpuCores
        self.storages = storages
        self.haManaged = haManaged
    }
}

/// Why a move is in the plan, by the phase that chose it.
public enum MoveKind: String, Codable, Sendable, CaseIterable {
    /// The source is in maintenance: every migratable guest leaves it.
    case maintenanceEvacuation = "maintenance_evacuation"
    /// The source is above its CPU, memory or sustained-IOWait threshold.
    case overloadRelief = "overload_relief"
    /// Guest counts differ by more than the distribution threshold (small guests only).
    case distributionBalancing = "distribution_balancing"
    /// Follows an `affinity_<group>` companion to its target.
    case affinityCompanion = "affinity_companion"
    /// Repairs a broken `exclude_<group>` or `affinity_<group>` placement.
    case ruleRepair = "rule_repair"
}

/// The structured reason of a move.
public struct MigrationReason: Codable, Sendable, Equatable {
    /// `maintenance`, `cpu_overload`, `memory_overload`, `iowait_relief`, `rule_repair`,
    /// `distribution_balancing`, `affinity`.
    public var primaryReason: String
    /// The same for a human, e.g. "High CPU on source node".
    public var primaryLabel: String
    public var contributingFactors: [ReasonFactor]
    /// One sentence: "VM 101 (web) should move from pve3 to pve5 because pve3 has high CPU (83 %) …".
    public var summary: String

    public init(primaryReason: String, primaryLabel: String, contributingFactors: [ReasonFactor], summary: String) {
        self.primaryReason = primaryReason
        self.primaryLabel = primaryLabel
        self.contributingFactors = contributingFactors
        self.summary = summary
    }
}

/// One measured fact behind a reason, e.g. `source_cpu` 83.2 "Source CPU at 83 %".
public struct ReasonFactor: Codable, Sendable, Equatable {
    public var factor: String
    public var value: Double
    /// `high`, `medium` or `low`: how much it weighed.
    public var weight: String
    public var label: String

    public init(factor: String, value: Double, weight: String, label: String) {
        self.factor = factor
        self.value = value
        self.weight = weight
        self.label = label
    }
}

/// The parts of a move's confidence, each 0–100 (weights 35/20/15/15/15 %).
public struct ConfidenceFactors: Codable, Sendable, Equatable {
    public var improvement: Double
    public var targetHeadroom: Double
    public var complexity: Double
    public var targetStability: Double
    /// Past outcomes of similar moves; 65 while there is no history.
    public var history: Double

    public init(improvement: Double, targetHeadroom: Double, complexity: Double, targetStability: Double, history: Double) {
        self.improvement = improvement
        self.targetHeadroom = targetHeadroom
        self.complexity = complexity
        self.targetStability = targetStability
        self.history = history
    }
}

/// How risky a move is: 0–100 with its level and parts.
public struct MigrationRisk: Codable, Sendable, Equatable {
    public var score: Double
    /// `low` (≤ 25), `moderate` (≤ 50), `high` (≤ 75), `very_high`.
    public var level: String
    /// Each part 0–100: `size`, `disk_io`, `storage`, `network`, `cluster_health`.
    public var factors: [String: Double]
    /// What makes it risky, for a human.
    public var notes: [String]

    public init(score: Double, level: String, factors: [String: Double], notes: [String]) {
        self.score = score
        self.level = level
        self.factors = factors
        self.notes = notes
    }
}
