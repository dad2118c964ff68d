import Contract

/// The metric families each service exposes on `/metrics`, as the README lists them and the
/// Grafana dashboard uses them: the service tests check that each exists, the documentation
/// test that the README and the dashboard name exactly these.
public enum DocumentedMetrics {
    /// What every service exposes.
    public static let everyService: Set<String> = [
        "proxbalance_mqtt_publish_duration_seconds", "proxbalance_mqtt_reconnects_total", "proxbalance_process_resident_memory_bytes",
        "proxbalance_process_uptime_seconds",
    ]

    /// What one service exposes besides those.
    public static let own: [ServiceName: Set<String>] = [
        .collector: ["proxbalance_collection_duration_seconds", "proxbalance_pve_api_errors_total"],
        .scoring: ["proxbalance_plans_generated_total", "proxbalance_plan_duration_seconds", "proxbalance_moves_proposed_total"],
        .executor: ["proxbalance_migrations_total", "proxbalance_migration_duration_seconds", "proxbalance_automation_runs_total"],
        .notifier: ["proxbalance_notifier_deliveries_total", "proxbalance_notifier_outbox_depth", "proxbalance_notifier_retries_total"],
    ]

    /// Everything `service` exposes.
    public static func of(_ service: ServiceName) -> Set<String> { everyService.union(own[service] ?? []) }

    /// Every documented family.
    public static var all: Set<String> { own.values.reduce(everyService) { $0.union($1) } }
}
