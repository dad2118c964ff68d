import Contract
import Foundation
import PVESimulator
import ScoringEngine
import TestSupport
import Testing

/// Compares the simulator's answers with real Proxmox answers: same keys, same JSON types, for
/// entries of the same kind (documented version differences are named where they apply).
@Suite("Shapes match the real Proxmox fixtures")
struct FixtureShapeTests {
    /// The `data` value of a fixture file.
    private func fixture(_ name: String) throws -> JSONValue {
        try #require(try JSONValue.parse(try Fixtures.data(name, envelope: true))["data"])
    }

    /// Every key of `real` (minus `optional`) exists in `ours` with the same JSON type (or the
    /// documented `otherKinds[key]`).
    private func expectShape(
        _ ours: JSONValue?, like real: JSONValue?, optional: Set<String> = [],
        otherKinds: [String: String] = [:], _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let ours, let real, let realMembers = real.object else {
            Issue.record("\(what): missing entry (ours: \(ours?.description ?? "nil"))", sourceLocation: sourceLocation)
            return
        }
        for (key, value) in realMembers {
            guard let mine = ours[key] else {
                if !optional.contains(key) { Issue.record("\(what): key '\(key)' missing", sourceLocation: sourceLocation) }
                continue
            }
            if mine.kind != value.kind && otherKinds[key] != mine.kind {
                Issue.record("\(what): '\(key)' is \(mine.kind), Proxmox sends \(value.kind)", sourceLocation: sourceLocation)
            }
        }
    }

    private func simulator(version: String = "8.4.14", faults: SimulatorFaults = SimulatorFaults()) async throws -> PVESimulator {
        let sim = PVESimulator(
            scenario: try TestScenarios.fastDemo(version: version), sslFingerprint: "AB:CD",
            now: { TestScenarios.date(hour: 12) })
        await sim.setFaults(faults)
        return sim
    }

    @Test("version")
    func version() async throws {
        let sim = try await simulator()
        expectShape(try await sim.get("/version"), like: try fixture("version.proxmoxer.json"), "version")
        expectShape(try await sim.get("/nodes/pve3/version"), like: try fixture("node-version.go-proxmox-pve7x.json"), "node version")
        #expect(try await sim.get("/version")["repoid"]?.string?.count == 16)
        let old = try await simulator(version: "7.4-16").get("/version")
        #expect(old["version"]?.string == "7.4-16" && old["release"]?.string == "7.4" && old["repoid"]?.string?.count == 8)
    }

    @Test("cluster status")
    func clusterStatus() async throws {
        let sim = try await simulator(faults: SimulatorFaults(offlineNodes: ["pve6"]))
        let ours = try await sim.get("/cluster/status")
        let real = try fixture("cluster-status.go-proxmox-pve8x.json")
        expectShape(entry(ours, "type", "cluster"), like: entry(real, "type", "cluster"), "cluster entry")
        expectShape(entry(ours, "name", "pve3"), like: entry(real, "name", "node1"), "node entry")
        let offline = try fixture("cluster-status-offline-node.community-proxmox-inventory.data.json")
        expectShape(entry(ours, "name", "pve6"), like: entry(offline, "name", "testnode2"), "offline node entry")
        #expect(entry(ours, "name", "pve3")?["local"]?.number == 1)
    }

    @Test("cluster resources: qemu, lxc, node and storage entries")
    func clusterResources() async throws {
        let sim = try await simulator()
        let ours = try await sim.get("/cluster/resources")
        let real = try fixture("cluster-resources.go-proxmox-pve8x.json")
        expectShape(entry(ours, "id", "qemu/116"), like: entry(real, "id", "qemu/100"), "running qemu")
        expectShape(entry(ours, "id", "qemu/9000"), like: entry(real, "id", "qemu/101"), "template")
        expectShape(entry(ours, "id", "qemu/117"), like: entry(real, "id", "qemu/102"), "tagged qemu")
        expectShape(entry(ours, "id", "node/pve3"), like: entry(real, "id", "node/node1"), "node")
        expectShape(entry(ours, "id", "storage/pve3/local-lvm"), like: entry(real, "id", "storage/node1/local-zfs"), "storage")
        let vm = try fixture("cluster-resources-vm.community-proxmox.data.json")
        expectShape(entry(ours, "id", "lxc/111"), like: entry(vm, "id", "lxc/102"), "running lxc")
        expectShape(entry(ours, "id", "qemu/130"), like: entry(vm, "id", "qemu/101"), optional: ["pool"], "stopped qemu")
        #expect(entry(ours, "id", "qemu/9000")?["template"]?.number == 1)
        #expect(entry(ours, "id", "qemu/116")?["disk"]?.number == 0, "QEMU disk is always 0")
        #expect(try await sim.get("/cluster/resources", query: ["type": "node"]).array?.count == 4)
    }

