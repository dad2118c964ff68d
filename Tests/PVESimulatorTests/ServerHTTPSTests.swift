import Foundation
import HTTPTransport
import Logging
import PVESimulator
import TestSupport
import Testing

/// The simulator server over real HTTPS on loopback, called with the project's libcurl client
/// pinned to the served certificate.
@Suite("Simulator HTTPS server", .timeLimit(.minutes(1)))
struct ServerHTTPSTests {
    @Test("GET /version with the token answers 200 with Proxmox's headers and body shape")
    func versionWithToken() async throws {
        try await withSimulator(scenario: try ServerTestScenario.twoNodes()) { sim in
            let response = try await sim.call("GET", "/api2/json/version")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json;charset=UTF-8")
            #expect(response.header("Server") == "pve-api-daemon/3.0")
            let data = try #require(try response.jsonObject()["data"] as? [String: Any])
            #expect(data["version"] as? String == "8.4.14")
            #expect(data["release"] as? String == "8.4")
            #expect(data["repoid"] is String)
        }
    }

    @Test("A request without a token gets 401 'No ticket' with an empty body")
    func missingToken() async throws {
        try await withSimulator(scenario: try ServerTestScenario.twoNodes()) { sim in
            for path in ["/api2/json/version", "/api2/json/cluster/resources", "/simulator/state"] {
                let response = try await sim.call("GET", path, authorization: .missing)
                #expect(response.status == 401, "\(path)")
                #expect(response.reasonPhrase == "No ticket", "\(path)")
                #expect(response.body.isEmpty, "\(path)")
            }
        }
    }

    @Test("A wrong token gets 401 'Authentication failed!' with an empty body")
    func wrongToken() async throws {
        try await withSimulator(scenario: try ServerTestScenario.twoNodes()) { sim in
            for header in ["PVEAPIToken=root@pam!test=wrong", "PVEAPIToken=root@pam!other=secret", "Bearer secret"] {
                let response = try await sim.call("GET", "/api2/json/version", authorization: .header(header))
                #expect(response.status == 401)
                #expect(response.reasonPhrase == "Authentication failed!")
                #expect(response.body.isEmpty)
            }
        }
    }

    @Test("The reason phrase of a 500 reaches the client, for form and JSON bodies")
    func reasonPhraseOf500() async throws {
        try await withSimulator(scenario: try ServerTestScenario.twoNodes()) { sim in
            let bodies: [(String, String)] = [
                ("application/x-www-form-urlencoded", "target=pve2"),
                ("application/json", #"{"target":"pve2","online":false}"#),
            ]
            for (contentType, body) in bodies {
                let response = try await sim.call(
                    "POST", "/api2/json/nodes/pve1/qemu/100/migrate", body: body, contentType: contentType)
                #expect(response.status == 500, "\(contentType)")
                #expect(response.reasonPhrase == "can't migrate running VM without --online", "\(contentType)")
            }
        }
    }

    @Test("Query parameters reach the simulator")
    func queryParameters() async throws {
        try await withSimulator(scenario: try ServerTestScenario.twoNodes()) { sim in
            let response = try await sim.call("GET", "/api2/json/cluster/resources?type=node")
            #expect(response.status == 200)
            let entries = try #require(try response.jsonObject()["data"] as? [[String: Any]])
            #expect(Set(entries.compactMap { $0["node"] as? String }) == ["pve1", "pve2"])
            #expect(entries.allSatisfy { $0["type"] as? String == "node" })
        }
    }

    @Test("Unknown API paths answer 501 in Proxmox's words; paths outside the API answer 404")
    func unknownPaths() async throws {
        try await withSimulator(scenario: try ServerTestScenario.twoNodes()) { sim in
            let unknown = try await sim.call("GET", "/api2/json/no/such/thing")
            #expect(unknown.status == 501)
            #expect(unknown.reasonPhrase == "Method 'GET /no/such/thing' not implemented")
            let outside = try await sim.call("GET", "/index.html")
            #expect(outside.status == 404)
        }
    }

    @Test("The served certificate is the one whose fingerprint the simulator reports")
    func fingerprintPin() async throws {
        try await withSimulator(scenario: try ServerTestScenario.twoNodes()) { sim in
            // The pinned client only connects when the served certificate has this SHA-256.
            let nodes = try await sim.call("GET", "/api2/json/nodes")
            #expect(nodes.status == 200)
            let entries = try #require(try nodes.jsonObject()["data"] as? [[String: Any]])
            #expect(entries.count == 2)
            #expect(entries.allSatisfy { $0["ssl_fingerprint"] as? String == sim.fingerprint })
            // Proxmox's format, and the same as openssl computes from the stored certificate.
            #expect(sim.fingerprint.wholeMatch(of: /([0-9A-F]{2}:){31}[0-9A-F]{2}/) != nil)
            let stored = try ServerTestScenario.openSSLFingerprint(
                of: URL(fileURLWithPath: sim.dataDirectory).appendingPathComponent("pvesim-cert.pem").path)
            #expect(stored == sim.fingerprint)
        }
    }

    @Test("A client pinned to another certificate refuses to talk to the simulator")
    func wrongPinIsRefused() async throws {
        let scenario = try ServerTestScenario.twoNodes()
        try await withSimulator(scenario: scenario) { first in
            try await withSimulator(scenario: scenario) { second in
                #expect(first.fingerprint != second.fingerprint)
                let client = CurlHTTPClient(
                    configuration: HTTPClientConfiguration(pinnedSHA256: try CertificateFingerprint.parse(first.fingerprint)),
                    logger: .init(label: "test"))
                let request = HTTPRequest(
                    url: second.baseURL + "/api2/json/version", headers: [("Authorization", second.authorizationHeader)])
                await #expect {
                    _ = try await client.send(request)
                } throws: { error in
                    (error as? HTTPClientError)?.kind == .certificatePinMismatch
                }
            }
        }
    }

