import ArgumentParser
import Contract
import Foundation
import PbctlCore

/// `pbctl history`: past migrations (the executor's `history`), or with a node or vmid its
/// metrics history as a chart (scoring's `history`).
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Past migrations (the executor's `history`), or a node's or guest's metrics over time (scoring's `history`).",
        discussion: """
            pbctl history --since 24h          past migrations
            pbctl history pve1 --window 7d     pve1's CPU over 7 days: min, avg and max per point
            pbctl history 101 --metric memory  guest 101's memory over 24 hours
            pbctl history pve1 --csv           scoring's CSV of every metric
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A node, or a guest's vmid: its metrics history from scoring. Without it: past migrations.") var target: String?
    @Option(help: "With a node or vmid: the window ending now, 1h to 90d (90m, 6h, 7d); default 24h.") var window: String?
    @Option(help: "With a node or vmid: cpu, memory or iowait (nodes only); default cpu.") var metric: String?
    @Option(help: "From this long ago (30m, 24h, 7d, 2w) or this date (2026-11-23, 2026-11-23T08:00:00Z).") var since: String?
    @Option(help: "Only this guest's migrations.") var vmid: Int?
    @Option(help: "Only migrations in this state (completed, failed, …).") var state: String?
    @Option(help: "At most this many (1-10000).") var limit: Int?
    @Flag(help: "Print CSV (RFC 4180), as the service writes it.") var csv = false
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if csv && output.json { throw ValidationError("--csv and --json exclude each other") }
        if target == nil {
            if window != nil || metric != nil { throw ValidationError("--window and --metric need a node or a vmid") }
        } else {
            if since != nil || vmid != nil || state != nil || limit != nil {
                throw ValidationError("--since, --vmid, --state and --limit are for past migrations, without a node or vmid")
            }
            let guest = Int(target ?? "") != nil
            if let metric, HistoryChart.metric(metric, guest: guest) == nil {
                throw ValidationError(
                    guest ? "--metric: a guest has cpu and memory, not '\(metric)'" : "--metric: one of cpu, memory, iowait, not '\(metric)'")
            }
        }
    }

    func run() async throws {
        if let target { try await metrics(of: target) } else { try await migrations() }
    }

    private func migrations() async throws {
        var fields: [String: JSONValue] = ["format": .string(csv ? "csv" : "json")]
        if let since { fields["from"] = .string(BusRequest.timestamp(try SinceParser.date(since, now: Date()))) }
        if let vmid { fields["vmid"] = .number(Double(vmid)) }
        if let state { fields["state"] = .string(state) }
        if let limit { fields["limit"] = .number(Double(limit)) }
        try await Session.with(global) { session in
            let result = try await session.send(.request(.executor, "history", fields))
            if csv {
                Terminal.write(result["csv"]?.string ?? "")
            } else if output.json {
                session.printJSON(result)
            } else {
                let migrations = result["migrations"]?.items ?? []
                if migrations.isEmpty { Terminal.print("no migrations") } else { session.printTable(MigrationView.table(migrations)) }
            }
        }
    }

    private func metrics(of target: String) async throws {
        let guestID = Int(target)
        var fields: [String: JSONValue] = ["format": .string(csv ? "csv" : "json")]
        if let guestID { fields["vmid"] = .number(Double(guestID)) } else { fields["node"] = .string(target) }
        if let window { fields["window"] = .string(window) }
        let name = HistoryChart.metric(metric ?? "cpu", guest: guestID != nil) ?? "cpu_pct"
        try await Session.with(global) { session in
            let result = try await session.send(.request(.scoring, "history", fields))
            if csv {
                Terminal.write(result.string ?? "")
            } else if output.json {
                session.printJSON(result)
            } else {
                let lines = HistoryChart.render(
                    result, metric: name, window: window ?? "24h", width: session.width, unicode: session.style.colour, style: session.style)
                Terminal.print(lines.joined(separator: "\n"))
            }
        }
    }
}

/// `pbctl score-history [node]`: a node's score and suitability, or the cluster's health, per
/// step over a window (scoring's `score_history`).
struct ScoreHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score-history",
        abstract: "A node's score and suitability, or the cluster's health, over time (scoring's `score_history`).",
        discussion: """
            pbctl score-history                 the cluster's health before and after each plan, last 24 hours
            pbctl score-history pve1 --window 7d
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A node; without it the cluster's health.") var node: String?
    @Option(help: "The window ending now, 1h to 30d (90m, 6h, 7d); default 24h.") var window: String?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        var fields: [String: JSONValue] = [:]
        if let node { fields["node"] = .string(node) }
        if let window { fields["window"] = .string(window) }
        try await Session.with(global) { session in
            let result = try await session.send(.request(.scoring, "score_history", fields))
            if output.json {
                session.printJSON(result)
            } else {
                let lines = ScoreHistoryView.render(
                    result, window: window ?? "24h", width: session.width, unicode: session.style.colour, style: session.style)
                Terminal.print(lines.joined(separator: "\n"))
            }
        }
    }
}
