import Foundation

/// The state of one migration, retained on `{b}/migrations/<id>` and kept in the executor's
/// journal. Each change of `state` (and of progress while running) is published again.
public struct MigrationStatus: Codable, Sendable, Equatable {
    public var v: Int = 1
    /// The executor's id of this migration (`m-…`), also its topic level.
    public var id: String
    public var cluster: String
    /// The `id` of the command that asked for it, when one did.
    public var commandId: String?
    /// Who the command that caused it was sent for (its `requested_by`, e.g. `web:alice`):
    /// the migrate, evacuate, rollback or run_automation command's. Absent when not given.
    public var requestedBy: String?
    /// Who cancelled it (the `cancel` command's `requested_by`), once it ended `cancelled`.
    public var cancelledBy: String?
    public var origin: MigrationOrigin
    public var vmid: Int
    public var name: String?
    public var type: GuestType
    public var source: String
    public var target: String
    public var state: MigrationPhase
    /// Validation only, no API call (dry-run mode or `dry_run: true`).
    public var dryRun: Bool
    /// Moved through Proxmox HA (`hamigrate`, then the HA stack's own task).
    public var haManaged: Bool
    /// The Proxmox task being followed (the real migration task once HA started it).
    public var upid: String?
    /// The `hamigrate` task of an HA-managed guest.
    public var haUpid: String?
    public var progress: MigrationTransfer?
    public var validation: ValidationReport?
    /// Proxmox's error text (or the executor's) when `failed`, the blocking check when `skipped`.
    public var error: String?
    /// One sentence for a human: what happened or is happening.
    public var message: String
    /// What an admin would type for the same move, e.g. `qm migrate 101 pve2 --online`.
    public var command: String
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var durationSeconds: Double?
    /// The plan's move this executes (`<vmid>:<source>:<target>`), if any.
    public var recommendationId: String?
    /// What the plan predicted for this move, if it came from a plan.
    public var prediction: MovePrediction?
    /// For a rollback: the migration it undoes.
    public var rollbackOf: String?
    /// CPU and memory of both nodes when the move was validated (the outcome's baseline).
    public var loadsBefore: MoveLoads?

    public init(
        id: String, cluster: String, commandId: String?, origin: MigrationOrigin, vmid: Int, name: String?, type: GuestType,
        source: String, target: String, state: MigrationPhase = .queued, dryRun: Bool, haManaged: Bool, message: String,
        command: String, createdAt: Date
    ) {
        self.id = id
        self.cluster = cluster
        self.commandId = commandId
        self.origin = origin
        self.vmid = vmid
        self.name = name
        self.type = type
        self.source = source
        self.target = target
        self.state = state
        self.dryRun = dryRun
        self.haManaged = haManaged
        self.message = message
        self.command = command
        self.createdAt = createdAt
    }

    /// `VM 101 (web)` / `CT 201`.
    public var label: String { type.label(vmid: vmid, name: name) }

    /// Ends the migration in `state` at `at`: sets `finished_at`, `duration_seconds` (when it
    /// had started), `error` and `message`.
    public mutating func end(_ state: MigrationPhase, error: String?, message: String, at: Date = Date()) {
        self.state = state
        self.error = error
        self.message = message
        finishedAt = at
        durationSeconds = startedAt.map { max(0, at.timeIntervalSince($0)) }
    }
}

/// The plan's forecast for one move, kept to measure the outcome against.
public struct MovePrediction: Codable, Sendable, Equatable {
    public var scoreImprovement: Double
    public var sourceCpuPctBefore: Double
    public var sourceCpuPctAfter: Double
    public var targetCpuPctBefore: Double
    public var targetCpuPctAfter: Double
    public var confidence: Double
    public var riskScore: Double

    public init(
        scoreImprovement: Double, sourceCpuPctBefore: Double, sourceCpuPctAfter: Double, targetCpuPctBefore: Double,
        targetCpuPctAfter: Double, confidence: Double, riskScore: Double
    ) {
        self.scoreImprovement = scoreImprovement
        self.sourceCpuPctBefore = sourceCpuPctBefore
        self.sourceCpuPctAfter = sourceCpuPctAfter
        self.targetCpuPctBefore = targetCpuPctBefore
        self.targetCpuPctAfter = targetCpuPctAfter
        self.confidence = confidence
        self.riskScore = riskScore
    }
}

/// CPU and memory of a move's two nodes at one moment, in %.
public struct MoveLoads: Codable, Sendable, Equatable {
    public var sourceCpuPct: Double
    public var sourceMemoryPct: Double
    public var targetCpuPct: Double
    public var targetMemoryPct: Double

    public init(sourceCpuPct: Double, sourceMemoryPct: Double, targetCpuPct: Double, targetMemoryPct: Double) {
        self.sourceCpuPct = sourceCpuPct
        self.sourceMemoryPct = sourceMemoryPct
        self.targetCpuPct = targetCpuPct
        self.targetMemoryPct = targetMemoryPct
    }
}