    @Test("nodes list")
    func nodes() async throws {
        let ours = try await simulator().get("/nodes")
        expectShape(entry(ours, "node", "pve3"), like: entry(try fixture("nodes.go-proxmox-pve7x.json"), "node", "node1"), "node")
        expectShape(entry(ours, "node", "pve3"), like: try fixture("nodes.k3s-checklist-pve8.4.data.json").array?.first, "node (8.4)")
        #expect(entry(ours, "node", "pve4")?["ssl_fingerprint"]?.string == "AB:CD")
    }

    @Test("node status (PVE 8.4 and 7.4)")
    func nodeStatus() async throws {
        expectShape(
            try await simulator().get("/nodes/pve3/status"),
            like: try fixture("node-status.k3s-checklist-pve8.4.data.json"), "8.4 node status")
        let old = try await simulator(version: "7.4-16").get("/nodes/pve3/status")
        expectShape(old, like: try fixture("node-status.go-proxmox-pve7x.json"), "7.4 node status")
        #expect(old["current-kernel"] == nil && old["boot-info"] == nil)
        #expect(old["loadavg"]?.array?.allSatisfy { $0.kind == "string" } == true)
    }

    @Test("node rrddata: PVE 8 fields, and the PVE 9 additions on a 9.x cluster")
    func nodeRRD() async throws {
        let real = try #require(try fixture("node-rrddata-hour-point.vobot-apps-pve9.data.json").array?.first)
        let pve9Only: Set<String> = [
            "memavailable", "arcsize", "pressurecpusome", "pressureiosome", "pressureiofull",
            "pressurememorysome", "pressurememoryfull",
        ]
        let ours = try await simulator().get("/nodes/pve3/rrddata", query: ["timeframe": "hour"]).array?.last
        expectShape(ours, like: real, optional: pve9Only, "PVE 8 point")
        #expect(ours?.keys.isDisjoint(with: pve9Only) == true)
        let nine = try await simulator(version: "9.0.10").get("/nodes/pve3/rrddata", query: ["timeframe": "hour"]).array?.last
        expectShape(nine, like: real, "PVE 9 point")
    }

    @Test("qemu and lxc lists (LXC vmid is a string before PVE 8.2)")
    func lists() async throws {
        let sim = try await simulator()
        let qemu = try await sim.get("/nodes/pve3/qemu")
        let realQemu = try fixture("qemu-list.community-proxmox.data.json")
        expectShape(entry(qemu, "vmid", "116"), like: entry(realQemu, "vmid", "100"), "running qemu list entry")
        expectShape(entry(try await sim.get("/nodes/pve4/qemu"), "vmid", "130"), like: entry(realQemu, "vmid", "101"), "stopped")

        let realLXC = try fixture("lxc-list.go-proxmox-pve7x.json")
        let old = try await simulator(version: "7.4-16").get("/nodes/pve3/lxc")
        expectShape(entry(old, "vmid", "111"), like: entry(realLXC, "vmid", "106"), "7.4 lxc list entry")
        #expect(old.array?.allSatisfy { $0["vmid"]?.kind == "string" } == true)
        let new = try await sim.get("/nodes/pve3/lxc")
        expectShape(entry(new, "vmid", "111"), like: entry(realLXC, "vmid", "106"), otherKinds: ["vmid": "number"], "8.4 lxc list entry")
        #expect(new.array?.allSatisfy { $0["vmid"]?.kind == "number" } == true)
        expectShape(
            entry(try await sim.get("/nodes/pve6/lxc"), "vmid", "152"),
            like: try fixture("lxc-list.community-proxmox.data.json").array?.first, otherKinds: ["vmid": "number"], "community lxc")
    }

