import ArgumentParser
import Foundation
import Logging
import PVESimulator
import ProxmoxAPI
import ProxmoxClient
import ServiceRuntime

/// `pb-pvesim health`: asks a running simulator for `/api2/json/version` with the API token, the
/// way the collector would, and exits 0 when it answers, 1 otherwise (one line on standard
/// error). For container health checks: the image needs no curl.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Exit 0 when a running simulator answers an authenticated API call, 1 otherwise.")

    @Option(help: "Host to ask.")
    var host = "127.0.0.1"

    @Option(help: "Port the simulator serves (env PROXBALANCE_SIM_PORT, default 8006).")
    var port: Int?

    @Option(
        help: "API token <user>@<realm>!<tokenid>=<secret> (env PROXBALANCE_SIM_TOKEN or PROXBALANCE_SIM_TOKEN_FILE; default: the public demo token)."
    )
    var token: String?

    @Option(help: "The simulator's --data-dir: its generated certificate there is pinned; without one the certificate is not verified.")
    var dataDir = "./run/pvesim"

    @Option(help: "The certificate (PEM) serve was given with --cert: its fingerprint is pinned instead of the generated one's.")
    var cert: String?

    @Option(help: "Seconds to wait for the answer.")
    var timeout: Double = 5

    @Flag(help: "The simulator serves plain HTTP (serve --http).")
    var http = false

    func validate() throws {
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be greater than 0") }
        _ = try resolvedPort()
        guard !(http && cert != nil) else { throw ValidationError("--http serves without TLS: drop --cert") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let tokenText = try token ?? ConfigSource(environment: environment).secret("sim.token") ?? ServeCommand.demoToken
        var settings = [
            "PROXBALANCE_PVE_URL": "\(http ? "http" : "https")://\(hostForURL):\(try resolvedPort())",
            "PROXBALANCE_PVE_TOKEN": tokenText,
            "PROXBALANCE_PVE_VERIFY_TLS": "false",
        ]
        if !http, let fingerprint = try cert.map(Self.fingerprint(of:)) ?? generatedCertificateFingerprint() {
            settings["PROXBALANCE_PVE_FINGERPRINT"] = fingerprint
        }
        let connection: PVEConnectionConfiguration
        do {
            connection = try PVEConnectionConfiguration(source: ConfigSource(environment: settings))
        } catch {
            throw CLIError("health: \(error)")
        }
        var logger = Logger(label: "pb-pvesim-health")
        logger.logLevel = .critical
        let client = connection.makeClient(maxConnections: 1, logger: logger)
        let url = settings["PROXBALANCE_PVE_URL"] ?? ""
        let seconds = timeout
        let answer: String = try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask { try await client.version().version }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            do {
                guard let first = try await group.next(), let version = first else {
                    throw CLIError("health: \(url) did not answer within \(seconds) s")
                }
                return version
            } catch let error as CLIError {
                throw error
            } catch {
                throw CLIError("health: \(url) is not healthy: \(error)")
            }
        }
        print("pb-pvesim: healthy: \(url) answers as Proxmox VE \(answer)")
    }

    private var hostForURL: String { host.contains(":") ? "[\(host)]" : host }

    /// The fingerprint of the PEM certificate at `path`.
    private static func fingerprint(of path: String) throws -> String {
        do {
            return try TLSCertificate.sha256Fingerprint(ofCertificateAt: path)
        } catch {
            throw CLIError("health: \(error)")
        }
    }

    /// The fingerprint of the certificate `serve` generated in `--data-dir`, if there is one.
    private func generatedCertificateFingerprint() throws -> String? {
        let certificate = (dataDir as NSString).appendingPathComponent("pvesim-cert.pem")
        let key = (dataDir as NSString).appendingPathComponent("pvesim-key.pem")
        guard FileManager.default.fileExists(atPath: certificate) else { return nil }
        do {
            return try TLSCertificate(certificatePath: certificate, privateKeyPath: key).fingerprint
        } catch {
            throw CLIError("health: \(error)")
        }
    }

    private func resolvedPort() throws -> Int {
        if let port {
            guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
            return port
        }
        guard let text = ProcessInfo.processInfo.environment["PROXBALANCE_SIM_PORT"] else { return 8006 }
        guard let port = Int(text.trimmingCharacters(in: .whitespaces)), (1...65535).contains(port) else {
            throw ValidationError("PROXBALANCE_SIM_PORT '\(text)' is not a port number (1-65535)")
        }
        return port
    }
}
