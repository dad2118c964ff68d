import Contract
import Foundation
import TestSupport
import Testing

/// `pb-<service> --health` as a container health check runs it: the real binaries, the exit
/// status and what they print.
@Suite("Health probe processes", .serialized, .timeLimit(.minutes(5)))
struct HealthProbeProcessTests {
    /// Runs `<executable> --health` with `environment` and returns its exit status and output.
    func probe(_ executable: String, _ environment: [String: String]) async throws -> (status: Int32?, body: String) {
        let process = try BuiltExecutable.start(executable, ["--health"], environment: environment)
        defer { process.terminate() }
        let body: String
        do {
            body = try await process.firstLine()
        } catch {
            body = ""  // nothing on standard output: the service did not answer
        }
        return (await process.exitStatus(within: .seconds(30)), body)
    }

    /// Probes until the exit status is `expected`; fails after `timeout` with the last result.
    func probe(
        _ executable: String, _ environment: [String: String], until expected: Int32, within timeout: Duration = .seconds(30)
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (status, body) = try await probe(executable, environment)
            if status == expected { return body }
            guard ContinuousClock.now < deadline else {
                throw TestFailure(
                    "\(executable) --health did not exit \(expected) within \(timeout); last \(status.map(String.init) ?? "none"): \(body)")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    @Test(
        "without its bind setting, --health exits 2 and names the setting, before reading any other setting",
        arguments: ["pb-collector", "pb-scoring", "pb-executor", "pb-notifier"])
    func unconfigured(executable: String) throws {
        let setting = "PROXBALANCE_\(executable.dropFirst(3).uppercased())_HTTP_BIND"
        let result = try BuiltExecutable.run(executable, ["--health"], environment: [setting: "", "PROXBALANCE_PVE_URL": ""])
        #expect(result.status == 2)
        #expect(result.standardError == "\(executable): \(setting) is not set: the service serves no health endpoint to ask\n")
        #expect(result.standardOutput.isEmpty)

        let wrong = try BuiltExecutable.run(executable, ["--health"], environment: [setting: "everywhere"])
        #expect(wrong.status == 2)
        #expect(wrong.standardError.hasPrefix("\(executable): configuration error: \(setting): 'everywhere' is not host:port"))
    }

    @Test("with nothing listening on the bind address, --health exits 1", .timeLimit(.minutes(1)))
    func unreachable() throws {
        let port = try freeLoopbackPort()
        let result = try BuiltExecutable.run("pb-scoring", ["--health"], environment: ["PROXBALANCE_SCORING_HTTP_BIND": "0.0.0.0:\(port)"])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("pb-scoring: http://127.0.0.1:\(port)/readyz did not answer:"), "\(result.standardError)")
    }

    @Test(
        "--health exits 0 with the body while pb-collector is ready, and 1 naming the broker while it is away",
        .enabled(if: MosquittoBroker.isAvailable), .timeLimit(.minutes(2)))
    func readyAndNot() async throws {
        let data = try TemporaryDirectory(prefix: "collector-health")
        defer { data.remove() }
        let bind = ["PROXBALANCE_COLLECTOR_HTTP_BIND": "127.0.0.1:\(try freeLoopbackPort())"]
        try await withBroker { broker in
            try await withSimulator(scenario: try SimulatorScenarios.demo()) { simulator in
                let collector = try BuiltExecutable.start(
                    "pb-collector", [],
                    environment: simulator.serviceSettings.merging(bind) { $1 }.merging([
                        "PROXBALANCE_MQTT_URL": broker.url, "PROXBALANCE_CLUSTER": "homelab", "PROXBALANCE_COLLECTOR_INTERVAL_SECONDS": "1",
                        "PROXBALANCE_DATA_DIR": data.path,
                    ]) { $1 })
                defer { collector.terminate() }
                let ready = try await probe("pb-collector", bind, until: 0)
                #expect(ready.hasPrefix(#"{"checks":[{"name":"broker","ok":true},{"name":"collection","ok":true}],"status":"ready"}"#))

                broker.stop()
                let notReady = try await probe("pb-collector", bind, until: 1)
                #expect(notReady.contains(#""name":"broker","ok":false"#) && notReady.contains(#""status":"not_ready""#), "\(notReady)")

                collector.signal(SIGTERM)
                #expect(await collector.exitStatus(within: .seconds(15)) == 0)
            }
        }
    }
}
