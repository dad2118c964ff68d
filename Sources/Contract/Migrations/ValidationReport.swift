/// The checks made against the live Proxmox API before a migration, every one listed.
public struct ValidationReport: Codable, Sendable, Equatable {
    /// True when no check failed.
    public var passed: Bool
    public var checks: [ValidationCheck]
    /// How the nodes changed since the plan proposed the move, when it came from a plan.
    public var drift: PlanDrift?

    public init(checks: [ValidationCheck], drift: PlanDrift? = nil) {
        self.passed = checks.allSatisfy(\.passed)
        self.checks = checks
        self.drift = drift
    }

    /// The first failed check, the one reported as the reason.
    public var firstFailure: ValidationCheck? { checks.first { !$0.passed } }
}

/// One validation check: `quorum`, `guest_exists`, `guest_location`, `not_locked`,
/// `no_active_migration`, `target_online`, `target_not_maintenance`, `storage`,
/// `local_resources`, `memory_fits`, `anti_affinity`, `affinity`, `plan_fresh`.
public struct ValidationCheck: Codable, Sendable, Equatable {
    public var name: String
    public var passed: Bool
    /// One sentence with the numbers, e.g. "pve2 would commit 91 % of its memory (limit 95 %)".
    public var detail: String

    public init(_ name: String, passed: Bool, _ detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}

/// CPU of the move's nodes when the plan was made and now.
public struct PlanDrift: Codable, Sendable, Equatable {
    public var planAgeSeconds: Double
    public var sourceCpuPctPlanned: Double
    public var sourceCpuPctNow: Double
    public var targetCpuPctPlanned: Double
    public var targetCpuPctNow: Double

    public init(
        planAgeSeconds: Double, sourceCpuPctPlanned: Double, sourceCpuPctNow: Double, targetCpuPctPlanned: Double,
        targetCpuPctNow: Double
    ) {
        self.planAgeSeconds = planAgeSeconds
        self.sourceCpuPctPlanned = sourceCpuPctPlanned
        self.sourceCpuPctNow = sourceCpuPctNow
        self.targetCpuPctPlanned = targetCpuPctPlanned
        self.targetCpuPctNow = targetCpuPctNow
    }
}
