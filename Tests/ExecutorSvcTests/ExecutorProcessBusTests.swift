import Contract
import ExecutorSvc
import Foundation
import MQTT
import PVESimulator
import TestSupport
import Testing

/// `pb-executor` on the bus as an admin runs it: ready when it says `online`, nothing accepted
/// by the broker lost across broker restarts, bad input answered without memory kept.
@Suite("pb-executor process on the bus", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct ExecutorProcessBusTests {
    @Test("a request sent the moment pb-executor says online is answered, after every restart", .timeLimit(.minutes(3)))
    func requestOnOnline() async throws {
        let directory = try TemporaryDirectory(prefix: "executor-ready")
        defer { directory.remove() }
        try await RunnerHarness.run { harness in
            let environment = ExecutorProcessTests.environment(harness, directory: directory.path)
            let watch = try await AvailabilityWatch(harness.observer, topic: harness.topics.availability(.executor))
            try await OnlineReadiness.requestOnOnline(
                watch: watch, client: harness.observer, topic: harness.topics.request(.executor, op: "history"),
                payload: { #"{"id":"r\#($0)","limit":1}"# }
            ) { try BuiltExecutable.start("pb-executor", [], environment: environment) }
        }
    }

    @Test(
        "a request sent while pb-executor is stopped waits in its session and is answered after the restart; a dated one that waited too long is refused",
        .timeLimit(.minutes(2)))
    func requestWhileStopped() async throws {
        let directory = try TemporaryDirectory(prefix: "executor-session")
        defer { directory.remove() }
        try await RunnerHarness.run { harness in
            var environment = ExecutorProcessTests.environment(harness, directory: directory.path)
            // The session outlives the restart (it is kept this long); the dated command is older.
            environment["PROXBALANCE_COMMAND_MAX_AGE_SECONDS"] = "60"
            let watch = try await AvailabilityWatch(harness.observer, topic: harness.topics.availability(.executor))
            var executor = try BuiltExecutable.start("pb-executor", [], environment: environment)
            defer { executor.terminate() }
            try await watch.online()
            executor.signal(SIGTERM)
            try await watch.offline()
            #expect(await executor.exitStatus(within: .seconds(10)) == 0)

            let load = try await ServiceRequestLoad(harness.broker)
            let sentAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-120))
            try await load.client.publish(
                load.message(harness.topics.request(.executor, op: "history"), payload: Array(#"{"id":"q1","limit":1}"#.utf8), key: "q1"))
            try await load.client.publish(
                load.message(
                    harness.topics.request(.executor, op: "migrate"),
                    payload: Array(#"{"id":"q2","vmid":116,"target":"pve4","sent_at":"\#(sentAt)"}"#.utf8), key: "q2"))
            executor = try BuiltExecutable.start("pb-executor", [], environment: environment)
            _ = try await load.collect(within: .seconds(45)) { $0["q1"] != nil && $0["q2"] != nil }
            let history = try await TestBus.request(
                harness.observer, harness.topics.request(.executor, op: "history"), #"{"id":"h"}"#, as: JSONValue.self)
            #expect(history.result == .object(["format": .string("json"), "count": .number(0), "migrations": .array([])]))
            #expect(try await harness.node(of: 116) == "pve3")
            await load.close()
            executor.signal(SIGTERM)
            #expect(await executor.exitStatus(within: .seconds(10)) == 0)
        }
    }

    @Test(
        "the broker stopped and started 10 times while requests flow: every request it accepted is answered, none twice",
        .timeLimit(.minutes(3)))
    func brokerRestarts() async throws {
        let directory = try TemporaryDirectory(prefix: "executor-broker-restarts")
        defer { directory.remove() }
        var scenario = try SimulatorScenarios.demo()
        scenario.migration.timeScale = 0.3
        let broker = try MosquittoBroker(options: .init(persistence: true))
        defer { broker.stop() }
        try await withSimulator(scenario: scenario) { simulator in
            let observer = try await TestBus.client(broker)
            let topics = Topics(cluster: RunnerHarness.cluster)
            let watch = try await AvailabilityWatch(observer, topic: topics.availability(.executor))
            let executor = try BuiltExecutable.start(
                "pb-executor", [],
                environment: [
                    "PROXBALANCE_MQTT_URL": broker.url, "PROXBALANCE_PVE_URL": simulator.baseURL,
                    "PROXBALANCE_PVE_TOKEN": simulator.token, "PROXBALANCE_PVE_FINGERPRINT": simulator.fingerprint,
                    "PROXBALANCE_CLUSTER": RunnerHarness.cluster, "PROXBALANCE_DATA_DIR": directory.path,
                    "PROXBALANCE_LOG_LEVEL": "error",
                ])
            defer { executor.terminate() }
            try await watch.online()
            await observer.disconnect()

            let load = try await ServiceRequestLoad(broker)
            let accepted = AcceptedIDs()
            let sending = Task {
                var index = 0
                while !Task.isCancelled {
                    index += 1
                    let id = "b\(index)"
                    let request = load.message(
                        topics.request(.executor, op: "history"), payload: Array(#"{"id":"\#(id)","limit":1}"#.utf8), key: id,
                        qos: .exactlyOnce)
                    // Accepted = PUBACK received; a publish cut off by the restart is not counted.
                    if (try? await load.client.publish(request)) != nil { accepted.add(id) }
                }
            }
            for _ in 1...10 {
                let before = accepted.count
                try await accepted.wait(atLeast: before + 20, within: .seconds(30))
                broker.stop()
                try broker.start()
            }
            try await accepted.wait(atLeast: accepted.count + 20, within: .seconds(30))
            sending.cancel()
            _ = await sending.result
            let sent = accepted.all
            let answered = try await load.collect(within: .seconds(60)) { seen in sent.allSatisfy { seen[$0] != nil } }
            #expect(sent.count > 200)
            #expect(Set(sent).subtracting(answered.keys).isEmpty)
            #expect(answered.filter { $0.value > 1 }.isEmpty, "answered twice: \(answered.filter { $0.value > 1 }.keys)")
            await load.close()
            executor.signal(SIGTERM)
            #expect(await executor.exitStatus(within: .seconds(10)) == 0)
        }
    }

    @Test(
        "40,000 malformed requests are all answered and memory returns near its baseline; 10 MB is refused unread",
        .timeLimit(.minutes(3)))
    func malformedFlood() async throws {
        let directory = try TemporaryDirectory(prefix: "executor-flood")
        defer { directory.remove() }
        // A queue per client above the flood: the requests are paced by PUBACK, not by answers, so
        // while the executor lags for a moment its backlog can pass the deployed 10,000
        // (deploy/mosquitto/mosquitto.conf), and the broker, not the executor, would drop the rest.
        try await RunnerHarness.run(broker: .init(maxQueuedMessages: ProcessMemory.floodSize + 1000)) { harness in
            var environment = ExecutorProcessTests.environment(harness, directory: directory.path)
            environment["PROXBALANCE_LOG_LEVEL"] = "critical"
            let watch = try await AvailabilityWatch(harness.observer, topic: harness.topics.availability(.executor))
            let executor = try BuiltExecutable.start("pb-executor", [], environment: environment)
            defer { executor.terminate() }
            try await watch.online()
            let load = try await ServiceRequestLoad(harness.broker)
            let topic = harness.topics.request(.executor, op: "migrate")
            _ = try await TestBus.request(
                harness.observer, harness.topics.request(.executor, op: "history"), #"{"id":"warm-up"}"#, as: JSONValue.self)
            let huge = try await TestBus.request(
                harness.observer, topic, #"{"id":"big","pad":""# + String(repeating: "x", count: 10_000_000) + #""}"#, as: JSONValue.self)
            #expect(huge.error?.code == "too_large")

            let flood = try await load.flood(executor, topic: topic) { #"{"id": "m\#($0)", "vmid": ["# }
            #expect(flood.unpublished == 0)
            #expect(flood.answered == flood.sent)
            #expect(flood.after <= flood.before + 10 * 1024, "RSS \(flood.before) KiB before, \(flood.after) KiB after the burst")
            print(
                "executor flood: \(flood.answered) of \(flood.sent) answered; RSS \(flood.before) KiB before, peak \(flood.peak), \(flood.after) KiB after"
            )
            await load.close()
            executor.signal(SIGTERM)
            #expect(await executor.exitStatus(within: .seconds(10)) == 0)
        }
    }
}
