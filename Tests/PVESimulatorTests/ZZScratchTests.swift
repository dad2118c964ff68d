import Foundation
@testable import PVESimulator
import Testing

@Test func scratchGeneratorStats() async throws {
    let scenario = ScenarioGenerator.generate(nodes: 32, guests: 5000, seed: 1)
    let core = SimulatorCore(scenario: scenario, sslFingerprint: nil, realStart: Date())
    let clock = ContinuousClock()
    let now = Date().timeIntervalSince1970
    var t = clock.now
    var sum = 0.0
    for g in 0..<5000 { sum += Double(core.sample(guest: g, at: now).netin) }
    print("guest samples", clock.now - t)
    t = clock.now
    for n in 0..<32 { sum += core.sample(node: n, at: now).cpu }
    print("node samples", clock.now - t)
    t = clock.now
    var json = JSONWriter(capacity: 2_000_000)
    json.beginArray()
    for g in 0..<5000 {
        json.beginObject()
        for k in ["id", "type", "vmid", "name", "node", "template", "maxcpu", "maxmem", "maxdisk", "status", "cpu", "mem", "disk", "netin", "netout", "diskread", "diskwrite", "uptime"] {
            json.field(k, Double(g) * 1234.5678)
        }
        json.endObject()
    }
    json.endArray()
    print("json only", clock.now - t, json.bytes.count, sum > 0)
}
