public import Contract
public import Foundation

/// The other answers as tables and text.
public enum Views {
    /// `pbctl nodes`: every node of the snapshot with its score and maintenance.
    public static func nodes(snapshot: JSONValue, scores: JSONValue?, maintenance: JSONValue?) -> Table {
        let inMaintenance = Set(maintenance?["nodes"]?.items.compactMap(\.string) ?? [])
        var scoreByNode: [String: JSONValue] = [:]
        for entry in scores?["nodes"]?.items ?? [] { if let node = entry["node"]?.string { scoreByNode[node] = entry } }
        let nodes = (snapshot["nodes"]?.items ?? []).sorted { ($0["name"]?.string ?? "") < ($1["name"]?.string ?? "") }
        return Table(
            [
                .init("NODE"), .init("STATUS"), .init("CPU", right: true), .init("MEM", right: true), .init("IOWAIT", right: true),
                .init("LOAD", right: true), .init("GUESTS", right: true), .init("SCORE", right: true), .init("SUITABILITY", right: true),
                .init("FLAGS", flexible: true),
            ],
            rows: nodes.map { node in
                let name = node["name"]?.string ?? "?"
                let score = scoreByNode[name]?["score"]
                var flags: [String] = []
                if inMaintenance.contains(name) { flags.append("maintenance") }
                if node["ha_maintenance"]?.bool == true { flags.append("ha-maintenance") }
                let cpu = node["cpu_pct"]?.double
                return [
                    .init(name), .state(node["status"]?.string ?? "?"),
                    .init(Format.percent(cpu), tone: (cpu ?? 0) > 80 ? .bad : (cpu ?? 0) > 60 ? .warning : nil),
                    .init(Format.percent(node["memory_pct"]?.double)), .init(Format.percent(node["iowait_pct"]?.double)),
                    .init(Format.number(node["load_average"]?.items.first?.double, decimals: 2)),
                    .init("\(node["guests_running"]?.int ?? 0)/\(node["guests_total"]?.int ?? 0)"),
                    .init(Format.number(score?["total"]?.double)), .init(Format.number(score?["suitability"]?.double)),
                    .init(flags.joined(separator: ", "), tone: flags.isEmpty ? nil : .warning),
                ]
            })
    }

    /// `pbctl guests`: the snapshot's guests, optionally of one node.
    public static func guests(snapshot: JSONValue, node: String?) -> Table {
        let guests = (snapshot["guests"]?.items ?? []).filter { node == nil || $0["node"]?.string == node }
            .sorted { ($0["vmid"]?.int ?? 0) < ($1["vmid"]?.int ?? 0) }
        return Table(
            [
                .init("VMID", right: true), .init("NAME", flexible: true), .init("TYPE"), .init("NODE"), .init("STATUS"),
                .init("CPU", right: true), .init("CORES", right: true), .init("MEM", right: true), .init("MAX MEM", right: true),
                .init("TAGS", flexible: true),
            ],
            rows: guests.map { guest in
                var tags = guest["tags"]?.items.compactMap(\.string) ?? []
                if guest["ha"] != nil { tags.append("HA") }
                if guest["template"]?.bool == true { tags.append("template") }
                return [
                    .init("\(guest["vmid"]?.int ?? 0)"), .init(guest["name"]?.string ?? ""), .init(guest["type"]?.string ?? ""),
                    .init(guest["node"]?.string ?? ""), .state(guest["status"]?.string ?? ""), .init(Format.percent(guest["cpu_pct"]?.double)),
                    .init(Format.number(guest["cpu_cores"]?.double, decimals: 2)), .init(Format.bytes(guest["memory_used_bytes"]?.double)),
                    .init(Format.bytes(guest["memory_max_bytes"]?.double)), .init(tags.joined(separator: ",")),
                ]
            })
    }

