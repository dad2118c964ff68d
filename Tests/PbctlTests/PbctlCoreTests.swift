import Contract
import Foundation
import PbctlCore
import Testing

/// pbctl's pure part: settings, payloads, tables, colour and exit codes, without a bus.
@Suite("pbctl core")
struct PbctlCoreTests {
    @Test("settings: flags win over the services' environment, which wins over pbctl.json; the password file is read")
    func connectionSettings() throws {
        let file = Array(#"{"url": "mqtt://file:1883", "username": "file-user", "password": "file-pass", "cluster": "lab"}"#.utf8)
        let environment = [
            "PROXBALANCE_MQTT_URL": "mqtt://env:1883", "PROXBALANCE_BASE_TOPIC": "pb", "PROXBALANCE_MQTT_PASSWORD_FILE": "/env-secret",
        ]
        let fromEnvironment = try ConnectionSettings.resolve(
            flags: .init(), environment: environment, file: ("pbctl.json", file), readSecret: { "\($0)-content\n" })
        #expect(fromEnvironment.url == "mqtt://env:1883")
        #expect(fromEnvironment.username == "file-user")
        #expect(fromEnvironment.password == "/env-secret-content")
        #expect(fromEnvironment.baseTopic == "pb")
        #expect(fromEnvironment.cluster == "lab")
        let fromFlags = try ConnectionSettings.resolve(
            flags: .init(url: "mqtts://flag:8883", user: "operator", passwordFile: "/flag-secret", cluster: "other"),
            environment: environment, file: ("pbctl.json", file), readSecret: { "\($0)!" })
        #expect(
            fromFlags
                == ConnectionSettings(url: "mqtts://flag:8883", username: "operator", password: "/flag-secret!", baseTopic: "pb", cluster: "other"))
        let defaults = try ConnectionSettings.resolve(flags: .init(), environment: [:], file: nil, readSecret: { _ in "" })
        #expect(defaults == ConnectionSettings())
        #expect(ConnectionSettings.defaultFilePath(environment: ["HOME": "/home/ann"]) == "/home/ann/.config/proxbalance/pbctl.json")

        #expect(throws: PbctlFailure.self) {
            try ConnectionSettings.resolve(flags: .init(), environment: [:], file: ("p.json", Array(#"{"ulr": "x"}"#.utf8)), readSecret: { _ in "" })
        }
        let wrongScheme = #expect(throws: PbctlFailure.self) {
            try ConnectionSettings.resolve(flags: .init(url: "http://broker"), environment: [:], file: nil, readSecret: { _ in "" })
        }
        #expect(wrongScheme?.exit == .usage)
    }

    @Test("requests carry id and sent_at, and requested_by for the executor only; replies become results or refusals")
    func payloads() throws {
        let now = Date(timeIntervalSince1970: 1_795_420_800)
        let migrate = try JSONValue.parse(
            BusRequest.request(.executor, "migrate", ["vmid": .number(116)]).payload(id: "pbctl-1", now: now, requester: "pbctl:ann"))
        #expect(
            migrate
                == .object([
                    "id": .string("pbctl-1"), "sent_at": .string("2026-11-23T08:00:00Z"), "requested_by": .string("pbctl:ann"), "vmid": .number(116),
                ]))
        let why = try JSONValue.parse(BusRequest.request(.scoring, "why", ["vmid": .number(116)]).payload(id: "x", now: now, requester: "pbctl:ann"))
        #expect(why["requested_by"] == nil)
        #expect(BusRequest.request(.scoring, "why").topicSuffix == "scoring/request/why")
        #expect(BusRequest.settings(.executor, [:]).topicSuffix == "executor/settings/set")

        #expect(try BusRequest.result(of: Array(#"{"v":1,"id":"x","ok":true,"result":{"a":1}}"#.utf8)) == .object(["a": .number(1)]))
        let refused = #expect(throws: PbctlFailure.self) {
            try BusRequest.result(
                of: Array(#"{"v":1,"ok":false,"error":{"code":"invalid","message":"penalties.cpu_threshold: must be from 1 to 100, got 150"}}"#.utf8))
        }
        #expect(refused == PbctlFailure(.failed, "invalid: penalties.cpu_threshold: must be from 1 to 100, got 150"))
        let missing = #expect(throws: PbctlFailure.self) {
            try BusRequest.result(of: Array(#"{"v":1,"ok":false,"error":{"code":"not_found","message":"guest 999 is not in the snapshot"}}"#.utf8))
        }
        #expect(missing?.exit == .notFound)
    }

    @Test("exit statuses: 0 done, 1 refused, 2 usage, 3 no answer, 4 not found")
    func exitCodes() {
        #expect(PbctlExit.allCases.map(\.rawValue) == [0, 1, 2, 3, 4])
        #expect(PbctlExit.forErrorCode("not_found") == .notFound)
        #expect(PbctlExit.forErrorCode("invalid") == .failed)
        #expect(PbctlExit.forErrorCode("stale") == .failed)
    }

    @Test("settings assignments: dotted keys nest, values are JSON when they parse, else strings")
    func assignments() throws {
        let patch = try SettingsAssignment.patch([
            "penalties.cpu_threshold=55", "penalties.seasonal_baseline.enabled=true", "timezone=Europe/Berlin", "days=[\"monday\"]", "name=\"60\"",
        ])
        #expect(
            JSONValue.object(patch)
                == .object([
                    "penalties": .object(["cpu_threshold": .number(55), "seasonal_baseline": .object(["enabled": .bool(true)])]),
                    "timezone": .string("Europe/Berlin"), "days": .array([.string("monday")]), "name": .string("60"),
                ]))
        for wrong in [["no-equals"], ["a..b=1"], ["a=1", "a.b=2"], ["a=1", "a=2"], []] {
            #expect(throws: PbctlFailure.self, "\(wrong)") { try SettingsAssignment.patch(wrong) }
        }
    }

    @Test("simulate: both plans in brief, a row per move that appears, disappears or changes, and each node's delta")
    func simulation() throws {
        let json = #"""
            {"current": {"status": "recommendations", "moves": 1, "cluster_health_before": 58.1, "cluster_health_after": 71.4},
             "proposed": {"status": "recommendations", "moves": 2, "cluster_health_before": 50, "cluster_health_after": 70},
             "appeared": [{"vmid": 104, "name": "db", "source": "pve3", "target": "pve6", "step": 2}],
             "disappeared": [], "unchanged": 0,
             "changed": [{"vmid": 101, "name": "web", "source": "pve3", "target_before": "pve5", "target_after": "pve4",
                          "step_before": 1, "step_after": 1}],
             "nodes": [{"node": "pve3", "before": 92.4, "after": 120.1, "delta": 27.7}, {"node": "pve9", "after": 10}]}
            """#
        let result = try JSONValue.parse(Array(json.utf8))
        #expect(
            SimulationView.headline(result)
                == "current: recommendations, 1 move, health 58.1 → 71.4\nproposed: recommendations, 2 moves, health 50.0 → 70.0")
        let moves = SimulationView.moves(result).render(width: nil, style: .plain).split(separator: "\n").map(String.init)
        #expect(moves.count == 3)
        #expect(moves[1].hasPrefix("+") && moves[1].contains("pve3 → pve6"), "\(moves)")
        #expect(moves[2].hasPrefix("~") && moves[2].contains("pve3 → pve5 ⇒ pve4"), "\(moves)")
        let nodes = SimulationView.nodes(result).render(width: nil, style: .plain).split(separator: "\n").map(String.init)
        #expect(nodes[1].hasPrefix("pve3") && nodes[1].hasSuffix("+27.7"), "\(nodes)")
        #expect(nodes[2].hasPrefix("pve9") && nodes[2].hasSuffix("-"), "\(nodes)")
    }

    @Test("--since takes durations and dates")
    func since() throws {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(try SinceParser.date("24h", now: now) == now.addingTimeInterval(-86_400))
        #expect(try SinceParser.date("30m", now: now) == now.addingTimeInterval(-1800))
        #expect(try SinceParser.date("2026-11-23T08:00:00Z", now: now) == ISO8601DateFormatter().date(from: "2026-11-23T08:00:00Z"))
        #expect(try SinceParser.date("2026-11-23", now: now) == ISO8601DateFormatter().date(from: "2026-11-23T00:00:00Z"))
        #expect(throws: PbctlFailure.self) { try SinceParser.date("yesterday", now: now) }
    }

    @Test("tables fit the terminal by cutting flexible columns; colour only on a terminal and never with NO_COLOR")
    func tablesAndColour() {
        let table = Table(
            [.init("VMID", right: true), .init("NAME", flexible: true), .init("STATUS")],
            rows: [[.init("101"), .init("a-very-long-guest-name-indeed"), .state("running")], [.init("9"), .init("db"), .state("stopped")]])
        let wide = table.render(width: nil, style: .plain).split(separator: "\n")
        #expect(wide[0] == "VMID  NAME                           STATUS")
        #expect(wide[1] == " 101  a-very-long-guest-name-indeed  running")
        let narrow = table.render(width: 30, style: .plain).split(separator: "\n")
        #expect(narrow.allSatisfy { $0.count <= 30 }, "\(narrow)")
        #expect(narrow[1].contains("…"))
        let tiny = table.render(width: 12, style: .plain).split(separator: "\n")
        #expect(tiny[0] == "VMID  NAME", "the last columns are left out when cutting is not enough: \(tiny)")

        #expect(Style.detect(isTerminal: true, environment: [:]).colour)
        #expect(!Style.detect(isTerminal: false, environment: [:]).colour)
        #expect(!Style.detect(isTerminal: true, environment: ["NO_COLOR": "1"]).colour)
        #expect(!Style.detect(isTerminal: true, environment: ["TERM": "dumb"]).colour)
        let coloured = table.render(width: nil, style: Style(colour: true))
        #expect(coloured.contains("\u{1B}[33mrunning\u{1B}[0m"))
        #expect(!table.render(width: nil, style: .plain).contains("\u{1B}"))
    }

    @Test("guests are found by vmid or name; an unknown one is not found (4), an ambiguous name is a usage error")
    func guestLookup() throws {
        let snapshot = JSONValue.object([
            "cluster": .string("lab"),
            "guests": .array([
                .object(["vmid": .number(101), "name": .string("web"), "type": .string("qemu")]),
                .object(["vmid": .number(102), "name": .string("db"), "type": .string("lxc")]),
                .object(["vmid": .number(103), "name": .string("db"), "type": .string("lxc")]),
            ]),
        ])
        #expect(try GuestLookup.find("101", in: snapshot)["name"] == .string("web"))
        #expect(try GuestLookup.find("WEB", in: snapshot)["vmid"] == .number(101))
        #expect(GuestLookup.label(try GuestLookup.find("web", in: snapshot)) == "VM 101 (web)")
        #expect((#expect(throws: PbctlFailure.self) { try GuestLookup.find("999", in: snapshot) })?.exit == .notFound)
        #expect((#expect(throws: PbctlFailure.self) { try GuestLookup.find("mail", in: snapshot) })?.exit == .notFound)
        #expect((#expect(throws: PbctlFailure.self) { try GuestLookup.find("db", in: snapshot) })?.exit == .usage)
    }

    @Test("a migration's progress line shows phase, bar, percent, transferred and speed")
    func progressLine() {
        let migration = JSONValue.object([
            "state": .string("running"),
            "progress": .object([
                "phase": .string("memory"), "percent": .number(41.5), "transferred_bytes": .number(1_782_579_200),
                "total_bytes": .number(4_294_967_296),
                "bytes_per_second": .number(418_381_824),
            ]),
        ])
        #expect(
            MigrationView.progressLine(migration, style: .plain, barWidth: 10)
                == "running  memory  [####------]  41.5 %  1.7 GiB of 4.0 GiB  399.0 MiB/s")
        #expect(
            Views.flatten(.object(["a": .object(["b": .number(1), "c": .string("x")]), "d": .bool(true)])) == ["a.b = 1", "a.c = \"x\"", "d = true"])
    }
}
