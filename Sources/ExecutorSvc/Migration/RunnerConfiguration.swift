import ExecutorPolicy

/// Timing and limits of the migration runner.
public struct RunnerConfiguration: Sendable {
    /// How often a running task's status and log are read (Proxmox advises 1–2 s).
    public var pollInterval: Duration
    /// A migration still running after this long is reported failed (the task is left alone).
    public var timeout: Duration
    /// How long to wait for Proxmox HA to start the real task after `hamigrate`.
    public var haStartTimeout: Duration
    /// For a migration journaled before the executor kept task fences: how far before the
    /// journal's start time its task may have started (clock skew between the executor and Proxmox).
    public var adoptionMargin: Double
    /// How long after asking Proxmox a task may still appear when the answer never came (the
    /// executor stopped, or the call timed out): only then is a migration called not started.
    public var startGrace: Duration
    public var limits: ValidationLimits

    public init(
        pollInterval: Duration = .seconds(1), timeout: Duration = .seconds(7200), haStartTimeout: Duration = .seconds(120),
        adoptionMargin: Double = 10, startGrace: Duration = .seconds(45), limits: ValidationLimits = ValidationLimits()
    ) {
        self.pollInterval = pollInterval
        self.timeout = timeout
        self.haStartTimeout = haStartTimeout
        self.adoptionMargin = adoptionMargin
        self.startGrace = startGrace
        self.limits = limits
    }
}