    /// `pbctl recs`: the plan's moves in step order.
    public static func recommendations(_ items: [JSONValue]) -> Table {
        Table(
            [
                .init("STEP", right: true), .init("GUEST", flexible: true), .init("MOVE"), .init("KIND"), .init("URGENCY"),
                .init("GAIN", right: true), .init("CONF", right: true), .init("RISK"), .init("WHY", flexible: true),
            ],
            rows: items.map { item in
                let urgency = item["urgency"]?.string ?? ""
                return [
                    .init("\(item["step"]?.int ?? 0)"), .init(GuestLookup.label(item)),
                    .init("\(item["source"]?.string ?? "?") → \(item["target"]?.string ?? "?")"), .init(item["kind"]?.string ?? ""),
                    .init(urgency, tone: Style.tone(of: urgency)), .init(Format.number(item["score_improvement"]?.double)),
                    .init(Format.number(item["confidence"]?.double, decimals: 0)),
                    .state(item["risk"]?["level"]?.string ?? ""),
                    .init(item["reason"]?["primary_label"]?.string ?? item["reason"]?["summary"]?.string ?? ""),
                ]
            })
    }

    /// `pbctl why`: scoring's answer, and for a recommended guest its factors and command.
    public static func why(_ result: JSONValue) -> String {
        var lines = [result["answer"]?.string ?? "(no answer)"]
        if let recommendation = result["recommendation"] {
            for factor in recommendation["reason"]?["contributing_factors"]?.items ?? [] {
                if let text = factor["label"]?.string ?? factor["detail"]?.string ?? factor.string { lines.append("  - \(text)") }
            }
            if let confidence = recommendation["confidence"]?.double, let risk = recommendation["risk"]?["level"]?.string {
                lines.append("confidence \(Format.number(confidence, decimals: 0)), risk \(risk)")
            }
            if let command = recommendation["command"]?.string { lines.append("command: \(command)") }
        }
        return lines.joined(separator: "\n")
    }

    /// `pbctl options`: every allowed target best first, then the disqualified ones.
    public static func options(_ result: JSONValue) -> (header: String, table: Table) {
        var header =
            "\(GuestLookup.label(result)) on \(result["node"]?.string ?? "?") (score \(Format.number(result["current"]?["total"]?.double)))"
        if let blocked = result["blocked_by"]?.string { header += "\nmay not move: \(blocked)" }
        var rows: [[Table.Cell]] = (result["options"]?.items ?? []).map { option in
            [
                .init(option["node"]?.string ?? "?"), .init(Format.number(option["score"]?["total"]?.double)),
                .init(Format.number(option["improvement"]?.double)), .init(Format.number(option["suitability"]?.double)),
                .init("allowed", tone: .good),
            ]
        }
        rows += (result["disqualified"]?.items ?? []).map { entry in
            [
                .init(entry["node"]?.string ?? "?"), "", "", "",
                .init("\(entry["rule"]?.string ?? "disqualified"): \(entry["detail"]?.string ?? "")", tone: .bad),
            ]
        }
        return (
            header,
            Table(
                [
                    .init("TARGET"), .init("SCORE", right: true), .init("IMPROVEMENT", right: true), .init("SUITABILITY", right: true),
                    .init("VERDICT", flexible: true),
                ], rows: rows)
        )
    }

    /// `pbctl evacuate`: the queued moves and the guests that cannot move.
    public static func evacuation(_ result: JSONValue, style: Style, width: Int?) -> String {
        let migrations = result["migrations"]?.items ?? []
        var text = "evacuating \(result["node"]?.string ?? "?"): \(migrations.count) move\(migrations.count == 1 ? "" : "s") queued"
        if !migrations.isEmpty { text += "\n" + MigrationView.table(migrations).render(width: width, style: style) }
        let stuck = result["cannot_move"]?.items ?? []
        if !stuck.isEmpty {
            text += "\ncannot move:\n"
            text += stuck.map { "  \(GuestLookup.label($0)): \($0["reason"]?.string ?? "") — \($0["detail"]?.string ?? "")" }
                .joined(separator: "\n")
        }
        return text
    }

