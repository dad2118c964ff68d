import CollectorSvc
import Contract
import Foundation
import MQTT
import PVESimulator
import ServiceRuntime
import TestSupport
import Testing

/// The collector's `rrd` request against the real simulator over HTTPS and a real mosquitto.
@Suite("Collector rrd request", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(3)))
struct CollectorRRDRequestTests {
    /// Runs `pb-collector`'s wiring against the demo scenario (40 days of history) with a client
    /// on the broker, from when the collector is `online` until `body` returns.
    func withCollector(_ body: (MQTTClient, Topics, Scenario) async throws -> Void) async throws {
        var scenario = try SimulatorScenarios.demo()
        scenario.clock.historyDays = 40
        try await withBroker { broker in
            try await withSimulator(scenario: scenario) { simulator in
                let topics = Topics(cluster: scenario.cluster)
                var settings = simulator.serviceSettings
                settings["PROXBALANCE_CLUSTER"] = scenario.cluster
                settings["PROXBALANCE_COLLECTOR_INTERVAL_SECONDS"] = "30"
                let collector = try await RunningService.start(
                    CollectorProgram(), broker: broker, settings: settings, readyOn: topics.availability(.collector))
                let client = try await TestBus.client(broker)
                do {
                    try await body(client, topics, scenario)
                } catch {
                    await client.disconnect()
                    try? await collector.stop()
                    throw error
                }
                await client.disconnect()
                try await collector.stop()
            }
        }
    }

    @Test("a node's and a guest's RRD come back in the contract's units, averages below maxima")
    func answers() async throws {
        try await withCollector { client, topics, scenario in
            let topic = topics.request(.collector, op: "rrd")
            let node = scenario.nodes[0].name
            let average = try await TestBus.request(
                client, topic, #"{"id": "a", "node": "\#(node)", "timeframe": "week"}"#, as: RRDSeries.self)
            let series = try #require(average.result, "\(String(describing: average.error))")
            #expect(average.id == "a" && series.node == node && series.cf == "AVERAGE" && series.timeframe == "week")
            #expect(series.points.count == 70)
            let cpu = series.points.compactMap(\.cpuPct)
            #expect(cpu.count == 70 && cpu.allSatisfy { (0...100).contains($0) } && cpu.contains { $0 > 1 })
            #expect(series.points.compactMap(\.memoryPct).allSatisfy { (0...100).contains($0) })
            #expect(zip(series.points.dropFirst(), series.points).allSatisfy { $0.at.timeIntervalSince($1.at) == 10_800 })
            let peaks = try #require(
                try await TestBus.request(
                    client, topic, #"{"node": "\#(node)", "timeframe": "week", "cf": "MAX"}"#, as: RRDSeries.self
                ).result)
            #expect(zip(series.points, peaks.points).allSatisfy { ($0.cpuPct ?? 0) <= ($1.cpuPct ?? 0) + 1e-9 })

            let guest = try #require(scenario.guests.first { $0.status == "running" })
            let guestSeries = try #require(
                try await TestBus.request(client, topic, #"{"vmid": \#(guest.vmid), "timeframe": "month"}"#, as: RRDSeries.self).result)
            #expect(guestSeries.vmid == guest.vmid && guestSeries.node == guest.node)
            #expect(guestSeries.points.contains { $0.cpuPct != nil && $0.memoryUsedBytes != nil && $0.netInBps != nil })
            // With its node: the same series; with another node: not there.
            let onNode = try await TestBus.request(
                client, topic, #"{"vmid": \#(guest.vmid), "node": "\#(guest.node)", "timeframe": "month"}"#, as: RRDSeries.self)
            #expect(onNode.result?.points.count == guestSeries.points.count)
            let other = try #require(scenario.nodes.first { $0.name != guest.node }?.name)
            let elsewhere = try await TestBus.request(
                client, topic, #"{"vmid": \#(guest.vmid), "node": "\#(other)", "timeframe": "month"}"#, as: RRDSeries.self)
            #expect(elsewhere.error?.code == "not_found")
            #expect(elsewhere.error?.message == "node: guest \(guest.vmid) is on '\(guest.node)', not on '\(other)'")
        }
    }

    @Test("a bad node, vmid, timeframe or cf is answered with a clear error, and the collector goes on")
    func refusals() async throws {
        try await withCollector { client, topics, scenario in
            let topic = topics.request(.collector, op: "rrd")
            let node = scenario.nodes[0].name
            let cases: [(String, String, String)] = [
                (#"{"node": "nosuch", "timeframe": "week"}"#, "not_found", "node: 'nosuch' is not in the cluster"),
                (#"{"vmid": 999999, "timeframe": "week"}"#, "not_found", "vmid: guest 999999 is not in the cluster"),
                (#"{"node": "\#(node)", "timeframe": "decade"}"#, "invalid", "timeframe: 'decade' is not one of"),
                (#"{"node": "\#(node)", "timeframe": "week", "cf": "MIN"}"#, "invalid", "cf: 'MIN' is not one of"),
                (#"{"timeframe": "week"}"#, "invalid", "node: give a node name, or a vmid"),
                (#"{"node": "\#(node)", "timeframe": "week", "step": 1}"#, "invalid", "step"),
                ("not json", "malformed", "JSON object"),
            ]
            for (payload, code, message) in cases {
                let reply = try await TestBus.request(client, topic, payload, as: RRDSeries.self)
                #expect(!reply.ok && reply.error?.code == code, "\(payload)")
                #expect(reply.error?.message.contains(message) == true, "\(payload): \(String(describing: reply.error?.message))")
            }
            let unknown = try await TestBus.request(client, topics.request(.collector, op: "nosuch"), "{}", as: RRDSeries.self)
            #expect(unknown.error?.code == "unknown_operation")
            let still = try await TestBus.request(client, topic, #"{"node": "\#(node)", "timeframe": "hour"}"#, as: RRDSeries.self)
            #expect(still.ok && still.result?.points.isEmpty == false)
        }
    }
}
