import ArgumentParser
import Foundation
import Logging
import PVESimulator
import ServiceRuntime

/// `pb-pvesim serve`: runs the simulator until SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve a scenario over the Proxmox VE API.")

    /// The token used when neither `--token` nor PROXBALANCE_SIM_TOKEN is given. Public: demo only.
    static let demoToken = "root@pam!proxbalance=simulator-secret"

    /// The `PROXBALANCE_SIM_*` settings of the process environment.
    private static let settings = ConfigSource(environment: ProcessInfo.processInfo.environment)

    @Option(help: "Scenario JSON file, or generated:<nodes>x<guests>[:<seed>] (e.g. generated:32x5000).")
    var scenario: String

    @Option(help: "Address to bind.")
    var bind = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (env PROXBALANCE_SIM_PORT, default 8006).")
    var port: Int?

    @Option(help: "Accepted API token <user>@<realm>!<tokenid>=<secret> (env PROXBALANCE_SIM_TOKEN; default: a public demo token).")
    var token: String?

    @Option(help: "Directory holding the generated certificate.")
    var dataDir = "./run/pvesim"

    @Option(help: "TLS certificate (PEM) to serve instead of the generated one; needs --key.")
    var cert: String?

    @Option(help: "Private key (PEM) of --cert.")
    var key: String?

    @Option(help: "Simulated clock speed: simulated seconds per real second (overrides the scenario).")
    var speed: Double?

    @Option(help: "Seconds to wait before answering a failed authentication (Proxmox waits 3).")
    var authDelay: Double = 3

    @Flag(help: "Serve plain HTTP without TLS (debugging only).")
    var http = false

    func validate() throws {
        _ = try resolvedPort()
        _ = try resolvedToken()
        do {
            _ = try ScenarioSource(scenario)
        } catch {
            throw ValidationError("\(error)")
        }
        guard authDelay >= 0, authDelay.isFinite else { throw ValidationError("--auth-delay must be 0 or more seconds") }
        if let speed, !(speed > 0 && speed.isFinite) { throw ValidationError("--speed must be greater than 0") }
        guard (cert == nil) == (key == nil) else { throw ValidationError("--cert and --key go together") }
        guard !(http && cert != nil) else { throw ValidationError("--http serves without TLS: drop --cert/--key") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        let logger = Logger(label: "pb-pvesim")
        ServiceLogging.warnAboutUnknownSettings(in: Self.settings, section: KnownSettings.simulatorSection, logger: logger)
        var scenario = try ScenarioSource(scenario).load()
        if let speed { scenario.clock.speed = speed }
        let token = try resolvedToken()
        let isDemoToken = token.authorizationHeader == "PVEAPIToken=\(Self.demoToken)"
        let configuration = PVESimulatorServerConfiguration(
            host: bind, port: try resolvedPort(), token: token, authFailureDelay: .seconds(authDelay), transport: transport)
        let server = try PVESimulatorServer(scenario: scenario, configuration: configuration, logger: logger) { endpoint in
            var line = "pb-pvesim: serving \(endpoint.baseURL)/api2/json"
            line += " fingerprint \(endpoint.fingerprint ?? "none (plain HTTP)")"
            line +=
                isDemoToken
                ? " token \(Self.demoToken) (public demo token: pass --token or PROXBALANCE_SIM_TOKEN for a private one)"
                : " token id \(token.tokenID)"
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        try await server.runUntilSignalled()
    }

    private var transport: PVESimulatorServerConfiguration.Transport {
        if http { return .http }
        if let cert, let key { return .httpsFiles(certificatePath: cert, privateKeyPath: key) }
        return .httpsGenerated(dataDirectory: dataDir)
    }

    private func resolvedPort() throws -> Int {
        let fromEnvironment = Self.settings.string("sim.port")
        if let port {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
            return port
        }
        guard let text = fromEnvironment else { return 8006 }
        guard let port = Int(text.trimmingCharacters(in: .whitespaces)), (0...65535).contains(port) else {
            throw ValidationError("PROXBALANCE_SIM_PORT '\(text)' is not a port number (0-65535)")
        }
        return port
    }

    private func resolvedToken() throws -> PVEAPIToken {
        // PROXBALANCE_SIM_TOKEN, or PROXBALANCE_SIM_TOKEN_FILE (Docker secrets), as for every service.
        let fromEnvironment = try Self.settings.secret("sim.token")
        let text = token ?? fromEnvironment ?? Self.demoToken
        do {
            return try PVEAPIToken(text)
        } catch {
            throw ValidationError("\(token == nil ? "PROXBALANCE_SIM_TOKEN" : "--token"): \(error)")
        }
    }
}
