import ConsoleCore
public import Contract
public import Foundation

/// What `pbctl watch` knows: the cluster's retained state as the bus last said it.
public struct WatchState: Sendable, Equatable {
    public var cluster: String
    public var snapshot: JSONValue?
    public var recommendations: JSONValue?
    public var scores: JSONValue?
    public var maintenance: JSONValue?
    /// Migration id → its retained `MigrationStatus`.
    public var migrations: [String: JSONValue]
    /// Service → `online`/`offline` from `{b}/<service>/availability`.
    public var clusterAvailability: [String: String]
    /// Service → `online`/`offline` from the bus-wide `<base>/<service>/availability`.
    public var busAvailability: [String: String]

    public init(
        cluster: String, snapshot: JSONValue? = nil, recommendations: JSONValue? = nil, scores: JSONValue? = nil,
        maintenance: JSONValue? = nil, migrations: [String: JSONValue] = [:], availability: [String: String] = [:]
    ) {
        self.cluster = cluster
        self.snapshot = snapshot
        self.recommendations = recommendations
        self.scores = scores
        self.maintenance = maintenance
        self.migrations = migrations
        self.clusterAvailability = availability
        self.busAvailability = [:]
    }

    /// Every service's availability, the cluster's own winning over the bus-wide one.
    public var availability: [String: String] { busAvailability.merging(clusterAvailability) { $1 } }

    /// The topic filters whose retained messages make the state.
    public static func filters(base: String, cluster: String) -> [String] {
        let topics = Topics(base: base, cluster: cluster)
        return [
            topics.clusterState, topics.recommendations, topics.scores, topics.maintenance, "\(topics.root)/migrations/+",
            "\(topics.root)/+/availability", "\(base)/+/availability",
        ]
    }

    /// Takes one message on one of `filters`; an empty payload (a cleared retained message)
    /// removes what the topic held. Returns whether the state changed.
    @discardableResult
    public mutating func apply(topic: String, payload: [UInt8], base: String) -> Bool {
        let before = self
        let value = payload.isEmpty ? nil : try? JSONValue.parse(payload)
        let text = payload.isEmpty ? nil : String(decoding: payload, as: UTF8.self)
        switch ConsolePart(topic: topic, base: base) {
        case .cluster(let of, .snapshot)? where of == cluster: snapshot = value
        case .cluster(let of, .recommendations)? where of == cluster: recommendations = value
        case .cluster(let of, .scores)? where of == cluster: scores = value
        case .cluster(let of, .maintenance)? where of == cluster: maintenance = value
        case .migration(let of, let id)? where of == cluster: migrations[id] = value
        case .availability(let of, let service)? where of == cluster: clusterAvailability[service] = text
        case .busAvailability(let service)?: busAvailability[service] = text
        default: break
        }
        return self != before
    }
}

/// `pbctl watch`'s frame: the state and the terminal's size → the lines to show, none wider than
/// the terminal and no more of them than it has rows.
public enum WatchView {
    /// A piece of a line in one tone.
    struct Segment {
        var text: String
        var tone: Style.Tone?
        init(_ text: String, _ tone: Style.Tone? = nil) {
            self.text = text
            self.tone = tone
        }
    }

    /// The services shown in the header, in pipeline order.
    static let services = ["collector", "scoring", "executor", "notifier", "web"]