    /// `pbctl automation status|run`: the settings' switches and the last decision.
    public static func automation(state: JSONValue?, settings: JSONValue?, style: Style, width: Int?, now: Date) -> String {
        var lines: [String] = []
        if let settings {
            let enabled = settings["enabled"]?.bool == true
            let dryRun = settings["dry_run"]?.bool == true
            lines.append("automation   " + (enabled ? style.paint("on", .good) : "off") + (dryRun ? ", dry run" : ", live"))
            lines.append("interval     every \(Format.duration(settings["check_interval_seconds"]?.double ?? 0))")
        }
        guard let state else {
            lines.append("last run     none on the bus")
            return lines.joined(separator: "\n")
        }
        let status = state["status"]?.string ?? "?"
        lines.append(
            "last run     \(Format.time(state["at"]?.string)) UTC (\(Format.age(state["at"]?.string, now: now))): "
                + style.paint(status, Style.tone(of: status)) + " (\(state["mode"]?.string ?? "?"), budget \(state["budget"]?.int ?? 0))")
        lines.append("summary      \(state["summary"]?.string ?? "")")
        for (name, check) in (state["safety_checks"]?.members ?? [:]).sorted(by: { $0.key < $1.key }) {
            let ok = check["ok"]?.bool == true
            lines.append("  \(style.paint(ok ? "ok" : "FAILED", ok ? .good : .bad))  \(name): \(check["detail"]?.string ?? "")")
        }
        let candidates = state["candidates"]?.items ?? []
        if !candidates.isEmpty {
            let table = Table(
                [.init("RANK", right: true), .init("GUEST", flexible: true), .init("MOVE"), .init("ACTION"), .init("REASON", flexible: true)],
                rows: candidates.map { candidate in
                    [
                        .init("\(candidate["rank"]?.int ?? 0)"), .init(GuestLookup.label(candidate)),
                        .init("\(candidate["source"]?.string ?? "?") → \(candidate["target"]?.string ?? "?")"),
                        .state(candidate["action"]?.string ?? ""), .init(candidate["reason"]?.string ?? ""),
                    ]
                })
            lines.append(table.render(width: width, style: style))
        }
        return lines.joined(separator: "\n")
    }

    /// Settings as `dotted.key = value` lines, sorted, the way `settings set` takes them.
    public static func flatten(_ value: JSONValue, prefix: String = "") -> [String] {
        switch value {
        case .object(let members):
            guard !members.isEmpty else { return prefix.isEmpty ? [] : ["\(prefix) = {}"] }
            return members.keys.sorted().flatMap { key in flatten(members[key]!, prefix: prefix.isEmpty ? key : "\(prefix).\(key)") }
        default:
            return ["\(prefix) = \(value.json(pretty: false))"]
        }
    }

    /// One event: `2026-11-23 08:01:00  warning   migrations.failed  VM 116 …: title — message`.
    public static func event(_ event: JSONValue, style: Style) -> String {
        let severity = event["severity"]?.string ?? "info"
        let tone: Style.Tone? = severity == "critical" ? .bad : severity == "warning" ? .warning : .dim
        let kind = "\(event["category"]?.string ?? "?").\(event["kind"]?.string ?? "?")"
        var line = "\(Format.time(event["at"]?.string))  \(style.paint(severity.padding(toLength: 8, withPad: " ", startingAt: 0), tone))  "
        if let cluster = event["cluster"]?.string, !cluster.isEmpty { line += "\(cluster)  " }
        line += "\(kind)  \(event["title"]?.string ?? "")"
        if let message = event["message"]?.string, !message.isEmpty { line += " — \(message)" }
        return line
    }

    /// `pbctl maintenance`: the nodes in maintenance after the change.
    public static func maintenance(_ state: JSONValue) -> String {
        let nodes = state["nodes"]?.items.compactMap(\.string) ?? []
        return nodes.isEmpty ? "no node is in maintenance" : "in maintenance: \(nodes.joined(separator: ", "))"
    }

    /// `pbctl notify test`: how the test message went.
    public static func notifyTest(_ result: JSONValue) -> String {
        var text = "\(result["destination"]?.string ?? "?"): \(result["outcome"]?.string ?? "?")"
        if let status = result["status"]?.int { text += " (HTTP \(status))" }
        if let message = result["message"]?.string, !message.isEmpty { text += " — \(message)" }
        return text
    }
}
