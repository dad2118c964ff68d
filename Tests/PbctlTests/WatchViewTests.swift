import Contract
import Foundation
import PbctlCore
import Testing

/// `pbctl watch`'s frame as a pure function of the state and the terminal's size.
@Suite("pbctl watch frame")
struct WatchViewTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let base = "proxbalance"

    static func json(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// The demo-like state, built the way the command builds it: from retained messages.
    static func state(nodes: Int = 4, longName: Bool = false) -> WatchState {
        var state = WatchState(cluster: "homelab")
        let collected = BusRequest.timestamp(now.addingTimeInterval(-5))
        let nodeList = (0..<nodes).map { index in
            let name = longName && index == 0 ? "pve-node-with-a-very-long-name-in-rack-7" : "pve\(index + 3)"
            return """
                {"name": "\(name)", "status": "online", "cpu_pct": \(index == 0 ? 91.5 : 30.0 + Double(index)), "memory_pct": 55.2,
                 "iowait_pct": 1.5, "guests_running": 9, "guests_total": 11}
                """
        }
        let snapshot = """
            {"cluster": "homelab", "collected_at": "\(collected)", "collection": {"cycle": 12, "interval_seconds": 30},
             "quorum": {"quorate": true, "nodes_online": \(nodes), "nodes_total": \(nodes)}, "nodes": [\(nodeList.joined(separator: ","))]}
            """
        let moves = (1...6).map { step in
            """
            {"step": \(step), "vmid": \(110 + step), "name": "guest-\(step)", "type": "qemu", "source": "pve3", "target": "pve\(4 + step % 3)",
             "urgency": "high", "score_improvement": 4.2}
            """
        }
        let plan = """
            {"status": "ok", "message": "6 moves would balance the cluster", "recommendations": [\(moves.joined(separator: ","))],
             "summary": {"cluster_health_before": 61.2, "cluster_health_after": 78.4, "urgency": "high"}}
            """
        let migration = """
            {"id": "m-1", "vmid": 111, "name": "guest-1", "type": "qemu", "source": "pve3", "target": "pve5", "state": "running",
             "created_at": "\(collected)", "progress": {"phase": "memory", "percent": 41.5}}
            """
        let topics = Topics(base: base, cluster: "homelab")
        state.apply(topic: topics.clusterState, payload: json(snapshot), base: base)
        state.apply(topic: topics.recommendations, payload: json(plan), base: base)
        state.apply(topic: topics.scores, payload: json(#"{"nodes": [{"node": "pve3", "score": {"node": "pve3", "total": 88.5}}]}"#), base: base)
        state.apply(topic: topics.maintenance, payload: json(#"{"nodes": ["pve6"]}"#), base: base)
        state.apply(topic: topics.migration("m-1"), payload: json(migration), base: base)
        state.apply(topic: topics.migration("m-0"), payload: json(#"{"id": "m-0", "state": "completed"}"#), base: base)
        for service in ["collector", "scoring", "executor"] {
            state.apply(topic: topics.availability(ServiceName(rawValue: service)!), payload: json("online"), base: base)
        }
        state.apply(topic: "\(base)/notifier/availability", payload: json("offline"), base: base)
        return state
    }

    @Test("fits 80×24 and 120×40: header, node bars, the plan's moves and the running migration", arguments: [(80, 24), (120, 40)])
    func fits(width: Int, height: Int) {
        let lines = WatchView.frame(Self.state(), now: Self.now, width: width, height: height, style: .plain)
        #expect(lines.count <= height, "\(lines.count) lines")
        #expect(lines.allSatisfy { $0.count <= width }, "\(lines.filter { $0.count > width })")
        let text = lines.joined(separator: "\n")
        #expect(lines[0].hasPrefix("ProxBalance homelab  quorate, 4/4 nodes online  collected 5 s ago (cycle 12)"), "\(lines[0])")
        #expect(lines[1] == "services 3/5 online  notifier offline  web –", "\(lines[1])")
        #expect(lines[2].hasPrefix("health 61.2 → 78.4 after the plan  urgency high  maintenance: pve6"), "\(lines[2])")
        for node in ["pve3", "pve4", "pve5", "pve6"] { #expect(lines.contains { $0.hasPrefix(node + " ") }, "\(node)\n\(text)") }
        let pve3 = lines.first { $0.hasPrefix("pve3 ") } ?? ""
        #expect(pve3.contains("#") && pve3.contains(" 91.5%") && pve3.contains("9/11") && pve3.contains("88.5"), "\(pve3)")
        #expect(lines.first { $0.hasPrefix("pve6 ") }?.hasSuffix("maint") == true, "\(text)")
        #expect(text.contains("PLAN  6 moves: 6 moves would balance the cluster"), "\(text)")
        #expect(text.contains("pve3 → pve5  high  +4.2  VM 111 (guest-1)"), "\(text)")
        #expect(text.contains("MIGRATIONS  1 running"), "\(text)")
        #expect(lines.contains { $0.contains("VM 111 (guest-1)  pve3 → pve5  running  memory  [") && $0.hasSuffix("41.5 %") }, "\(text)")
        #expect(!text.contains("\u{1B}"), "no colour in plain style")
        // The bars grow with the terminal.
        let bars = pve3.filter { $0 == "#" || $0 == "-" }.count
        #expect(bars == 3 * (width == 80 ? 6 : 19), "\(pve3)")
        #expect(lines.first { $0.hasPrefix("NODE ") }?.hasSuffix("FLAGS") == true, "\(text)")
    }

    @Test("a small terminal keeps nodes and migrations and says how many moves are left out")
    func smallTerminal() {
        let lines = WatchView.frame(Self.state(), now: Self.now, width: 60, height: 16, style: .plain)
        #expect(lines.count == 16, "\(lines)")
        #expect(lines.allSatisfy { $0.count <= 60 })
        #expect(lines.contains { $0.contains("more moves") }, "\(lines)")
        #expect(lines.contains { $0.contains("VM 111 (guest-1)") && $0.contains("running") }, "\(lines)")
    }

    @Test("long names are cut with …; absent values are –; colour paints without changing the text")
    func cutAndAbsent() {
        let state = Self.state(longName: true)
        let lines = WatchView.frame(state, now: Self.now, width: 80, height: 24, style: .plain)
        #expect(lines.contains { $0.hasPrefix("pve-node-with-a…  online") }, "\(lines)")
        #expect(lines.allSatisfy { $0.count <= 80 })

        var empty = WatchState(cluster: "lab")
        empty.apply(
            topic: Topics(base: Self.base, cluster: "lab").clusterState,
            payload: Self.json(#"{"nodes": [{"name": "n1"}], "collected_at": "x"}"#), base: Self.base)
        let bare = WatchView.frame(empty, now: Self.now, width: 80, height: 24, style: .plain)
        #expect(bare[0] == "ProxBalance lab  quorum –, –/– nodes online  collected x", "\(bare[0])")
        #expect(bare[1] == "services 0/5 online  collector –  scoring –  executor –  notifier –  web –", "\(bare[1])")
        #expect(bare[2] == "health – → – after the plan  urgency –", "\(bare[2])")
        let row = bare.first { $0.hasPrefix("n1 ") } ?? ""
        #expect(row.hasPrefix("n1    –        –    ") && row.hasSuffix("–/–      –") && !row.contains("…"), "\(bare)")
        #expect(row.filter { $0 == "–" }.count == 7, "status, three meters, guests and score: \(row)")
        #expect(bare.contains("PLAN  –") && bare.contains("MIGRATIONS  none running"), "\(bare)")

        let coloured = WatchView.frame(Self.state(), now: Self.now, width: 80, height: 24, style: Style(colour: true))
        #expect(coloured.joined().contains("\u{1B}[32monline\u{1B}[0m"))
        let stripped = coloured.map { $0.replacing(/\x1B\[[0-9;]*m/, with: "") }
        #expect(stripped == WatchView.frame(Self.state(), now: Self.now, width: 80, height: 24, style: .plain))
    }

    @Test("a cleared retained message removes what it held; a repeated one changes nothing")
    func apply() {
        var state = Self.state()
        let topics = Topics(base: Self.base, cluster: "homelab")
        let repeated = state.apply(topic: topics.maintenance, payload: Self.json(#"{"nodes": ["pve6"]}"#), base: Self.base)
        #expect(!repeated)
        let cleared = state.apply(topic: topics.migration("m-1"), payload: [], base: Self.base)
        #expect(cleared)
        #expect(state.migrations["m-1"] == nil)
        let own = state.apply(topic: topics.availability(.notifier), payload: Self.json("online"), base: Self.base)
        #expect(own)
        #expect(state.availability["notifier"] == "online", "the cluster's own notifier wins over the bus-wide one")
        let elsewhere = state.apply(topic: "elsewhere/x", payload: Self.json("1"), base: Self.base)
        #expect(!elsewhere)
    }
}