    /// The frame. `height` `nil` never leaves lines out (plain output to a pipe).
    public static func frame(_ state: WatchState, now: Date, width: Int, height: Int?, style: Style) -> [String] {
        let width = max(20, width)
        var header: [[Segment]] = []
        header.append(headline(state, now: now))
        header.append(serviceLine(state))
        header.append(healthLine(state))

        let nodeRows = nodeTable(state, width: width)
        let moves = plannedMoves(state)
        let running = runningMigrations(state, width: width)

        var planTitle = [Segment("PLAN", .bold)]
        if let plan = state.recommendations {
            let count = plan["recommendations"]?.items.count ?? 0
            planTitle.append(Segment("  \(count) move\(count == 1 ? "" : "s")"))
            if let message = plan["message"]?.string ?? plan["status"]?.string { planTitle.append(Segment(": \(message)")) }
        } else {
            planTitle.append(Segment("  –"))
        }
        var migrationTitle = [Segment("MIGRATIONS", .bold)]
        migrationTitle.append(Segment(running.isEmpty ? "  none running" : "  \(running.count) running"))

        // Fixed lines: the header, a blank line, the node table's titles, and a blank line and a
        // title for the plan and for the migrations.
        var room = height.map { $0 - header.count - 6 } ?? Int.max
        func take(_ rows: [[Segment]], unit: String) -> [[Segment]] {
            let shown = min(rows.count, max(0, room))
            room -= shown
            guard shown < rows.count else { return rows }
            guard shown > 0 else { return [] }
            return Array(rows.prefix(shown - 1)) + [[Segment("  … \(rows.count - shown + 1) more \(unit)", .dim)]]
        }
        let nodesShown = [nodeRows.titles] + take(nodeRows.rows, unit: "nodes")
        let runningShown = take(running, unit: "migrations")
        let movesShown = take(moves, unit: "moves")

        var lines: [[Segment]] = header + [[]] + nodesShown + [[]] + [planTitle] + movesShown + [[]] + [migrationTitle] + runningShown
        if let height { lines = Array(lines.prefix(max(0, height))) }
        return lines.map { render($0, width: width, style: style) }
    }

    /// `homelab  quorate, 4 of 4 nodes online  collected 5 s ago (cycle 12)`.
    static func headline(_ state: WatchState, now: Date) -> [Segment] {
        var line = [Segment("ProxBalance ", .bold), Segment(state.cluster, .bold)]
        guard let snapshot = state.snapshot else {
            line.append(Segment("  no cluster snapshot on the bus", .warning))
            return line
        }
        let quorum = snapshot["quorum"]
        switch quorum?["quorate"]?.bool {
        case true?: line += [Segment("  "), Segment("quorate", .good)]
        case false?: line += [Segment("  "), Segment("NO QUORUM", .bad)]
        case nil: line.append(Segment("  quorum –"))
        }
        let online = quorum?["nodes_online"]?.int.map(String.init) ?? "–"
        let total = quorum?["nodes_total"]?.int.map(String.init) ?? "–"
        line.append(Segment(", \(online)/\(total) nodes online"))
        var collected = "  collected \(Format.age(snapshot["collected_at"]?.string, now: now))"
        if let cycle = snapshot["collection"]?["cycle"]?.int { collected += " (cycle \(cycle))" }
        line.append(Segment(collected))
        if let at = Format.date(snapshot["collected_at"]?.string), let interval = snapshot["collection"]?["interval_seconds"]?.double,
            now.timeIntervalSince(at) > 3 * interval
        {
            line += [Segment(" "), Segment("STALE", .bad)]
        }
        return line
    }

    /// `services 3/5 online  notifier offline  web –`.
    static func serviceLine(_ state: WatchState) -> [Segment] {
        let availability = state.availability
        let online = services.filter { availability[$0] == "online" }.count
        var line = [Segment("services \(online)/\(services.count) online")]
        // Only the services not online are named: that fits a narrow terminal.
        for service in services where availability[service] != "online" {
            let word = availability[service] ?? "–"
            line.append(Segment("  \(service) "))
            line.append(Segment(word, Style.tone(of: word)))
        }
        return line
    }

    /// `health 61.2 → 78.4 after the plan  urgency high`.
    static func healthLine(_ state: WatchState) -> [Segment] {
        let summary = state.recommendations?["summary"]
        let before = Format.number(summary?["cluster_health_before"]?.double)
        let after = Format.number(summary?["cluster_health_after"]?.double)
        var line = [Segment("health \(before) → \(after) after the plan")]
        let urgency = summary?["urgency"]?.string ?? "–"
        line.append(Segment("  urgency "))
        line.append(Segment(urgency, Style.tone(of: urgency)))
        let inMaintenance = state.maintenance?["nodes"]?.items.compactMap(\.string) ?? []
        if !inMaintenance.isEmpty { line += [Segment("  maintenance: "), Segment(inMaintenance.joined(separator: ", "), .warning)] }
        return line
    }

