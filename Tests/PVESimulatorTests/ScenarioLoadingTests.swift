import Contract
import Foundation
import PVESimulator
import TestSupport
import Testing

@Suite("Scenario loading")
struct ScenarioLoadingTests {
    @Test("minimal JSON gets Proxmox-like defaults")
    func defaults() throws {
        let json = #"{"nodes":[{"name":"pve1"}],"guests":[{"vmid":100,"node":"pve1"}]}"#
        let scenario = try Scenario.decode(Data(json.utf8))
        #expect(scenario.pveVersion == "8.4.14")
        #expect(scenario.clock.speed == 1 && scenario.clock.historyDays == 8)
        #expect(scenario.migration.bandwidthMiBs == 1000 && scenario.migration.baseSeconds == 3 && scenario.migration.timeScale == 1)
        let guest = try #require(scenario.guests.first)
        #expect(guest.type == .qemu && guest.status == "running" && guest.memoryMib == 2048 && guest.name == "vm-100")
        #expect(scenario.nodes[0].cpus == 16)
    }

    @Test("snake_case keys are read by a plain decoder and by a convertFromSnakeCase decoder")
    func keyStrategies() throws {
        let json =
            Data(#"{"pve_version":"7.4-16","clock":{"history_days":3},"nodes":[{"name":"a","memory_gib":8}],"#.utf8)
            + Data(#""guests":[{"vmid":101,"type":"lxc","node":"a","memory_mib":512,"tags":"x;y","workload":{"peak_hour":3}}]}"#.utf8)
        let plain = try JSONDecoder().decode(Scenario.self, from: json)
        let converted = try MessageCoding.decode(Scenario.self, from: json)
        #expect(plain == converted)
        #expect(plain.pveVersion == "7.4-16" && plain.clock.historyDays == 3 && plain.nodes[0].memoryGib == 8)
        #expect(plain.guests[0].tags == ["x", "y"] && plain.guests[0].workload.peakHour == 3)
    }

    @Test("a generated scenario survives a JSON round trip")
    func roundTrip() throws {
        let scenario = ScenarioGenerator.generate(nodes: 3, guests: 40, seed: 9)
        let decoded = try Scenario.decode(try scenario.jsonData())
        #expect(decoded == scenario)
        #expect(try MessageCoding.decode(Scenario.self, from: try MessageCoding.encode(scenario)) == scenario)
        let text = String(decoding: try scenario.jsonData(), as: UTF8.self)
        #expect(text.contains("\"memory_mib\"") && !text.contains("memoryMib"))
    }

    @Test("faults decode from snake_case JSON with everything optional")
    func faults() throws {
        let faults = try MessageCoding.decode(SimulatorFaults.self, from: Data(#"{"offline_nodes":["pve4"],"error_rate":0.5}"#.utf8))
        #expect(faults == SimulatorFaults(errorRate: 0.5, offlineNodes: ["pve4"]))
        let encoded = String(decoding: try MessageCoding.encode(SimulatorFaults(latencyMs: 20, failMigrations: [5])), as: UTF8.self)
        #expect(encoded.contains("\"latency_ms\":20") && encoded.contains("\"fail_migrations\":[5]"))
    }

    @Test(
        "bad files and inconsistent scenarios give clear errors",
        arguments: [
            (#"{"nodes":[]}"#, "scenario has no nodes"),
            (#"{"guests":[]}"#, "missing key 'nodes'"),
            (#"{"nodes":[{"name":"a"}],"guests":[{"vmid":100,"node":"b"}]}"#, "guest 100 is on unknown node 'b'"),
            (#"{"nodes":[{"name":"a"}],"guests":[{"vmid":100,"node":"a"},{"vmid":100,"node":"a"}]}"#, "duplicate vmid 100"),
            (#"{"nodes":[{"name":"a"}],"guests":[{"vmid":100,"node":"a","disks":[{"key":"scsi0","storage":"x"}]}]}"#, "unknown storage 'x'"),
            (#"{"nodes":[{"name":"bad name"}]}"#, "invalid node name 'bad name'"),
            (#"{"nodes":"#, "invalid scenario"),
        ])
    func invalid(json: String, message: String) {
        #expect {
            try Scenario.decode(Data(json.utf8))
        } throws: { error in
            String(describing: error).contains(message)
        }
    }

    @Test("an unreadable path names the file")
    func unreadable() {
        #expect {
            try Scenario.load(path: "/nonexistent/scenario.json")
        } throws: { error in
            String(describing: error).contains("cannot read scenario '/nonexistent/scenario.json'")
        }
    }
}
