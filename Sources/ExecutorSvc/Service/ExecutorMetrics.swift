import Contract
public import Metrics

/// The executor's metrics: migrations ended, by final state and origin; how long the Proxmox
/// tasks took; automation runs, by result. All created once, with every label value.
public struct ExecutorMetrics: Sendable {
    private let migrations: [MigrationPhase: [MigrationOrigin: Counter]]
    private let migrationDuration: Timer
    private let automationRuns: [String: Counter]

    /// The `result` of a run whose decision could not be made (Proxmox or the journal unreadable).
    static let decisionFailed = "error"

    public init(factory: any MetricsFactory) {
        migrations = Dictionary(
            uniqueKeysWithValues: MigrationPhase.allCases.filter(\.isFinal).map { state in
                let counters = MigrationOrigin.allCases.map { origin in
                    (
                        origin,
                        Counter(
                            label: "proxbalance_migrations_total", dimensions: [("state", state.rawValue), ("origin", origin.rawValue)],
                            factory: factory)
                    )
                }
                return (state, Dictionary(uniqueKeysWithValues: counters))
            })
        migrationDuration = Timer(label: "proxbalance_migration_duration_seconds", factory: factory)
        let results = AutomationStatus.allCases.filter { $0 != .ready }.map(\.rawValue) + [Self.decisionFailed]
        automationRuns = Dictionary(
            uniqueKeysWithValues: results.map { result in
                (result, Counter(label: "proxbalance_automation_runs_total", dimensions: [("result", result)], factory: factory))
            })
    }

    /// Metrics that go nowhere (unit tests).
    public static var none: ExecutorMetrics { ExecutorMetrics(factory: NOOPMetricsHandler.instance) }

    /// Counts a migration that reached its final state, and its task's duration when one ran.
    func ended(_ migration: MigrationStatus) {
        migrations[migration.state]?[migration.origin]?.increment()
        if let seconds = migration.durationSeconds { migrationDuration.record(seconds) }
    }

    /// Counts an automation run that ended with `status` (`success`, `no_action`, `outside_window`…).
    func automationRan(_ status: AutomationStatus) { automationRuns[status.rawValue]?.increment() }

    /// Counts an automation run whose decision could not be made.
    func automationFailed() { automationRuns[Self.decisionFailed]?.increment() }
}
