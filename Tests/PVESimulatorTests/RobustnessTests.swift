import Contract
import Foundation
import PVESimulator
import TestSupport
import Testing

@Suite("Robustness against bad input")
struct RobustnessTests {
    /// A scenario built in code with absurd numbers (never validated).
    static func hostile() -> Scenario {
        var scenario = Scenario(
            clock: ScenarioClock(speed: .infinity, historyDays: -5, start: 1e300),
            migration: ScenarioMigration(bandwidthMiBs: 0, baseSeconds: -3, timeScale: .nan, bwlimitKiBs: -.infinity),
            storages: [ScenarioStorage(id: "s", totalGib: .infinity, usedGib: -1)],
            nodes: [ScenarioNode(name: "n1", cpus: 0, memoryGib: 1e300), ScenarioNode(name: "n2", cpus: -4, memoryGib: .nan)])
        scenario.guests = [
            ScenarioGuest(
                vmid: 100, node: "n1", cores: Int.max, memoryMib: Int.max, balloon: -7,
                disks: [ScenarioDisk(key: "scsi0", storage: "s", sizeGib: 1e300)],
                workload: ScenarioWorkload(cpu: .nan, dailyAmplitude: 1e9, noise: -1, netInBps: .infinity)),
            ScenarioGuest(vmid: 101, type: .lxc, node: "n2", memoryMib: -1, disks: [ScenarioDisk(key: "rootfs", storage: "missing")]),
            ScenarioGuest(vmid: 5, node: "n1"),
            ScenarioGuest(vmid: 102, node: "nowhere"),
        ]
        return scenario
    }

    @Test("validation rejects it with a clear message")
    func rejected() {
        #expect(throws: ScenarioError.self) { try Self.hostile().validate() }
    }

    @Test("a migration bandwidth limit out of range is refused naming the key")
    func bwlimitRefused() throws {
        var scenario = try SimulatorScenarios.demo()
        scenario.migration.bwlimitKiBs = 0
        #expect(throws: ScenarioError("migration.bwlimit_kib_s must be from 1 to 1e10 KiB/s")) { try scenario.validate() }
        scenario.migration.bwlimitKiBs = 102_400
        #expect(throws: Never.self) { try scenario.validate() }
    }

    @Test("the simulator still answers every endpoint without trapping")
    func answers() async throws {
        let sim = PVESimulator(scenario: Self.hostile())
        let paths = [
            "/version", "/cluster/status", "/cluster/resources", "/nodes", "/nodes/n1/status", "/nodes/n1/qemu",
            "/nodes/n2/lxc", "/nodes/n1/qemu/100/config", "/nodes/n1/qemu/100/status/current", "/storage",
            "/nodes/n1/storage", "/cluster/ha/status/current", "/cluster/tasks", "/nodes/n1/tasks", "/cluster/options",
        ]
        for path in paths {
            let answer = try await sim.call("GET", path)
            #expect(answer.status == 200, "\(path): \(answer.status) \(answer.reason)")
        }
        for timeframe in ["hour", "year"] {
            #expect(try await sim.call("GET", "/nodes/n1/rrddata", query: ["timeframe": timeframe]).status == 200)
            #expect(try await sim.call("GET", "/nodes/n1/qemu/100/rrddata", query: ["timeframe": timeframe]).status == 200)
        }
        let migrate = try await sim.call("POST", "/nodes/n1/qemu/100/migrate", form: ["target": "n2", "online": "1", "with-local-disks": "1"])
        #expect([200, 500].contains(migrate.status))
        #expect(try await sim.call("GET", "/nodes/n1/qemu/5/config").status == 400, "vmid below 100 is not a valid VM ID")
        _ = await sim.stateSummary()
    }

    @Test(
        "garbage paths and parameters get errors, not crashes",
        arguments: [
            "/", "/nodes/pve3/qemu/116/config/extra", "/nodes/n%2F1/status", "/nodes/pve3/tasks/UPID:broken/status", "/nodes/pve3/tasks/%ZZ/log",
            "/nodes/pve3/qemu/99999999999999999999/config", "/nodes/pve3/lxc/-1/status/current", "/cluster/resources/extra",
        ])
    func garbage(path: String) async throws {
        let sim = PVESimulator(scenario: try TestScenarios.demo())
        let answer = try await sim.call("GET", path, query: ["start": "-1", "limit": "x"])
        #expect([400, 500, 501].contains(answer.status), "\(path): \(answer.status)")
    }
}
