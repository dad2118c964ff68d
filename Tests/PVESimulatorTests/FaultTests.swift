import Foundation
import PVESimulator
import Testing

@Suite("Faults: offline nodes, error rate, quorum")
struct FaultTests {
    @Test("an offline node answers 595 with an empty body; resources keep its guests as unknown")
    func offlineNode() async throws {
        let sim = PVESimulator(scenario: try TestScenarios.demo(), now: { TestScenarios.date(hour: 12) })
        await sim.setFaults(SimulatorFaults(offlineNodes: ["pve4"]))
        for path in ["/nodes/pve4/status", "/nodes/pve4/qemu", "/nodes/pve4/qemu/120/config", "/nodes/pve4/rrddata"] {
            let response = await sim.handle(SimRequest(path: path))
            #expect(response.status == 595 && response.reason == "No route to host" && response.body == nil, "\(path)")
        }
        let resources = try await sim.get("/cluster/resources")
        let node = try #require(entry(resources, "id", "node/pve4"))
        #expect(node["status"]?.string == "offline" && node["cpu"] == nil && node["mem"] == nil && node["uptime"] == nil)
        #expect(node["maxcpu"]?.number == 16)
        let guest = try #require(entry(resources, "id", "qemu/120"))
        #expect(guest["status"]?.string == "unknown" && guest["node"]?.string == "pve4" && guest["cpu"] == nil)
        let status = try await sim.get("/cluster/status")
        #expect(entry(status, "name", "pve4")?["online"]?.number == 0)
        #expect(entry(status, "type", "cluster")?["quorate"]?.number == 1)
        #expect(entry(try await sim.get("/nodes"), "node", "pve4")?["status"]?.string == "offline")
        #expect(try await sim.call("GET", "/nodes/pve3/status").status == 200)

        await sim.setFaults(SimulatorFaults())
        #expect(try await sim.call("GET", "/nodes/pve4/status").status == 200)
    }

    @Test("an unknown node name is a hostname lookup failure")
    func unknownNode() async throws {
        let sim = PVESimulator(scenario: try TestScenarios.demo())
        let answer = try await sim.call("GET", "/nodes/nope/status")
        #expect(answer.status == 500 && answer.reason.hasPrefix("hostname lookup 'nope' failed"))
    }

    @Test("the error rate fails that share of calls with 500 simulated failure, deterministically")
    func errorRate() async throws {
        func failures(seedRuns: Int) async throws -> [Bool] {
            let sim = PVESimulator(scenario: try TestScenarios.demo())
            await sim.setFaults(SimulatorFaults(errorRate: 0.3))
            var results: [Bool] = []
            for _ in 0..<seedRuns {
                let answer = try await sim.call("GET", "/version")
                if answer.status == 500 { #expect(answer.reason == "simulated failure") } else { #expect(answer.status == 200) }
                results.append(answer.status == 500)
            }
            return results
        }
        let first = try await failures(seedRuns: 400)
        let share = Double(first.filter { $0 }.count) / 400
        #expect(share > 0.2 && share < 0.4, "\(share)")
        #expect(try await failures(seedRuns: 400) == first)
    }

    @Test("forcing quorum off shows in cluster status and HA status")
    func quorum() async throws {
        let sim = PVESimulator(scenario: try TestScenarios.demo())
        await sim.setFaults(SimulatorFaults(quorate: false))
        #expect(entry(try await sim.get("/cluster/status"), "type", "cluster")?["quorate"]?.number == 0)
        #expect(entry(try await sim.get("/cluster/ha/status/current"), "id", "quorum")?["quorate"]?.number == 0)
    }
}
