import Foundation
import MQTT
import TestSupport
import Testing

@Suite("MQTT authentication, ACLs and TLS", .enabled(if: MosquittoBroker.isAvailable), .timeLimit(.minutes(5)))
struct MQTTSecurityTests {
    static let secured = MosquittoBroker.Options(
        users: ["svc-executor": "right-password"], allowAnonymous: false,
        aclRules: "user svc-executor\ntopic readwrite pb/executor/#\n")

    @Test("A wrong password makes connect() throw the broker's refusal, without the password", .timeLimit(.minutes(1)))
    func wrongPassword() async throws {
        try await withBroker(options: Self.secured) { broker in
            var config = try MQTTTest.configuration(broker)
            config.username = "svc-executor"
            config.password = "wrong-password"
            let client = MQTTClient(configuration: config, logger: MQTTTest.logger)
            let error = await #expect(throws: MQTTError.self) { try await client.connect() }
            #expect(error?.kind == .reasonCode)
            #expect(error?.code == 135 || error?.code == 134)
            #expect(error.map { !"\($0)".contains("wrong-password") } == true)
            #expect(client.connectionState == .idle)
        }
    }

    @Test("The right password connects; a publish the ACL denies throws reason 135", .timeLimit(.minutes(1)))
    func aclDeniedPublish() async throws {
        try await withBroker(options: Self.secured) { broker in
            var config = try MQTTTest.configuration(broker)
            config.username = "svc-executor"
            config.password = "right-password"
            let client = MQTTClient(configuration: config, logger: MQTTTest.logger)
            try await client.connect()
            try await client.publish(MQTTMessage(topic: "pb/executor/status", string: "allowed"))
            let error = await #expect(throws: MQTTError.self) {
                try await client.publish(MQTTMessage(topic: "pb/scoring/status", string: "denied"))
            }
            #expect(error?.kind == .reasonCode)
            #expect(error?.code == 135)
            await client.disconnect()
        }
    }

    @Test(
        "TLS with a self-signed CA: trusted via caFile it works, with the system CAs it is refused",
        .enabled(if: TestCertificates.canGenerate), .timeLimit(.minutes(1)))
    func tls() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let options = MosquittoBroker.Options(tls: .init(certificateFile: certificates.serverCertificate, keyFile: certificates.serverKey))
        try await withBroker(options: options) { broker in
            #expect(broker.url.hasPrefix("mqtts://"))
            var config = try MQTTTest.configuration(broker)
            config.caFile = certificates.caCertificate
            let client = MQTTClient(configuration: config, logger: MQTTTest.logger)
            try await client.connect()
            let echo = try await client.subscribe("tls/echo")
            try await client.publish(MQTTMessage(topic: "tls/echo", string: "encrypted"))
            #expect(try await echo.next().payloadString == "encrypted")
            await client.disconnect()

            let untrusting = MQTTClient(configuration: try MQTTTest.configuration(broker), logger: MQTTTest.logger)
            await #expect(throws: MQTTError.self) { try await untrusting.connect() }
        }
    }
}

/// A throwaway CA and a server certificate for 127.0.0.1, made with the openssl CLI.
struct TestCertificates {
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var canGenerate: Bool { openssl != nil }

    let directory: URL
    var caCertificate: String { directory.appendingPathComponent("ca.crt").path }
    var serverCertificate: String { directory.appendingPathComponent("server.crt").path }
    var serverKey: String { directory.appendingPathComponent("server.key").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mqtt-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let extensions = directory.appendingPathComponent("server.ext")
        try "subjectAltName=IP:127.0.0.1\n".write(to: extensions, atomically: true, encoding: .utf8)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try run(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=ProxBalance test CA"])
        try run(["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"])
        try run([
            "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.crt", "-days", "2", "-extfile", extensions.path,
        ])
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    private func run(_ arguments: [String]) throws {
        guard let openssl = Self.openssl else { throw TestFailure("openssl not found") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("openssl \(arguments[0]) failed") }
    }
}