    @Test("The latency fault delays API answers")
    func latencyFault() async throws {
        try await withSimulator(scenario: try ServerTestScenario.twoNodes()) { sim in
            let set = try await sim.call("PUT", "/simulator/faults", body: #"{"latency_ms": 400}"#, contentType: "application/json")
            #expect(set.status == 200)
            let clock = ContinuousClock()
            let start = clock.now
            let response = try await sim.call("GET", "/api2/json/version")
            let elapsed = clock.now - start
            #expect(response.status == 200)
            #expect(elapsed >= .milliseconds(400))
        }
    }

    @Test("PUT /simulator/faults takes a node offline: its API answers 595 'No route to host'")
    func offlineNodeFault() async throws {
        try await withSimulator(scenario: try ServerTestScenario.twoNodes()) { sim in
            #expect(try await sim.call("GET", "/api2/json/nodes/pve2/status").status == 200)
            let set = try await sim.call(
                "PUT", "/simulator/faults", body: #"{"offline_nodes": ["pve2"]}"#, contentType: "application/json")
            #expect(set.status == 200)
            #expect(try set.jsonObject()["offline_nodes"] as? [String] == ["pve2"])
            let current = try await sim.call("GET", "/simulator/faults")
            #expect(try current.jsonObject()["offline_nodes"] as? [String] == ["pve2"])
            #expect(await sim.simulator.faults().offlineNodes == ["pve2"])

            let offline = try await sim.call("GET", "/api2/json/nodes/pve2/status")
            #expect(offline.status == 595)
            #expect(offline.reasonPhrase == "No route to host")
            #expect(offline.body.isEmpty)
            #expect(try await sim.call("GET", "/api2/json/nodes/pve1/status").status == 200)
        }
    }

    @Test("Bad fault JSON is refused with 400 and a message saying what is wrong")
    func badFaults() async throws {
        try await withSimulator(scenario: try ServerTestScenario.twoNodes()) { sim in
            let cases: [(String, String)] = [
                ("{not json", "not valid JSON"),
                (#"{"error_rate": 2}"#, "error_rate must be between 0 and 1"),
                (#"{"latency_ms": "slow"}"#, "latency"),
            ]
            for (body, expected) in cases {
                let response = try await sim.call("PUT", "/simulator/faults", body: body, contentType: "application/json")
                #expect(response.status == 400, "\(body)")
                #expect(response.reasonPhrase.contains(expected), "\(body): \(response.reasonPhrase)")
                #expect(try response.jsonObject()["message"] as? String != nil, "\(body)")
            }
            #expect(await sim.simulator.faults() == SimulatorFaults())
        }
    }

    @Test("GET /simulator/state answers the simulator's state summary as JSON")
    func stateSummary() async throws {
        try await withSimulator(scenario: try ServerTestScenario.twoNodes()) { sim in
            let response = try await sim.call("GET", "/simulator/state")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json;charset=UTF-8")
            // Loads move with time, so compare what does not: the nodes and where the guests are.
            let served = try JSONDecoder().decode(StateSummaryShape.self, from: response.body)
            let direct = try JSONDecoder().decode(StateSummaryShape.self, from: await sim.simulator.stateSummary())
            #expect(served == direct)
            #expect(!served.nodes.isEmpty)
        }
    }

    @Test("A restart on the same port and data directory serves the same certificate")
    func restartReusesCertificate() async throws {
        let scenario = try ServerTestScenario.twoNodes()
        let directory = try TemporaryDirectory(prefix: "pvesim-restart")

        let first = try await startSimulator(scenario: scenario, dataDirectory: directory.path)
        let port = first.port
        let fingerprint = first.fingerprint
        #expect(try await first.call("GET", "/api2/json/version").status == 200)
        await first.stop()

        let second = try await startSimulator(scenario: scenario, port: port, dataDirectory: directory.path)
        #expect(second.port == port)
        #expect(second.fingerprint == fingerprint)
        // A client still pinned to the first start's fingerprint talks to the restarted server.
        #expect(try await second.call("GET", "/api2/json/version").status == 200)
        await second.stop()

        // A fresh data directory gets a certificate of its own.
        let other = try await startSimulator(scenario: scenario)
        #expect(other.fingerprint != fingerprint)
        await other.stop()
    }
}

/// The small cluster the server tests run against, and test helpers.
enum ServerTestScenario {
    /// Two nodes; VM 100 runs on pve1.
    static func twoNodes() throws -> Scenario {
        try Scenario.decode(
            Data(
                #"""
                {
                  "cluster": "servertest",
                  "storages": [{"id": "local-lvm", "type": "lvmthin", "shared": 0, "content": "images,rootdir"}],
                  "nodes": [
                    {"name": "pve1", "cpus": 8, "memory_gib": 32, "storages": ["local-lvm"]},
                    {"name": "pve2", "cpus": 8, "memory_gib": 32, "storages": ["local-lvm"]}
                  ],
                  "guests": [
                    {"vmid": 100, "type": "qemu", "name": "web", "node": "pve1", "status": "running", "memory_mib": 1024,
                     "disks": [{"key": "scsi0", "storage": "local-lvm", "size_gib": 8}]}
                  ]
                }
                """#.utf8), source: "server test scenario")
    }

    /// `openssl x509 -noout -fingerprint -sha256` of a PEM certificate, upper-case colon hex.
    static func openSSLFingerprint(of path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "x509", "-in", path, "-noout", "-fingerprint", "-sha256"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let value = try #require(text.split(separator: "=", maxSplits: 1).last)
        return value.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
    }
}

/// Which `Authorization` header a test request carries.
enum TestAuthorization {
    /// The simulator's own token.
    case token
    /// No header at all.
    case missing
    /// This exact header value.
    case header(String)
}

extension RunningSimulator {
    /// Sends one request through a client pinned to this simulator's certificate.
    func call(
        _ method: String, _ path: String, authorization: TestAuthorization = .token, body: String? = nil,
        contentType: String? = nil
    ) async throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = []
        switch authorization {
        case .token: headers.append(("Authorization", authorizationHeader))
        case .header(let value): headers.append(("Authorization", value))
        case .missing: break
        }
        if let contentType { headers.append(("Content-Type", contentType)) }
        return try await pinnedClient().send(
            HTTPRequest(method: method, url: baseURL + path, headers: headers, body: body.map { Data($0.utf8) }))
    }
}

extension HTTPResponse {
    /// The body parsed as a JSON object.
    func jsonObject() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any], "body is not a JSON object")
    }
}

/// The time-independent part of `/simulator/state`.
private struct StateSummaryShape: Decodable, Equatable {
    struct Node: Decodable, Equatable {
        let name: String
        let guests: Int
    }

    let nodes: [Node]
}
