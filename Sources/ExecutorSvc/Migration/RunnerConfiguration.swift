/// Timing and limits of the migration runner.
public struct RunnerConfiguration: Sendable {
    /// How often a running task's status and log are read (Proxmox advises 1–2 s).
    public var pollInterval: Duration
    /// A migration still running after this long is reported failed (the task is left alone).
    public var timeout: Duration
    /// How long to wait for Proxmox HA to start the real task after `hamigrate`.
    public var haStartTimeout: Duration
    /// How far before the journal's start time a task found after a restart may have started
    /// (clock skew between the executor and Proxmox).
    public var adoptionMargin: Double
    public var limits: ValidationLimits

    public init(
        pollInterval: Duration = .seconds(1), timeout: Duration = .seconds(7200), haStartTimeout: Duration = .seconds(120),
        adoptionMargin: Double = 30, limits: ValidationLimits = ValidationLimits()
    ) {
        self.pollInterval = pollInterval
        self.timeout = timeout
        self.haStartTimeout = haStartTimeout
        self.adoptionMargin = adoptionMargin
        self.limits = limits
    }
}
