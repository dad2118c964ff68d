import Contract
import Foundation
import PVESimulator
import ScoringEngine
import Testing

/// Migrations as tasks: progress over simulated time, the guest's move, in-task failures, HA.
@Suite("Migration tasks")
struct MigrationTaskTests {
    let clock = ManualClock(TestScenarios.date(hour: 12))

    private func simulator() throws -> PVESimulator {
        PVESimulator(scenario: try TestScenarios.fastDemo(), now: clock.now)
    }

    private func start(_ sim: PVESimulator, _ path: String, _ form: [String: String]) async throws -> String {
        let answer = try await sim.call("POST", path, form: form)
        #expect(answer.status == 200, "\(answer.status) \(answer.reason)")
        let upid = try #require(answer.data.string)
        #expect(
            upid.range(of: #"^UPID:pve\d:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:[a-z]+:\d+:root@pam:$"#, options: .regularExpression) != nil, "\(upid)")
        return upid
    }

    private func node(of upid: String) -> String { String(upid.split(separator: ":")[1]) }

    private func status(_ sim: PVESimulator, _ upid: String) async throws -> JSONValue {
        try await sim.get("/nodes/\(node(of: upid))/tasks/\(upid)/status")
    }

    private func log(_ sim: PVESimulator, _ upid: String) async throws -> [String] {
        let answer = try await sim.call("GET", "/nodes/\(node(of: upid))/tasks/\(upid)/log", query: ["limit": "0"])
        #expect(answer.status == 200)
        let lines = try #require(answer.data.array)
        #expect(answer.body?["total"]?.number == Double(lines.count))
        #expect(lines.enumerated().allSatisfy { $0.element["n"]?.number == Double($0.offset + 1) })
        return lines.compactMap { $0["t"]?.string }
    }

    private func guestNode(_ sim: PVESimulator, _ vmid: String) async throws -> JSONValue {
        try #require(entry(try await sim.get("/cluster/resources", query: ["type": "vm"]), "vmid", vmid))
    }

    @Test("a live VM migration locks, logs progress, then moves the guest and resets its counters")
    func vmOnline() async throws {
        let sim = try simulator()
        let before = try await guestNode(sim, "116")
        let upid = try await start(sim, "/nodes/pve3/qemu/116/migrate", ["target": "pve5", "online": "1"])
        #expect(upid.contains(":qmigrate:116:root@pam:"))
        #expect(try await status(sim, upid)["status"]?.string == "running")
        #expect(try await status(sim, upid)["exitstatus"] == nil)
        #expect(try await sim.get("/nodes/pve3/qemu/116/config")["lock"]?.string == "migrate")
        let during = try await guestNode(sim, "116")
        #expect(during["lock"]?.string == "migrate" && during["node"]?.string == "pve3")
        #expect(try await log(sim, upid).first?.hasSuffix("starting migration of VM 116 to node 'pve5' (192.168.1.15)") == true)
        let running = try #require(try await sim.get("/cluster/tasks").array?.first { $0["upid"]?.string == upid })
        #expect(running["status"] == nil && running["endtime"] == nil)

        clock.advance(0.2)
        let partial = try await log(sim, upid)
        #expect(partial.contains { $0.contains("migration active, transferred ") && $0.contains(" of 4.0 GiB VM-state, ") })
        #expect(!partial.contains("TASK OK"))

        clock.advance(2)
        let done = try await status(sim, upid)
        #expect(done["status"]?.string == "stopped" && done["exitstatus"]?.string == "OK")
        let lines = try await log(sim, upid)
        #expect(lines.last == "TASK OK")
        #expect(lines.contains { $0.contains("migration finished successfully (duration 00:00:00)") })
        #expect(lines.dropLast().allSatisfy { $0.range(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d "#, options: .regularExpression) != nil })

        let after = try await guestNode(sim, "116")
        #expect(after["node"]?.string == "pve5" && after["lock"] == nil && after["status"]?.string == "running")
        #expect(try #require(after["uptime"]?.number) < 10)
        #expect(try #require(after["netin"]?.number) < (try #require(before["netin"]?.number)))
        #expect(entry(try await sim.get("/nodes/pve5/qemu"), "vmid", "116") != nil)
        #expect(entry(try await sim.get("/nodes/pve3/qemu"), "vmid", "116") == nil)
        #expect(try await sim.call("GET", "/nodes/pve3/qemu/116/config").status == 500)
        #expect(try await sim.get("/nodes/pve5/qemu/116/config")["lock"] == nil)
        let archived = try #require(try await sim.get("/nodes/pve3/tasks").array?.first { $0["upid"]?.string == upid })
        #expect(archived["status"]?.string == "OK" && archived["endtime"] != nil)
    }

    @Test("the node history follows the guest to its new node")
    func historyFollowsPlacement() async throws {
        let sim = try simulator()
        let upid = try await start(sim, "/nodes/pve3/qemu/117/migrate", ["target": "pve4", "online": "1", "with-local-disks": "1"])
        clock.advance(3600)
        #expect(try await status(sim, upid)["exitstatus"]?.string == "OK")
        let pve4 = try #require(try await sim.get("/nodes/pve4/rrddata", query: ["timeframe": "day"]).array)
        let pve3 = try #require(try await sim.get("/nodes/pve3/rrddata", query: ["timeframe": "day"]).array)
        let early4 = try #require(pve4[pve4.count - 4]["cpu"]?.number)
        let late4 = try #require(pve4.last?["cpu"]?.number)
        let early3 = try #require(pve3[pve3.count - 4]["cpu"]?.number)
        let late3 = try #require(pve3.last?["cpu"]?.number)
        #expect(late4 - early4 > 0.3, "pve4 gains the SS load: \(early4) → \(late4)")
        #expect(early3 - late3 > 0.3, "pve3 loses it: \(early3) → \(late3)")
    }

    @Test("a restart-mode CT migration shuts down, copies the volume and starts on the target")
    func containerRestart() async throws {
        let sim = try simulator()
        let upid = try await start(sim, "/nodes/pve3/lxc/114/migrate", ["target": "pve5", "restart": "1"])
        #expect(upid.contains(":vzmigrate:114:"))
        #expect(try await guestNode(sim, "114")["status"]?.string == "stopped")
        clock.advance(5)
        let lines = try await log(sim, upid)
        #expect(lines.first?.hasSuffix("shutdown CT 114") == true)
        for text in [
            "starting migration of CT 114 to node 'pve5'", "found local volume 'local-lvm:vm-114-disk-0' (in current VM config)",
            "transferred ", "start container on target node", "migration finished successfully",
        ] {
            #expect(lines.contains { $0.contains(text) }, "\(text)")
        }
        #expect(lines.last == "TASK OK")
        let after = try await guestNode(sim, "114")
        #expect(after["node"]?.string == "pve5" && after["status"]?.string == "running" && after["lock"] == nil)
        let list = try #require(entry(try await sim.get("/nodes/pve5/lxc"), "vmid", "114"))
        #expect(list["status"]?.string == "running")
    }

    @Test("shared bind mounts are ignored and do not block a CT migration")
    func sharedBindMount() async throws {
        let sim = try simulator()
        let upid = try await start(sim, "/nodes/pve3/lxc/112/migrate", ["target": "pve4", "restart": "1"])
        clock.advance(5)
        let lines = try await log(sim, upid)
        #expect(lines.contains { $0.hasSuffix("ignoring shared 'bind' mount point 'mp0' ('/mnt/tank/media')") })
        #expect(try await status(sim, upid)["exitstatus"]?.string == "OK")
        #expect(try await guestNode(sim, "112")["node"]?.string == "pve4")
    }

    @Test("an unshared bind mount fails inside the task")
    func unsharedBindMount() async throws {
        let sim = try simulator()
        let upid = try await start(sim, "/nodes/pve6/lxc/152/migrate", ["target": "pve5", "restart": "1"])
        clock.advance(1)
        let lines = try await log(sim, upid)
        #expect(lines.count == 2)
        #expect(lines.first?.hasSuffix("ERROR: migration aborted (duration 00:00:00): cannot migrate local bind mount point 'mp0'") == true)
        #expect(lines.last == "TASK ERROR: migration aborted")
        let done = try await status(sim, upid)
        #expect(done["status"]?.string == "stopped" && done["exitstatus"]?.string == "migration aborted")
        let guest = try await guestNode(sim, "152")
        #expect(guest["node"]?.string == "pve6" && guest["status"]?.string == "running" && guest["lock"] == nil)
        let failed = try #require(try await sim.get("/nodes/pve6/tasks", query: ["errors": "1"]).array)
        #expect(failed.contains { $0["upid"]?.string == upid && $0["status"]?.string == "migration aborted" })
    }

    @Test("an injected failure aborts mid-way once; the next migration succeeds")
    func injectedFailure() async throws {
        let sim = try simulator()
        await sim.setFaults(SimulatorFaults(failMigrations: [116]))
        let failed = try await start(sim, "/nodes/pve3/qemu/116/migrate", ["target": "pve5", "online": "1"])
        clock.advance(3)
        let lines = try await log(sim, failed)
        #expect(lines.contains { $0.contains("migration active, transferred") })
        #expect(lines.contains { $0.contains("ERROR: migration aborted (duration ") })
        #expect(lines.last == "TASK ERROR: migration aborted")
        #expect(try await status(sim, failed)["exitstatus"]?.string == "migration aborted")
        #expect(try await guestNode(sim, "116")["node"]?.string == "pve3")
        #expect(await sim.faults().failMigrations.isEmpty)

        let retried = try await start(sim, "/nodes/pve3/qemu/116/migrate", ["target": "pve5", "online": "1"])
        clock.advance(3)
        #expect(try await status(sim, retried)["exitstatus"]?.string == "OK")
        #expect(try await guestNode(sim, "116")["node"]?.string == "pve5")
    }

    @Test("running VM with local disks needs with-local-disks; with it the disks are mirrored")
    func localDisks() async throws {
        let sim = try simulator()
        let refused = try await start(sim, "/nodes/pve4/qemu/121/migrate", ["target": "pve5", "online": "1"])
        clock.advance(1)
        let lines = try await log(sim, refused)
        #expect(lines.contains { $0.contains("can't live migrate attached local disks without with-local-disks option") })
        #expect(lines.last == "TASK ERROR: migration aborted")

        let mirrored = try await start(sim, "/nodes/pve4/qemu/121/migrate", ["target": "pve5", "online": "1", "with-local-disks": "1"])
        clock.advance(5)
        let mirrorLines = try await log(sim, mirrored)
        #expect(mirrorLines.contains { $0.contains("found local disk 'local-lvm:vm-121-disk-0' (attached)") })
        #expect(mirrorLines.contains { $0.contains("mirror-scsi0: transferred ") })
        #expect(mirrorLines.contains { $0.hasSuffix("all 'mirror' jobs are ready") })
        #expect(mirrorLines.last == "TASK OK")
        #expect(try await guestNode(sim, "121")["node"]?.string == "pve5")
    }

    @Test("a stopped VM migrates offline and copies its local disk")
    func offlineVM() async throws {
        let sim = try simulator()
        let upid = try await start(sim, "/nodes/pve4/qemu/130/migrate", ["target": "pve6"])
        clock.advance(10)
        let lines = try await log(sim, upid)
        #expect(lines.contains { $0.hasSuffix("successfully imported 'local-lvm:vm-130-disk-0'") })
        #expect(lines.last == "TASK OK")
        let guest = try await guestNode(sim, "130")
        #expect(guest["node"]?.string == "pve6" && guest["status"]?.string == "stopped")
    }

    @Test("a migration fails when its target goes offline mid-way")
    func targetGoesOffline() async throws {
        let sim = try simulator()
        let upid = try await start(sim, "/nodes/pve4/qemu/123/migrate", ["target": "pve5", "online": "1", "with-local-disks": "1"])
        clock.advance(1)
        #expect(try await status(sim, upid)["status"]?.string == "running")
        await sim.setFaults(SimulatorFaults(offlineNodes: ["pve5"]))
        let done = try await status(sim, upid)
        #expect(done["status"]?.string == "stopped" && done["exitstatus"]?.string == "migration aborted")
        #expect(try await log(sim, upid).contains { $0.contains("unable to reach node 'pve5'") })
        let guest = try await guestNode(sim, "123")
        #expect(guest["node"]?.string == "pve4" && guest["lock"] == nil)
    }

    @Test("a migration fails when its source goes offline mid-way (seen through /cluster/tasks)")
    func sourceGoesOffline() async throws {
        let sim = try simulator()
        let upid = try await start(sim, "/nodes/pve4/qemu/123/migrate", ["target": "pve5", "online": "1", "with-local-disks": "1"])
        clock.advance(1)
        await sim.setFaults(SimulatorFaults(offlineNodes: ["pve4"]))
        #expect(try await sim.call("GET", "/nodes/pve4/tasks/\(upid)/status").status == 595)
        let task = try #require(try await sim.get("/cluster/tasks").array?.first { $0["upid"]?.string == upid })
        #expect(task["status"]?.string == "migration aborted" && task["endtime"] != nil)
        let guest = try await guestNode(sim, "123")
        #expect(guest["node"]?.string == "pve4" && guest["status"]?.string == "unknown" && guest["lock"] == nil)
    }

    @Test("an HA-managed VM goes through hamigrate, then a qmigrate started by the HA agent")
    func haMigration() async throws {
        let sim = try simulator()
        let request = try await start(sim, "/nodes/pve6/qemu/151/migrate", ["target": "pve5", "online": "1"])
        #expect(request.contains(":hamigrate:151:"))
        let requestStatus = try await status(sim, request)
        #expect(requestStatus["status"]?.string == "stopped" && requestStatus["exitstatus"]?.string == "OK")
        #expect(try await log(sim, request) == ["Requesting HA migration for VM 151 to node pve5", "TASK OK"])
        var service = try #require(entry(try await sim.get("/cluster/ha/status/current"), "sid", "vm:151"))
        #expect(service["crm_state"]?.string == "migrate" && service["node"]?.string == "pve6")

        clock.advance(0.06)
        let tasks = try await sim.get("/nodes/pve6/tasks", query: ["typefilter": "qmigrate", "vmid": "151"])
        let real = try #require(tasks.array?.first?["upid"]?.string)
        #expect(try await log(sim, real).first == "task started by HA resource agent")
        #expect(try await sim.get("/nodes/pve6/qemu/151/config")["lock"]?.string == "migrate")

        clock.advance(3)
        #expect(try await status(sim, real)["exitstatus"]?.string == "OK")
        service = try #require(entry(try await sim.get("/cluster/ha/status/current"), "sid", "vm:151"))
        #expect(service["crm_state"]?.string == "started" && service["node"]?.string == "pve5")
        let resource = try await guestNode(sim, "151")
        #expect(resource["node"]?.string == "pve5" && resource["hastate"]?.string == "started")
    }

    @Test("the state summary counts guests per node and lists running tasks")
    func stateSummary() async throws {
        let sim = try simulator()
        _ = try await start(sim, "/nodes/pve3/qemu/116/migrate", ["target": "pve5", "online": "1"])
        let summary = try JSONValue.parse(await sim.stateSummary())
        let nodes = try #require(summary["nodes"])
        let pve3 = try #require(entry(nodes, "name", "pve3"))
        #expect(pve3["guests"]?.number == 8 && pve3["running"]?.number == 8)
        #expect(abs(try #require(pve3["cpu_percent"]?.number) - 83) < 5)
        #expect(summary["tasks"]?.array?.count == 1 && summary["tasks"]?.array?.first?["target"]?.string == "pve5")
    }
}