    @Test("guest configs (QEMU memory is a property string since PVE 8.1)")
    func configs() async throws {
        let realQemu = try fixture("qemu-config.community-proxmox-inventory.data.json")
        let qemuKeys: Set<String> = [
            "name", "cores", "sockets", "memory", "digest", "smbios1", "vmgenid", "agent", "numa", "onboot",
            "ostype", "scsihw", "net0", "scsi0", "balloon",
        ]
        let subset = JSONValue.object(try #require(realQemu.object).filter { qemuKeys.contains($0.key) })
        expectShape(try await simulator(version: "7.4-16").get("/nodes/pve4/qemu/121/config"), like: subset, "7.4 qemu config")
        let current = try await simulator().get("/nodes/pve4/qemu/121/config")
        expectShape(current, like: subset, otherKinds: ["memory": "string"], "8.4 qemu config")
        #expect(current["memory"]?.string == "4096")

        let realLXC = try fixture("lxc-config.go-proxmox-pve7x.json")
        let lxcSubset = JSONValue.object(try #require(realLXC.object).filter { $0.key != "lxc" })
        let sim = try await simulator()
        expectShape(try await sim.get("/nodes/pve3/lxc/111/config"), like: lxcSubset, optional: ["tags"], "lxc config")
        expectShape(try await sim.get("/nodes/pve4/lxc/124/config"), like: lxcSubset, optional: ["mp0"], "tagged lxc config")
    }

    @Test("guest status/current")
    func statusCurrent() async throws {
        let sim = try await simulator()
        expectShape(
            try await sim.get("/nodes/pve4/qemu/121/status/current"),
            like: try fixture("qemu-status-current.go-proxmox-pve7x.json"), optional: ["spice"], "qemu status")
        expectShape(
            try await sim.get("/nodes/pve3/lxc/111/status/current"),
            like: try fixture("lxc-status-current-ha.community-proxmox-inventory.data.json"),
            otherKinds: ["cpus": "number"], "lxc status")
        let ha = try await sim.get("/nodes/pve6/qemu/151/status/current")
        #expect(ha["ha"]?["managed"]?.number == 1 && ha["ha"]?["state"]?.string == "started")
    }

    @Test("storage views")
    func storage() async throws {
        let sim = try await simulator()
        let real = try #require(try fixture("nodes-storage.home-assistant-core.data.json").array)
        let ours = try await sim.get("/nodes/pve3/storage")
        expectShape(entry(ours, "storage", "local"), like: real.first, "local storage")
        expectShape(entry(ours, "storage", "nas-nfs"), like: real.last, "nfs storage")
        let config = try await sim.get("/storage")
        let realConfig = try fixture("storage-config.k3s-checklist-pve8.4.data.json")
        expectShape(
            entry(config, "storage", "fast-nvme"), like: entry(realConfig, "storage", "local-zfs"),
            optional: ["mountpoint"], "zfspool config")
        expectShape(
            entry(config, "storage", "fast-nvme"), like: entry(realConfig, "storage", "usb-storage-01"),
            optional: ["is_mountpoint", "path", "shared"], "restricted storage")
        #expect(entry(config, "storage", "fast-nvme")?["nodes"]?.string == "pve3,pve4")
    }

    @Test("migration preconditions, UPID answer, task status and lists")
    func migrationShapes() async throws {
        let sim = try await simulator()
        expectShape(
            try await sim.get("/nodes/pve3/qemu/116/migrate"),
            like: try fixture("qemu-migrate-precondition.gjallar-pve9.data.json"), "qemu precondition")
        let pre = try await sim.get("/nodes/pve3/qemu/116/migrate")
        #expect(pre["not_allowed_nodes"]?["pve4"] == .object([:]), "allowed nodes also appear as {}")
        let nine = try await simulator(version: "9.0.10").get("/nodes/pve3/lxc/111/migrate")
        #expect(nine.keys == ["running", "allowed-nodes", "not-allowed-nodes"])

        let answer = try await sim.call("POST", "/nodes/pve3/qemu/116/migrate", form: ["target": "pve5", "online": "1"])
        let real = try JSONValue.parse(try Fixtures.data("post-qemu-create-upid.danitso-tf-provider-10.json"))
        #expect(answer.body?.keys == real.keys && answer.data.kind == real["data"]?.kind)
        let upid = try #require(answer.data.string)
        expectShape(
            try await sim.get("/nodes/pve3/tasks/\(upid)/status"), like: try fixture("task-status-running.proxmoxer.json"),
            "running task")
        let clock = ManualClock(TestScenarios.date(hour: 12))
        let stopped = PVESimulator(scenario: try TestScenarios.fastDemo(), now: clock.now)
        let done = try #require(try await stopped.call("POST", "/nodes/pve6/lxc/152/migrate", form: ["target": "pve5", "restart": "1"]).data.string)
        clock.advance(1)
        let statusAfter = try await stopped.get("/nodes/pve6/tasks/\(done)/status")
        expectShape(statusAfter, like: try fixture("task-status-stopped-error.proxmoxer.json"), "stopped task")
        let tasks = try await stopped.get("/nodes/pve6/tasks")
        expectShape(tasks.array?.first, like: try fixture("node-tasks.community-proxmox-pve6.4.data.json").array?.first, "task list entry")
        let log = try await stopped.call("GET", "/nodes/pve6/tasks/\(done)/log")
        #expect(log.body?["total"]?.kind == "number")
        #expect(log.data.array?.allSatisfy { $0.keys == ["n", "t"] && $0["n"]?.kind == "number" && $0["t"]?.kind == "string" } == true)
    }

    @Test("HA status entries (PVE 9 adds fencing)")
    func haStatus() async throws {
        let real = try fixture("cluster-ha-status-current.pegaprox-pve9.2.10.data.json")
        let ours = try await simulator(version: "9.2.10").get("/cluster/ha/status/current")
        for id in ["quorum", "master", "fencing"] {
            expectShape(entry(ours, "id", id), like: entry(real, "id", id), id)
        }
        expectShape(entry(ours, "id", "lrm:pve3"), like: entry(real, "id", "lrm:pve-node-a1"), "lrm")
        expectShape(
            entry(ours, "id", "service:vm:151"), like: entry(real, "id", "service:vm:100"),
            optional: ["auto-rebalance", "comment"], "service")
        let eight = try await simulator().get("/cluster/ha/status/current")
        #expect(entry(eight, "id", "fencing") == nil && entry(eight, "id", "master") != nil)
    }

    /// A task log line reduced to its structure: no timestamp, numbers, units, names or addresses.
    private static func template(_ line: String) -> String {
        var text = line.replacingOccurrences(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d "#, with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: #"'[^']*'"#, with: "'X'", options: .regularExpression)
        text = text.replacingOccurrences(of: #"\(\d+\.\d+\.\d+\.\d+\)"#, with: "(IP)", options: .regularExpression)
        text = text.replacingOccurrences(of: #"\d+(\.\d+)?"#, with: "#", options: .regularExpression)
        return text.replacingOccurrences(of: #"\b(B|KiB|MiB|GiB|TiB)\b"#, with: "U", options: .regularExpression)
    }

    @Test("an HA-started online migration log has every line kind of the real one")
    func migrationLog() async throws {
        let clock = ManualClock(TestScenarios.date(hour: 12))
        let sim = PVESimulator(scenario: try TestScenarios.fastDemo(), now: clock.now)
        _ = try await sim.call("POST", "/nodes/pve6/qemu/151/migrate", form: ["target": "pve5", "online": "1"])
        clock.advance(5)
        let task = try #require(try await sim.get("/cluster/tasks").array?.first { $0["type"]?.string == "qmigrate" })
        let upid = try #require(task["upid"]?.string)
        let lines = try #require(try await sim.get("/nodes/pve6/tasks/\(upid)/log", query: ["limit": "0"]).array).compactMap { $0["t"]?.string }
        let ours = Set(lines.map(Self.template))
        let real = try Fixtures.text("task-log-qmigrate-online-ha.cybersecurity-all-diskless.txt").split(separator: "\n").map(String.init)
        let skipped = ["use dedicated network address"]
        for line in real where !skipped.contains(where: line.contains) {
            #expect(ours.contains(Self.template(line)), "missing a line like: \(line)")
        }
    }

    @Test("a failed local-disk migration ends like the real one")
    func failedLog() async throws {
        let clock = ManualClock(TestScenarios.date(hour: 12))
        let sim = PVESimulator(scenario: try TestScenarios.fastDemo(), now: clock.now)
        let upid = try #require(try await sim.call("POST", "/nodes/pve4/qemu/121/migrate", form: ["target": "pve5", "online": "1"]).data.string)
        clock.advance(2)
        let lines = try #require(try await sim.get("/nodes/pve4/tasks/\(upid)/log").array).compactMap { $0["t"]?.string }
        let real = try Fixtures.text("task-log-qmigrate-failed-local-disk.telmate-tf-provider-303.txt").split(separator: "\n").map(String.init)
        let ours = lines.map(Self.template)
        for line in [real[0], real[real.count - 3], real[real.count - 1]] {
            #expect(ours.contains(Self.template(line)), "missing a line like: \(line)")
        }
        #expect(lines.last == real.last)
        #expect(lines[lines.count - 2].contains("ERROR: migration aborted (duration 00:00:00): "))
    }
}
