import Foundation
import TestSupport
import Testing

/// `pb-pvesim serve --cert/--key` and `pb-pvesim health --cert`: the fixed certificate compose's
/// simulator profile serves (scripts/compose-secrets.sh), pinned by the health check.
@Suite("pb-pvesim with a given certificate", .timeLimit(.minutes(1)))
struct HealthCLITests {
    /// A self-signed EC certificate and key as scripts/compose-secrets.sh makes them.
    static func certificate(in directory: String, name: String) throws -> (certificate: String, key: String) {
        let certificate = "\(directory)/\(name)-cert.pem"
        let key = "\(directory)/\(name)-key.pem"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
            "-subj", "/CN=pvesim", "-addext", "subjectAltName=DNS:pvesim,DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", certificate,
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl req failed")
        return (certificate, key)
    }

    @Test("serve --cert/--key serves that certificate; health --cert pins it and refuses another")
    func givenCertificate() async throws {
        let directory = try TemporaryDirectory(prefix: "pvesim-health")
        let given = try Self.certificate(in: directory.path, name: "given")
        let other = try Self.certificate(in: directory.path, name: "other")
        let server = try PVESimBinary.start(
            [
                "serve", "--scenario", "generated:2x10", "--data-dir", directory.path + "/data", "--auth-delay", "0", "--cert", given.certificate,
                "--key", given.key,
            ],
            environment: ["PROXBALANCE_SIM_PORT": "0"])
        defer { server.terminate() }
        let line = try await server.firstLine()
        let port = String(try #require(line.firstMatch(of: /https:\/\/127\.0\.0\.1:(\d+)/)).output.1)
        let fingerprint = try #require(line.firstMatch(of: /([0-9A-F]{2}:){31}[0-9A-F]{2}/)).output.0
        #expect(String(fingerprint) == (try ServerTestScenario.openSSLFingerprint(of: given.certificate)))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/data/pvesim-cert.pem"), "no certificate generated")

        let healthy = try PVESimBinary.run(["health", "--port", port, "--cert", given.certificate])
        #expect(healthy.status == 0, "\(healthy.standardError)")
        let pinnedOther = try PVESimBinary.run(["health", "--port", port, "--cert", other.certificate, "--timeout", "5"])
        #expect(pinnedOther.status == 1)
        #expect(pinnedOther.standardError.contains("not healthy"), "\(pinnedOther.standardError)")
        let missing = try PVESimBinary.run(["health", "--port", port, "--cert", directory.path + "/missing.pem"])
        #expect(missing.status == 1)
        #expect(try PVESimBinary.run(["health", "--http", "--cert", given.certificate]).status == 2)

        server.signal(SIGTERM)
        #expect(await server.exitStatus() == 0)
    }
}