    /// The node table: name, status, CPU, memory and IO wait bars sized to the width, guests,
    /// score and flags.
    static func nodeTable(_ state: WatchState, width: Int) -> (titles: [Segment], rows: [[Segment]]) {
        let nodes = (state.snapshot?["nodes"]?.items ?? []).sorted { ($0["name"]?.string ?? "") < ($1["name"]?.string ?? "") }
        let inMaintenance = Set(state.maintenance?["nodes"]?.items.compactMap(\.string) ?? [])
        var scoreByNode: [String: JSONValue] = [:]
        for entry in state.scores?["nodes"]?.items ?? [] { if let node = entry["node"]?.string { scoreByNode[node] = entry } }
        func flags(_ node: JSONValue) -> String {
            var flags: [String] = []
            if inMaintenance.contains(node["name"]?.string ?? "") { flags.append("maint") }
            if node["ha_maintenance"]?.bool == true { flags.append("ha-maint") }
            return flags.joined(separator: ",")
        }
        let nameWidth = min(16, max(4, nodes.map { ($0["name"]?.string ?? "?").count }.max() ?? 4))
        let statusWidth = 7
        let guestsWidth = 6
        let scoreWidth = 5
        let flagsWidth = nodes.map { flags($0).count }.max() ?? 0
        // Each meter: a bar, a space and `100.0%` (6).
        let fixed = nameWidth + statusWidth + guestsWidth + scoreWidth + (flagsWidth > 0 ? flagsWidth + 2 : 0) + 2 * 6 + 3 * 7
        var barWidth = min(30, max(0, (width - fixed) / 3))
        if barWidth < 3 { barWidth = 0 }
        let meterWidth = barWidth == 0 ? 6 : barWidth + 7

        func pad(_ text: String, _ count: Int, right: Bool = false) -> String {
            let cut = Table.cut(text, to: count)
            let padding = String(repeating: " ", count: max(0, count - cut.count))
            return right ? padding + cut : cut + padding
        }
        func meter(_ value: Double?) -> [Segment] {
            guard let value else { return [Segment(pad("–", meterWidth))] }
            let tone: Style.Tone? = value > 80 ? .bad : value > 60 ? .warning : .good
            let number = String(format: "%5.1f%%", min(999.9, max(0, value)))
            guard barWidth > 0 else { return [Segment(number, tone)] }
            let filled = Int((min(100, max(0, value)) / 100 * Double(barWidth)).rounded())
            return [
                Segment(String(repeating: "#", count: filled), tone), Segment(String(repeating: "-", count: barWidth - filled), .dim),
                Segment(" " + number),
            ]
        }
        let gap = Segment("  ")
        var titles = [
            Segment(pad("NODE", nameWidth), .bold), gap, Segment(pad("STATUS", statusWidth), .bold), gap,
            Segment(pad("CPU", meterWidth), .bold), gap, Segment(pad("MEM", meterWidth), .bold), gap,
            Segment(pad("IOWAIT", meterWidth), .bold), gap, Segment(pad("GUESTS", guestsWidth, right: true), .bold), gap,
            Segment(pad("SCORE", scoreWidth, right: true), .bold),
        ]
        if flagsWidth > 0 { titles += [gap, Segment("FLAGS", .bold)] }
        let rows: [[Segment]] = nodes.map { node in
            let name = node["name"]?.string ?? "?"
            let status = node["status"]?.string ?? "–"
            let running = node["guests_running"]?.int.map(String.init) ?? "–"
            let total = node["guests_total"]?.int.map(String.init) ?? "–"
            var row = [Segment(pad(name, nameWidth)), gap, Segment(Table.cut(status, to: statusWidth), Style.tone(of: status))]
            row += [Segment(String(repeating: " ", count: max(0, statusWidth - status.count)) + "  ")]
            row += meter(node["cpu_pct"]?.double) + [gap] + meter(node["memory_pct"]?.double) + [gap] + meter(node["iowait_pct"]?.double)
            row += [gap, Segment(pad("\(running)/\(total)", guestsWidth, right: true)), gap]
            row.append(Segment(pad(Format.number(scoreByNode[name]?["score"]?["total"]?.double), scoreWidth, right: true)))
            let flagText = flags(node)
            if !flagText.isEmpty { row += [gap, Segment(flagText, .warning)] }
            return row
        }
        return (titles, rows)
    }

