import Foundation
import HTTPTransport
import Logging
import PVESimulator
import TestSupport
import Testing

/// The `pb-pvesim` executable, run as a user would (the binary `swift test` builds next to the tests).
@Suite("pb-pvesim command line", .timeLimit(.minutes(1)))
struct ServerCLITests {
    @Test("generate writes a scenario with the asked sizes; the same seed gives the same JSON")
    func generate() throws {
        let directory = try TemporaryDirectory(prefix: "pvesim-cli")
        let file = directory.path + "/generated.json"
        let written = try PVESimBinary.run(["generate", "--nodes", "3", "--guests", "40", "--seed", "7", "--output", file])
        #expect(written.status == 0, "\(written.standardError)")
        let scenario = try Scenario.load(path: file)
        #expect(scenario.nodes.count == 3)
        #expect(scenario.guests.count == 40)

        let printed = try PVESimBinary.run(["generate", "--nodes", "3", "--guests", "40", "--seed", "7"])
        #expect(printed.status == 0)
        #expect(printed.standardOutput == (try String(contentsOfFile: file, encoding: .utf8)))
    }

    @Test(
        "A wrong flag prints one line and exits 2",
        arguments: [
            ["serve", "--scenario", "x.json", "--bogus"],
            ["serve"],
            ["serve", "--scenario", "generated:nonsense"],
            ["serve", "--scenario", "x.json", "--port", "70000"],
            ["serve", "--scenario", "x.json", "--token", "not-a-token-secretvalue"],
            ["generate", "--nodes", "0"],
        ])
    func wrongFlag(arguments: [String]) throws {
        let result = try PVESimBinary.run(arguments)
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("pb-pvesim: "))
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(!result.standardError.contains("secretvalue"))
    }

    @Test("An unreadable scenario prints one line naming the file and exits 1")
    func unreadableScenario() throws {
        let directory = try TemporaryDirectory(prefix: "pvesim-cli")
        let broken = directory.path + "/broken.json"
        try Data("{\"nodes\": 12}".utf8).write(to: URL(fileURLWithPath: broken))
        for path in [directory.path + "/missing.json", broken] {
            let result = try PVESimBinary.run(["serve", "--scenario", path, "--port", "0", "--data-dir", directory.path])
            #expect(result.status == 1)
            #expect(result.standardError.hasPrefix("pb-pvesim: "))
            #expect(result.standardError.contains(path))
            #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        }
    }

    @Test("serve prints its URL, fingerprint and token id (never a private secret), serves, and stops on SIGTERM")
    func serveOverHTTPS() async throws {
        let directory = try TemporaryDirectory(prefix: "pvesim-cli")
        let server = try PVESimBinary.start(
            ["serve", "--scenario", "generated:2x10", "--data-dir", directory.path, "--auth-delay", "0"],
            environment: ["PROXBALANCE_SIM_PORT": "0", "PROXBALANCE_SIM_TOKEN": "ops@pve!bal=private-secret-42"])
        defer { server.terminate() }
        let line = try await server.firstLine()
        #expect(line.contains("ops@pve!bal"))
        #expect(!line.contains("private-secret-42"))
        let url = String(try #require(line.firstMatch(of: /https:\/\/127\.0\.0\.1:\d+/)).output)
        let fingerprint = try #require(line.firstMatch(of: /([0-9A-F]{2}:){31}[0-9A-F]{2}/)).output.0
        #expect(String(fingerprint) == (try ServerTestScenario.openSSLFingerprint(of: directory.path + "/pvesim-cert.pem")))

        let client = CurlHTTPClient(
            configuration: HTTPClientConfiguration(pinnedSHA256: try CertificateFingerprint.parse(String(fingerprint))),
            logger: .init(label: "test"))
        let response = try await client.send(
            HTTPRequest(url: url + "/api2/json/cluster/status", headers: [("Authorization", "PVEAPIToken=ops@pve!bal=private-secret-42")]))
        #expect(response.status == 200)

        server.signal(SIGTERM)
        #expect(await server.exitStatus() == 0)
    }

    @Test("serve warns about a misspelt PROXBALANCE_SIM_* setting, naming the closest known one")
    func unknownSetting() async throws {
        let directory = try TemporaryDirectory(prefix: "pvesim-cli")
        let server = try PVESimBinary.start(
            ["serve", "--scenario", "generated:2x10", "--port", "0", "--http", "--auth-delay", "0", "--data-dir", directory.path],
            environment: ["PROXBALANCE_SIM_TOKN": "ops@pve!bal=secret", "PROXBALANCE_SIM_PORT": "8006"], capturingStandardError: true)
        defer { server.terminate() }
        _ = try await server.firstLine()
        server.signal(SIGTERM)
        #expect(await server.exitStatus() == 0)
        var warnings: [String] = []
        for await line in server.standardErrorLines where line.contains("unknown setting") { warnings.append(line) }
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first?.hasSuffix("unknown setting PROXBALANCE_SIM_TOKN, ignored (did you mean PROXBALANCE_SIM_TOKEN?)") == true)
    }

    @Test("serve --http with the demo token says it is a demo token and stops on SIGINT")
    func serveDemoOverHTTP() async throws {
        let directory = try TemporaryDirectory(prefix: "pvesim-cli")
        let server = try PVESimBinary.start(
            ["serve", "--scenario", "generated:2x10", "--port", "0", "--http", "--auth-delay", "0", "--data-dir", directory.path],
            environment: [:])
        defer { server.terminate() }
        let line = try await server.firstLine()
        #expect(line.contains("root@pam!proxbalance=simulator-secret"))
        #expect(line.contains("demo token"))
        let url = String(try #require(line.firstMatch(of: /http:\/\/127\.0\.0\.1:\d+/)).output)

        let client = CurlHTTPClient(logger: .init(label: "test"))
        let response = try await client.send(
            HTTPRequest(url: url + "/api2/json/version", headers: [("Authorization", "PVEAPIToken=root@pam!proxbalance=simulator-secret")]))
        #expect(response.status == 200)
        let refused = try await client.send(HTTPRequest(url: url + "/api2/json/version"))
        #expect(refused.status == 401)

        server.signal(SIGINT)
        #expect(await server.exitStatus() == 0)
    }
}

/// The built `pb-pvesim`, with the simulator variables of the calling environment removed.
enum PVESimBinary {
    static func run(_ arguments: [String]) throws -> (status: Int32, standardOutput: String, standardError: String) {
        try BuiltExecutable.run("pb-pvesim", arguments)
    }

    static func start(
        _ arguments: [String], environment: [String: String], capturingStandardError: Bool = false
    ) throws -> RunningProcess {
        try BuiltExecutable.start(
            "pb-pvesim", arguments, environment: environment, removing: ["PROXBALANCE_SIM_PORT", "PROXBALANCE_SIM_TOKEN"],
            capturingStandardError: capturingStandardError)
    }
}
