import Foundation
import PVESimulator
import Testing

@Suite("Demo scenario (modelled on the seed)")
struct DemoScenarioTests {
    /// The seed's figures: node CPU % and guest counts.
    static let expected: [(node: String, cpu: Double, running: Int)] = [
        ("pve3", 83, 8), ("pve4", 59, 6), ("pve5", 23, 3), ("pve6", 49, 5),
    ]

    @Test("node CPU stays near the seed's figures at several times of day", arguments: [0.0, 6, 10, 14.5, 21])
    func nodeCPU(hour: Double) async throws {
        let simulator = PVESimulator(scenario: try TestScenarios.demo(), now: { TestScenarios.date(hour: hour) })
        let nodes = try await simulator.get("/cluster/resources", query: ["type": "node"])
        for (name, cpu, _) in Self.expected {
            let measured = try #require(entry(nodes, "node", name)?["cpu"]?.number) * 100
            #expect(abs(measured - cpu) <= 5, "\(name) at \(hour)h: \(measured) %")
        }
    }

    @Test("guest counts, tags and mount points match the seed")
    func guests() async throws {
        let simulator = PVESimulator(scenario: try TestScenarios.demo(), now: { TestScenarios.date(hour: 12) })
        let vms = try #require(try await simulator.get("/cluster/resources", query: ["type": "vm"]).array)
        for (name, _, running) in Self.expected {
            #expect(vms.filter { $0["node"]?.string == name && $0["status"]?.string == "running" }.count == running, "\(name)")
        }
        let pve3 = Set(vms.filter { $0["node"]?.string == "pve3" }.compactMap { $0["name"]?.string })
        #expect(pve3.isSuperset(of: ["syncthing", "radarr", "prowlarr", "grafana", "pialert", "Firewall999", "SS"]))
        let ss = try #require(vms.first { $0["name"]?.string == "SS" })
        #expect(ss["tags"]?.string == "ignore")
        #expect(abs(try #require(ss["cpu"]?.number) - 0.86) < 0.05)
        #expect(vms.filter { $0["tags"]?.string?.split(separator: ";").contains("exclude_db") == true }.count == 2)
        #expect(vms.filter { $0["tags"]?.string?.contains("affinity_web") == true }.count == 2)
        #expect(vms.contains { $0["tags"]?.string == "no-auto-migrate" })
        #expect(vms.contains { $0["template"]?.number == 1 })
        #expect(vms.contains { $0["status"]?.string == "stopped" && $0["template"]?.number == 0 })
        #expect(vms.filter { $0["hastate"] != nil }.count == 1)

        for vmid in ["111", "112"] {
            let config = try await simulator.get("/nodes/pve3/lxc/\(vmid)/config")
            #expect(config["mp0"]?.string?.hasSuffix(",shared=1") == true, "CT \(vmid) mp0 is a shared bind mount")
        }
        let unshared = try await simulator.get("/nodes/pve6/lxc/152/config")
        #expect(unshared["mp0"]?.string == "/mnt/backup,mp=/backup")
        let gpu = try await simulator.get("/nodes/pve6/qemu/150/config")
        #expect(gpu["hostpci0"]?.string == "0000:01:00.0,pcie=1,x-vga=1")
    }

    @Test("storages: local-lvm on every node, one shared NFS, one node-restricted")
    func storages() async throws {
        let simulator = PVESimulator(scenario: try TestScenarios.demo(), now: { TestScenarios.date(hour: 12) })
        let storages = try #require(try await simulator.get("/cluster/resources", query: ["type": "storage"]).array)
        let byID = Dictionary(grouping: storages) { $0["storage"]?.string ?? "" }
        #expect(byID["local-lvm"]?.count == 4)
        #expect(byID["nas-nfs"]?.count == 4 && byID["nas-nfs"]?.allSatisfy { $0["shared"]?.number == 1 } == true)
        #expect(Set(byID["fast-nvme"]?.compactMap { $0["node"]?.string } ?? []) == ["pve3", "pve4"])
    }
}
