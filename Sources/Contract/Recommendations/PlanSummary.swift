import Foundation

/// The plan as a whole: cluster health now and after, per-node before → after, spread,
/// ordering, conflicts and capacity advisories.
public struct PlanSummary: Codable, Sendable, Equatable {
    /// 0–100, higher is healthier: 100 − (mean + highest) / 2 of the node health figures.
    public var clusterHealthBefore: Double
    public var clusterHealthAfter: Double
    public var urgency: Urgency
    /// True when the cluster needs no move.
    public var balanced: Bool
    public var nodes: [NodeForecast]
    /// Spread = max − min over online nodes that are not in maintenance.
    public var cpuSpreadBefore: Double
    public var cpuSpreadAfter: Double
    public var memorySpreadBefore: Double
    public var memorySpreadAfter: Double
    /// How much the larger of the two spreads shrinks, in % of its value before.
    public var spreadReductionPct: Double
    public var maxCpuPctBefore: Double
    public var maxCpuPctAfter: Double
    public var maxMemoryPctBefore: Double
    public var maxMemoryPctAfter: Double
    public var guestsConsidered: Int
    public var moves: Int
    /// Moves as a share of running guests, 0–100.
    public var guestsMovedPct: Double
    /// Targets pushed over a safety limit by the plan's combined arrivals; empty by construction.
    public var conflicts: [PlanConflict]
    public var executionOrder: [PlanStep]
    /// Steps that may run at the same time, in order.
    public var parallelGroups: [[Int]]
    public var advisories: [CapacityAdvisory]
    /// Present when the plan stopped at `max_moves_per_plan`: how many more moves the planner
    /// would make after this plan's to relieve every node under pressure (evacuation included)
    /// as far as the rules allow; 0 when the cap was reached with nothing left to relieve.
    public var remainingReliefMoves: Int?
    /// Anti-affinity and affinity rules the cluster broke before the plan, and whether it repairs them.
    public var ruleViolations: [RuleViolation]

    public init(
        clusterHealthBefore: Double, clusterHealthAfter: Double, urgency: Urgency, balanced: Bool,
        nodes: [NodeForecast], cpuSpreadBefore: Double, cpuSpreadAfter: Double, memorySpreadBefore: Double,
        memorySpreadAfter: Double, spreadReductionPct: Double, maxCpuPctBefore: Double, maxCpuPctAfter: Double,
        maxMemoryPctBefore: Double, maxMemoryPctAfter: Double, guestsConsidered: Int, moves: Int,
        guestsMovedPct: Double, conflicts: [PlanConflict], executionOrder: [PlanStep], parallelGroups: [[Int]],
        advisories: [CapacityAdvisory], remainingReliefMoves: Int? = nil, ruleViolations: [RuleViolation] = []
    ) {
        self.clusterHealthBefore = clusterHealthBefore
        self.clusterHealthAfter = clusterHealthAfter
        self.urgency = urgency
        self.balanced = balanced
        self.nodes = nodes
        self.cpuSpreadBefore = cpuSpreadBefore
        self.cpuSpreadAfter = cpuSpreadAfter
        self.memorySpreadBefore = memorySpreadBefore
        self.memorySpreadAfter = memorySpreadAfter
        self.spreadReductionPct = spreadReductionPct
        self.maxCpuPctBefore = maxCpuPctBefore
        self.maxCpuPctAfter = maxCpuPctAfter
        self.maxMemoryPctBefore = maxMemoryPctBefore
        self.maxMemoryPctAfter = maxMemoryPctAfter
        self.guestsConsidered = guestsConsidered
        self.moves = moves
        self.guestsMovedPct = guestsMovedPct
        self.conflicts = conflicts
        self.executionOrder = executionOrder
        self.parallelGroups = parallelGroups
        self.advisories = advisories
        self.remainingReliefMoves = remainingReliefMoves
        self.ruleViolations = ruleViolations
    }
}

/// One node before and after the plan.
public struct NodeForecast: Codable, Sendable, Equatable {
    public var node: String
    public var online: Bool
    public var maintenance: Bool
    public var cpuPctBefore: Double
    public var cpuPctAfter: Double
    public var memoryPctBefore: Double
    public var memoryPctAfter: Double
    public var guestsBefore: Int
    public var guestsAfter: Int
    public var scoreBefore: Double
    public var scoreAfter: Double

    public init(
        node: String, online: Bool, maintenance: Bool, cpuPctBefore: Double, cpuPctAfter: Double,
        memoryPctBefore: Double, memoryPctAfter: Double, guestsBefore: Int, guestsAfter: Int, scoreBefore: Double,
        scoreAfter: Double
    ) {
        self.node = node
        self.online = online
        self.maintenance = maintenance
        self.cpuPctBefore = cpuPctBefore
        self.cpuPctAfter = cpuPctAfter
        self.memoryPctBefore = memoryPctBefore
        self.memoryPctAfter = memoryPctAfter
        self.guestsBefore = guestsBefore
        self.guestsAfter = guestsAfter
        self.scoreBefore = scoreBefore
        self.scoreAfter = scoreAfter
    }
}

/// A target whose combined arrivals exceed a safety limit (CPU 85 %, memory 90 %).
public struct PlanConflict: Codable, Sendable, Equatable {
    public var target: String
    public var vmids: [Int]
    public var combinedCpuPct: Double
    public var combinedMemoryPct: Double
    public var detail: String

    public init(target: String, vmids: [Int], combinedCpuPct: Double, combinedMemoryPct: Double, detail: String) {
        self.target = target
        self.vmids = vmids
        self.combinedCpuPct = combinedCpuPct
        self.combinedMemoryPct = combinedMemoryPct
        self.detail = detail
    }
}

/// One step of the execution order.
public struct PlanStep: Codable, Sendable, Equatable {
    public var step: Int
    public var vmid: Int
    public var source: String
    public var target: String
    public var dependsOn: [Int]
    /// "Frees room on pve5 for step 3", "Independent", "Follows step 2 (affinity web)".
    public var reason: String

    public init(step: Int, vmid: Int, source: String, target: String, dependsOn: [Int], reason: String) {
        self.step = step
        self.vmid = vmid
        self.source = source
        self.target = target
        self.dependsOn = dependsOn
        self.reason = reason
    }
}

/// Cluster-level advice that no migration fixes.
public struct CapacityAdvisory: Codable, Sendable, Equatable {
    /// `capacity_saturation`, `limited_cpu_headroom`, `limited_memory_headroom`, `node_bottleneck`,
    /// `n_plus_one`, `small_cluster`.
    public var kind: String
    /// `info`, `warning` or `critical`.
    public var severity: String
    public var message: String
    public var node: String?
    public var metrics: [String: Double]
    public var suggestions: [String]

    public init(
        kind: String, severity: String, message: String, node: String? = nil, metrics: [String: Double],
        suggestions: [String]
    ) {
        self.kind = kind
        self.severity = severity
        self.message = message
        self.node = node
        self.metrics = metrics
        self.suggestions = suggestions
    }
}
