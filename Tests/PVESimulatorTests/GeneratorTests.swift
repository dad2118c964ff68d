import Contract
import Foundation
import PVESimulator
import Testing

@Suite("Scenario generator")
struct GeneratorTests {
    @Test("same seed, same scenario; another seed, another one")
    func determinism() throws {
        let a = ScenarioGenerator.generate(nodes: 8, guests: 300, seed: 42)
        let b = ScenarioGenerator.generate(nodes: 8, guests: 300, seed: 42)
        let c = ScenarioGenerator.generate(nodes: 8, guests: 300, seed: 43)
        #expect(a == b)
        #expect(a != c)
        #expect(try a.jsonData() == b.jsonData())
    }

    @Test("32 nodes × 5000 guests: sizes, validity, variety and imbalance")
    func large() async throws {
        let scenario = ScenarioGenerator.generate(nodes: 32, guests: 5000, seed: 1)
        #expect(scenario.nodes.count == 32 && scenario.guests.count == 5000)
        try scenario.validate()
        #expect(Set(scenario.nodes.map(\.name)).count == 32)
        #expect(scenario.guests.contains { $0.type == .lxc } && scenario.guests.contains { $0.type == .qemu })
        #expect(scenario.guests.contains { $0.ha?.managed == true })
        #expect(scenario.guests.contains { !$0.passthrough.isEmpty })
        #expect(scenario.guests.contains { $0.template })
        #expect(scenario.guests.contains { $0.tags.contains { $0.hasPrefix("exclude_") } })
        #expect(Set(scenario.guests.map(\.memoryMib)).count >= 5)

        let sim = PVESimulator(scenario: scenario, now: { TestScenarios.date(hour: 14) })
        let nodes = try #require(try await sim.get("/cluster/resources", query: ["type": "node"]).array)
        let cpus = nodes.compactMap { $0["cpu"]?.number }
        #expect(cpus.count == 32)
        #expect(try #require(cpus.max()) - (try #require(cpus.min())) > 0.3, "deliberately imbalanced: \(cpus)")
        let vms = try #require(try await sim.get("/cluster/resources", query: ["type": "vm"]).array)
        #expect(vms.count == 5000)
    }

    @Test("tiny sizes work too", arguments: [(1, 0), (1, 1), (3, 7)])
    func small(nodes: Int, guests: Int) throws {
        let scenario = ScenarioGenerator.generate(nodes: nodes, guests: guests, seed: 5)
        #expect(scenario.nodes.count == nodes && scenario.guests.count == guests)
        try scenario.validate()
    }
}