    /// The plan's moves in step order: `  1  VM 116 (db)  pve3 → pve4  high  +4.2`.
    static func plannedMoves(_ state: WatchState) -> [[Segment]] {
        let items = (state.recommendations?["recommendations"]?.items ?? []).sorted { ($0["step"]?.int ?? 0) < ($1["step"]?.int ?? 0) }
        let stepWidth = items.map { "\($0["step"]?.int ?? 0)".count }.max() ?? 1
        let moveWidth = items.map { "\($0["source"]?.string ?? "–") → \($0["target"]?.string ?? "–")".count }.max() ?? 0
        let urgencyWidth = items.map { ($0["urgency"]?.string ?? "–").count }.max() ?? 0
        return items.map { item in
            let step = "\(item["step"]?.int.map(String.init) ?? "–")"
            let move = "\(item["source"]?.string ?? "–") → \(item["target"]?.string ?? "–")"
            let urgency = item["urgency"]?.string ?? "–"
            var gain = Format.number(item["score_improvement"]?.double)
            if let value = item["score_improvement"]?.double, value > 0 { gain = "+" + gain }
            return [
                Segment("  " + String(repeating: " ", count: max(0, stepWidth - step.count)) + step + "  "),
                Segment(move + String(repeating: " ", count: max(0, moveWidth - move.count)) + "  "),
                Segment(urgency, Style.tone(of: urgency)),
                Segment(String(repeating: " ", count: max(0, urgencyWidth - urgency.count)) + "  \(gain)  "), Segment(GuestLookup.label(item)),
            ]
        }
    }

    /// The migrations not ended yet, oldest first, with their progress bar.
    static func runningMigrations(_ state: WatchState, width: Int) -> [[Segment]] {
        let active = state.migrations.values.filter { ["queued", "validating", "running"].contains($0["state"]?.string ?? "") }
            .sorted { ($0["created_at"]?.string ?? "") < ($1["created_at"]?.string ?? "") }
        return active.map { migration in
            let state = migration["state"]?.string ?? "–"
            var line = [
                Segment("  \(GuestLookup.label(migration))  \(migration["source"]?.string ?? "–") → \(migration["target"]?.string ?? "–")  "),
                Segment(state, Style.tone(of: state)),
            ]
            if let progress = migration["progress"] {
                if let phase = progress["phase"]?.string { line.append(Segment("  \(phase)")) }
                let percent = progress["percent"]?.double
                let barWidth = min(30, max(0, width / 5))
                if let percent, barWidth >= 3 { line.append(Segment("  " + Format.bar(percent, width: barWidth))) }
                line.append(Segment("  " + Format.percent(percent)))
            }
            return line
        }
    }

    /// Segments as one line cut to `width` (ending in `…` when cut), painted when colouring.
    static func render(_ segments: [Segment], width: Int, style: Style) -> String {
        let total = segments.reduce(0) { $0 + $1.text.count }
        var budget = total > width ? width - 1 : width
        var line = ""
        for segment in segments where budget > 0 {
            let text = String(segment.text.prefix(budget))
            budget -= text.count
            line += style.paint(text, segment.tone)
        }
        if total > width { line += "…" }
        // No trailing blanks: a redraw clears the rest of the line anyway.
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }
}
