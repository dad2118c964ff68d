public import Contract

/// A migration (`MigrationStatus`) as text: one-line summaries and the progress line `migrate`
/// prints while it follows one.
public enum MigrationView {
    /// The states after which nothing changes.
    public static let finalStates: Set<String> = ["completed", "failed", "skipped", "dry_run", "cancelled"]

    /// `m-3f2a… VM 116 (Firewall999) pve3 → pve4 running memory 41.5 %`.
    public static func summary(_ migration: JSONValue, style: Style) -> String {
        let state = migration["state"]?.string ?? "?"
        var text =
            "\(migration["id"]?.string ?? "?")  \(GuestLookup.label(migration))  "
            + "\(migration["source"]?.string ?? "?") → \(migration["target"]?.string ?? "?")  \(style.paint(state, Style.tone(of: state)))"
        if let progress = migration["progress"], state == "running" {
            text += "  \(progress["phase"]?.string ?? "")"
            if let percent = progress["percent"]?.double { text += " " + Format.percent(percent) }
        }
        return text
    }

    /// The progress line: `running  memory  [#####-----]  41.5 %  1.7 GiB of 4.0 GiB  399.0 MiB/s`.
    public static func progressLine(_ migration: JSONValue, style: Style, barWidth: Int = 24) -> String {
        let state = migration["state"]?.string ?? "?"
        var parts = [style.paint(state, Style.tone(of: state))]
        if let progress = migration["progress"] {
            parts.append(progress["phase"]?.string ?? "")
            if let percent = progress["percent"]?.double {
                parts.append(Format.bar(percent, width: barWidth))
                parts.append(Format.percent(percent))
            }
            if let transferred = progress["transferred_bytes"]?.double {
                var amount = Format.bytes(transferred)
                if let total = progress["total_bytes"]?.double { amount += " of \(Format.bytes(total))" }
                parts.append(amount)
            }
            if let speed = progress["bytes_per_second"]?.double { parts.append(Format.rate(speed)) }
        }
        return parts.filter { !$0.isEmpty }.joined(separator: "  ")
    }

    /// The closing lines once a migration ended: its state, duration, and error or message.
    public static func outcome(_ migration: JSONValue, style: Style) -> String {
        let state = migration["state"]?.string ?? "?"
        var line = "\(GuestLookup.label(migration)) \(migration["source"]?.string ?? "?") → \(migration["target"]?.string ?? "?"): "
        line += style.paint(state, Style.tone(of: state))
        if let seconds = migration["duration_seconds"]?.double { line += " in \(Format.duration(seconds))" }
        if let error = migration["error"]?.string { line += "\n" + style.paint(error, .bad) }
        return line
    }

    /// Whether a final state counts as done (exit 0): completed, or a dry run.
    public static func succeeded(_ migration: JSONValue) -> Bool {
        ["completed", "dry_run"].contains(migration["state"]?.string ?? "")
    }

    /// Migrations as a table (history, evacuations).
    public static func table(_ migrations: [JSONValue]) -> Table {
        Table(
            [
                .init("ID"), .init("CREATED"), .init("GUEST", flexible: true), .init("MOVE"), .init("ORIGIN"), .init("STATE"),
                .init("TOOK", right: true), .init("BY", flexible: true), .init("ERROR", flexible: true),
            ],
            rows: migrations.map { migration in
                [
                    .init(migration["id"]?.string ?? ""), .init(Format.time(migration["created_at"]?.string)),
                    .init(GuestLookup.label(migration)),
                    .init("\(migration["source"]?.string ?? "?") → \(migration["target"]?.string ?? "?")"),
                    .init(migration["origin"]?.string ?? ""), .state(migration["state"]?.string ?? ""),
                    .init(migration["duration_seconds"]?.double.map(Format.duration) ?? ""),
                    .init(migration["requested_by"]?.string ?? ""), .init(migration["error"]?.string ?? ""),
                ]
            })
    }
}
