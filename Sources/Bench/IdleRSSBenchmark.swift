import Contract
import Foundation
import Logging
import PVESimulator
import TestSupport

/// Resident memory of each service process after it has started, connected and (for the
/// collector) collected the demo cluster, measured from `/proc/<pid>/status`.
///
/// With `httpEndpoint`, each service also serves `/healthz`, `/readyz` and `/metrics`
/// (`PROXBALANCE_<SERVICE>_HTTP_BIND` on a free loopback port), as compose runs them: it is
/// measured once its `/readyz` says ready and `/metrics` has been scraped once.
enum IdleRSSBenchmark {
    static func run(settle: Duration, httpEndpoint: Bool = false, logger: Logger) async throws -> [BenchReport.ServiceRSS] {
        let binDirectory = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .deletingLastPathComponent()
        return try await withBroker { broker in
            try await withSimulator(scenario: try SimulatorScenarios.demo()) { simulator in
                let dataDirectory = try TemporaryDirectory(prefix: "bench-rss")
                defer { dataDirectory.remove() }
                let environment = ProcessInfo.processInfo.environment.merging([
                    "PROXBALANCE_MQTT_URL": broker.url, "PROXBALANCE_PVE_URL": simulator.baseURL,
                    "PROXBALANCE_PVE_TOKEN": simulator.token, "PROXBALANCE_PVE_FINGERPRINT": simulator.fingerprint,
                    "PROXBALANCE_CLUSTER": "homelab", "PROXBALANCE_DATA_DIR": dataDirectory.path,
                    "PROXBALANCE_LOG_LEVEL": "warning",
                ]) { _, new in new }
                var processes: [(String, Process)] = []
                defer {
                    for (_, process) in processes where process.isRunning { process.terminate() }
                }
                var endpoints: [String: HealthEndpointClient] = [:]
                // pb-web needs accounts and a cluster to show: the web benchmark measures it.
                for service in ServiceName.allCases where service != .web {
                    let process = Process()
                    process.executableURL = binDirectory.appendingPathComponent("pb-\(service.rawValue)")
                    process.environment = environment
                    if httpEndpoint {
                        let endpoint = try HealthEndpointClient()
                        process.environment?.merge(endpoint.setting(service)) { _, new in new }
                        endpoints[service.rawValue] = endpoint
                    }
                    process.standardOutput = FileHandle.nullDevice
                    process.standardError = FileHandle.nullDevice
                    try process.run()
                    processes.append((service.rawValue, process))
                }
                try await Task.sleep(for: settle)
                var notes: [String: String] = [:]
                for (name, endpoint) in endpoints {
                    notes[name] = await scrape(endpoint)
                }
                return processes.map { name, process in
                    let idle = name == "collector" ? "after collecting the demo cluster (4 nodes, 21 guests)" : "connected, idle"
                    return BenchReport.ServiceRSS(
                        service: "pb-\(name)", rssMegabytes: rssMegabytes(pid: process.processIdentifier) ?? -1,
                        privateMegabytes: privateMegabytes(pid: process.processIdentifier) ?? -1,
                        note: process.isRunning
                            ? idle + (notes[name].map { "; HTTP endpoint on, \($0)" } ?? "")
                            : "exited early (status \(process.terminationStatus))")
                }
            }
        }
    }

    /// Waits for the endpoint's `/readyz` to say ready, then reads `/metrics` once (as a
    /// Prometheus scrape would); what happened, for the note.
    private static func scrape(_ endpoint: HealthEndpointClient) async -> String {
        do {
            try await endpoint.readiness(within: .seconds(20)) { status, _ in status == 200 }
            let metrics = try await endpoint.metrics()
            return "ready, /metrics scraped once (\(metrics.samples.count) samples)"
        } catch {
            return "not ready: \(error)"
        }
    }

    /// `VmRSS` of a process in MB (shared library pages included), or `nil` when it is gone.
    static func rssMegabytes(pid: Int32) -> Double? {
        kilobytes(["VmRSS:"], in: "/proc/\(pid)/status").map { $0 / 1024 }
    }

    /// Memory only this process uses (private clean + dirty pages, the "USS") in MB.
    static func privateMegabytes(pid: Int32) -> Double? {
        kilobytes(["Private_Clean:", "Private_Dirty:"], in: "/proc/\(pid)/smaps_rollup").map { $0 / 1024 }
    }

    /// The sum of the `kB` values of the lines starting with `keys` in a /proc file.
    private static func kilobytes(_ keys: [String], in path: String) -> Double? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let values = text.split(separator: "\n").compactMap { line -> Double? in
            guard keys.contains(where: { line.hasPrefix($0) }) else { return nil }
            return Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return values.count == keys.count ? values.reduce(0, +) : nil
    }
}
