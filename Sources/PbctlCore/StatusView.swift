public import Contract
public import Foundation

/// What `pbctl status` shows: the cluster's retained state, read from the bus.
public struct StatusView: Sendable {
    public var cluster: String
    /// Every cluster seen on the bus.
    public var clusters: [String]
    public var snapshot: JSONValue?
    /// Service → `online` / `offline` (`{b}/<service>/availability`, or the bus-wide one).
    public var availability: [String: String]
    public var recommendations: JSONValue?
    public var maintenance: JSONValue?
    public var automation: JSONValue?
    public var executorSettings: JSONValue?
    /// The retained migrations (`{b}/migrations/+`).
    public var migrations: [JSONValue]
    public var now: Date

    public init(
        cluster: String, clusters: [String], snapshot: JSONValue?, availability: [String: String], recommendations: JSONValue?,
        maintenance: JSONValue?, automation: JSONValue?, executorSettings: JSONValue?, migrations: [JSONValue], now: Date
    ) {
        self.cluster = cluster
        self.clusters = clusters
        self.snapshot = snapshot
        self.availability = availability
        self.recommendations = recommendations
        self.maintenance = maintenance
        self.automation = automation
        self.executorSettings = executorSettings
        self.migrations = migrations
        self.now = now
    }

    /// The services shown, in pipeline order.
    static let services = ["collector", "scoring", "executor", "notifier", "web"]

    /// Migrations not ended yet.
    public var activeMigrations: [JSONValue] {
        migrations.filter { ["queued", "validating", "running"].contains($0["state"]?.string ?? "") }
            .sorted { ($0["created_at"]?.string ?? "") < ($1["created_at"]?.string ?? "") }
    }

    /// Whether the snapshot is older than three collection intervals.
    public var isStale: Bool {
        guard let snapshot, let collected = Format.date(snapshot["collected_at"]?.string),
            let interval = snapshot["collection"]?["interval_seconds"]?.double
        else { return false }
        return now.timeIntervalSince(collected) > 3 * interval
    }

    /// The figures as one JSON object (`pbctl status --json`).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "cluster": .string(cluster), "clusters": .array(clusters.map(JSONValue.string)),
            "services": .object(availability.mapValues(JSONValue.string)), "stale": .bool(isStale),
            "active_migrations": .array(activeMigrations),
        ]
        if let snapshot {
            object["collected_at"] = snapshot["collected_at"]
            object["quorum"] = snapshot["quorum"]
            object["pve_version"] = snapshot["pve_version"]
            object["collection_errors"] = snapshot["collection"]?["errors"]
        }
        if let recommendations {
            object["plan_status"] = recommendations["status"]
            object["plan_message"] = recommendations["message"]
            object["pending_moves"] = .number(Double(recommendations["recommendations"]?.items.count ?? 0))
            object["urgency"] = recommendations["summary"]?["urgency"]
            object["health_before"] = recommendations["summary"]?["cluster_health_before"]
            object["health_after"] = recommendations["summary"]?["cluster_health_after"]
        }
        object["maintenance"] = maintenance?["nodes"] ?? .array([])
        if let executorSettings {
            object["automation"] = .object(["enabled": executorSettings["enabled"] ?? .null, "dry_run": executorSettings["dry_run"] ?? .null])
        }
        if let automation { object["automation_status"] = automation["status"] }
        return .object(object.filter { $0.value != .null })
    }

    /// The text.
    public func render(style: Style) -> String {
        var lines: [(String, String)] = []
        let others = clusters.filter { $0 != cluster }
        lines.append(("cluster", style.paint(cluster, .bold) + (others.isEmpty ? "" : "   (also on the bus: \(others.joined(separator: ", ")))")))
        let services = Self.services.compactMap { name in availability[name].map { "\(name) \(style.paint($0, Style.tone(of: $0)))" } }
        lines.append(("services", services.isEmpty ? "none seen" : services.joined(separator: ", ")))
        if let snapshot {
            let quorum = snapshot["quorum"]
            let quorate = quorum?["quorate"]?.bool == true
            lines.append(
                (
                    "quorum",
                    style.paint(quorate ? "quorate" : "NO QUORUM", quorate ? .good : .bad)
                        + ", \(quorum?["nodes_online"]?.int ?? 0) of \(quorum?["nodes_total"]?.int ?? 0) nodes online"
                ))
            var collected = "\(Format.time(snapshot["collected_at"]?.string)) UTC (\(Format.age(snapshot["collected_at"]?.string, now: now))"
            if let cycle = snapshot["collection"]?["cycle"]?.int { collected += ", cycle \(cycle)" }
            collected += ")"
            if isStale { collected += " " + style.paint("STALE", .bad) }
            let errors = snapshot["collection"]?["errors"]?.items.count ?? 0
            if errors > 0 { collected += ", " + style.paint("\(errors) part(s) failed to load", .warning) }
            lines.append(("collected", collected))
        } else {
            lines.append(("collected", style.paint("no cluster snapshot on the bus (is pb-collector running?)", .warning)))
        }
        if let recommendations {
            let summary = recommendations["summary"]
            if let before = summary?["cluster_health_before"]?.double {
                var health = Format.number(before)
                if let after = summary?["cluster_health_after"]?.double { health += " → \(Format.number(after)) after the plan" }
                lines.append(("health", health))
            }
            let moves = recommendations["recommendations"]?.items.count ?? 0
            let urgency = summary?["urgency"]?.string ?? "none"
            lines.append(
                (
                    "plan",
                    "\(moves) move\(moves == 1 ? "" : "s") pending, urgency \(style.paint(urgency, Style.tone(of: urgency))): "
                        + (recommendations["message"]?.string ?? recommendations["status"]?.string ?? "")
                ))
        } else {
            lines.append(("plan", style.paint("no plan on the bus (is pb-scoring running?)", .warning)))
        }
        let inMaintenance = maintenance?["nodes"]?.items.compactMap(\.string) ?? []
        lines.append(("maintenance", inMaintenance.isEmpty ? "none" : style.paint(inMaintenance.joined(separator: ", "), .warning)))
        if let executorSettings {
            let enabled = executorSettings["enabled"]?.bool == true
            let dryRun = executorSettings["dry_run"]?.bool == true
            var text = (enabled ? style.paint("on", .good) : "off") + (dryRun ? " (dry run)" : " (live)")
            if let automation, let status = automation["status"]?.string {
                text += ", last run \(Format.age(automation["at"]?.string, now: now)): \(status)"
            }
            lines.append(("automation", text))
        }
        let active = activeMigrations
        if active.isEmpty {
            lines.append(("migrations", "none running"))
        } else {
            lines.append(("migrations", "\(active.count) in progress"))
            for migration in active { lines.append(("", MigrationView.summary(migration, style: style))) }
        }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
    }
}
