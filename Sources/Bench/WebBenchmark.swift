import ConsoleCore
import Contract
import Foundation
import HTTPTransport
import Logging
import MQTT
import TestSupport
import WebSvc

/// `pb-web` with a large cluster live: how fast a bus message reaches many open pages, what the
/// first page load costs, and the process's memory. Runs the release `pb-web` next to this
/// binary as a child process on a real broker.
enum WebBenchmark {
    static func run(nodes: Int, guests: Int, pages: Int, messages: Int, logger: Logger) async throws -> BenchReport.Web {
        let binDirectory = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .deletingLastPathComponent()
        let directory = try TemporaryDirectory(prefix: "bench-web")
        defer { directory.remove() }
        return try await withBroker { broker in
            let bus = try await TestBus.client(broker, name: "bench-web")
            defer { Task { await bus.disconnect() } }
            let topics = Topics(cluster: "bench")
            let snapshot = SyntheticCluster.snapshot(nodes: nodes, guests: guests, seed: 7)
            let snapshotBytes = try MessageCoding.encode(snapshot)
            try await bus.publish(MQTTMessage(topic: topics.clusterState, data: snapshotBytes, retain: true))

            let users = directory.path + "/users"
            try UserCommand.add(.init(name: "bench", role: .viewer, file: users), password: "bench-password", cost: 4)
            let port = try freeLoopbackPort()
            let root =
                ProcessInfo.processInfo.environment["PROXBALANCE_WEB_ROOT"]
                ?? SimulatorScenarios.packageRoot.appendingPathComponent("web").path
            let process = Process()
            process.executableURL = binDirectory.appendingPathComponent("pb-web")
            process.environment = ProcessInfo.processInfo.environment.merging([
                "PROXBALANCE_MQTT_URL": broker.url, "PROXBALANCE_WEB_BIND": "127.0.0.1:\(port)", "PROXBALANCE_WEB_USERS_FILE": users,
                "PROXBALANCE_WEB_ROOT": root, "PROXBALANCE_LOG_LEVEL": "warning",
            ]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            defer {
                if process.isRunning {
                    process.terminate()
                    process.waitUntilExit()
                }
            }

            let client = ConsoleHTTPClient(baseURL: "http://127.0.0.1:\(port)")
            try await waitForLogin(client, process: process)
            // The console has the large snapshot once its state names the cluster.
            let deadline = Date().addingTimeInterval(60)
            var state = try await client.get("/api/state")
            while !String(decoding: state.body, as: UTF8.self).contains("\"bench\":{\"snapshot\""), Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                state = try await client.get("/api/state")
            }

            let load = try await firstPageLoad(client, root: root)
            let latencies = try await fanOut(port: port, cookie: client.sessionCookie, pages: pages, messages: messages, bus: bus, topics: topics)
            let rss = IdleRSSBenchmark.rssMegabytes(pid: process.processIdentifier) ?? -1
            let sorted = latencies.sorted()
            func percentile(_ p: Double) -> Double { sorted.isEmpty ? -1 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
            return BenchReport.Web(
                nodes: nodes, guests: guests, snapshotBytes: snapshotBytes.count, pages: pages, messages: messages,
                deliveries: latencies.count, expectedDeliveries: pages * messages, latencyP50Milliseconds: percentile(0.5),
                latencyP99Milliseconds: percentile(0.99), firstLoadBytes: load.bytes, firstLoadMilliseconds: load.milliseconds,
                stateBytes: state.body.count, rssMegabytes: rss)
        }
    }

    private static func waitForLogin(_ client: ConsoleHTTPClient, process: Process) async throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            guard process.isRunning else { throw BenchError("pb-web exited (status \(process.terminationStatus))") }
            if let response = try? await client.login("bench", "bench-password"), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("pb-web did not accept a login within 60 s")
    }

    /// What a browser fetches to show the overview: the page, every file of the console (the
    /// modules load eagerly) and the state.
    private static func firstPageLoad(_ client: ConsoleHTTPClient, root: String) async throws -> (bytes: Int, milliseconds: Double) {
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".html") || $0.hasSuffix(".js") || $0.hasSuffix(".css") }
        let start = ContinuousClock.now
        var bytes = 0
        for file in files { bytes += try await client.get("/" + file).body.count }
        bytes += try await client.get("/api/state").body.count
        let elapsed = ContinuousClock.now - start
        return (bytes, Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }

    /// Opens `pages` event streams, publishes `messages` events, and returns every delivery's
    /// latency (publish → read by a page) in milliseconds.
    private static func fanOut(
        port: Int, cookie: String?, pages: Int, messages: Int, bus: MQTTClient, topics: Topics
    ) async throws -> [Double] {
        let readers = try (0..<pages).map { _ in try EventStreamReader(port: port, path: "/api/events", cookie: cookie) }
        defer { readers.forEach { $0.close() } }
        for reader in readers { _ = try reader.next("state", timeout: 60) }
        let sent = SentTimes()
        let results = LatencyLog()
        let threads = readers.map { reader in
            let thread = Thread {
                var received = 0
                while received < messages, let event = try? reader.next("update", timeout: 30) {
                    guard let sequence = sequenceNumber(event.data), let at = sent.time(sequence) else { continue }
                    results.add(Date().timeIntervalSince(at) * 1000)
                    received += 1
                }
                results.finish()
            }
            thread.start()
            return thread
        }
        for sequence in 0..<messages {
            sent.record(sequence)
            let event = "{\"v\":1,\"kind\":\"bench\",\"sequence\":\(sequence)}"
            try await bus.publish(MQTTMessage(topic: topics.events(.migrations), string: event))
            try await Task.sleep(for: .milliseconds(20))
        }
        let deadline = Date().addingTimeInterval(60)
        while results.finished < threads.count, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return results.values
    }

    private static func sequenceNumber(_ data: String) -> Int? {
        guard let range = data.range(of: "\"sequence\":") else { return nil }
        return Int(data[range.upperBound...].prefix { $0.isNumber })
    }

    private final class SentTimes: @unchecked Sendable {
        private let lock = NSLock()
        private var times: [Int: Date] = [:]
        func record(_ sequence: Int) { lock.withLock { times[sequence] = Date() } }
        func time(_ sequence: Int) -> Date? { lock.withLock { times[sequence] } }
    }

    private final class LatencyLog: @unchecked Sendable {
        private let lock = NSLock()
        private var log: [Double] = []
        private var done = 0
        func add(_ value: Double) { lock.withLock { log.append(value) } }
        func finish() { lock.withLock { done += 1 } }
        var values: [Double] { lock.withLock { log } }
        var finished: Int { lock.withLock { done } }
    }
}
