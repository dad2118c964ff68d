public import ExecutorPolicy
public import ServiceRuntime

/// The executor's own settings (section `executor` of the configuration file). What admins
/// tune at run time (`AutomationSettings`) lives on the bus, under `{b}/executor/settings`.
public struct ExecutorConfiguration: Sendable {
    public var runner: RunnerConfiguration
    /// Seconds between two checks of due outcome measurements.
    public var outcomeCheckSeconds: Double
    /// When completed migrations are measured: name and delay after completion.
    public var outcomeCheckpoints: [(name: String, seconds: Double)]
    /// How long a stop waits for automation runs and evacuations before it cancels them
    /// (under Docker's 10 s between SIGTERM and SIGKILL).
    public var shutdownGrace: Duration

    public init(
        runner: RunnerConfiguration = RunnerConfiguration(), outcomeCheckSeconds: Double = 30,
        outcomeCheckpoints: [(name: String, seconds: Double)] = OutcomeMath.standardCheckpoints, shutdownGrace: Duration = .seconds(5)
    ) {
        self.runner = runner
        self.outcomeCheckSeconds = outcomeCheckSeconds
        self.outcomeCheckpoints = outcomeCheckpoints
        self.shutdownGrace = shutdownGrace
    }

    /// Reads and validates the `executor.*` settings.
    public init(source: ConfigSource) throws {
        let poll = try source.int("executor.poll_interval_ms", default: 1000, in: 50...60_000)
        let haStart = try source.int("executor.ha_start_timeout_seconds", default: 120, in: 5...3_600)
        let plan = try source.int("executor.max_plan_age_seconds", default: 1_800, in: 60...86_400)
        let grace = try source.int("executor.start_grace_seconds", default: 45, in: 1...600)
        self.init(
            runner: RunnerConfiguration(
                pollInterval: .milliseconds(poll), haStartTimeout: .seconds(haStart), startGrace: .seconds(grace),
                limits: ValidationLimits(maxPlanAgeSeconds: Double(plan))),
            outcomeCheckSeconds: try source.double("executor.outcome_check_seconds", default: 30, in: 1...3_600))
    }
}
