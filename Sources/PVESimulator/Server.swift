import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import ServiceLifecycle
import UnixSignals

/// The simulator's HTTPS server: Proxmox's `/api2/json` API answered by a `PVESimulator`, plus
/// the `/simulator` control API. A `Service`: run it in a `ServiceGroup` (graceful shutdown stops
/// it) or with `runUntilSignalled()`.
public struct PVESimulatorServer: Service {
    /// The simulated cluster this server answers for.
    public let simulator: PVESimulator
    /// The served certificate; `nil` in plain-HTTP mode.
    public let certificate: TLSCertificate?
    /// Address, token and transport the server was created with.
    public let configuration: PVESimulatorServerConfiguration
    private let logger: Logger
    private let onRunning: @Sendable (PVESimulatorEndpoint) async -> Void

    /// Prepares the certificate (loading, or generating it at first start) and a simulator for
    /// `scenario` that reports the certificate's fingerprint in `/nodes`.
    /// - Parameter onRunning: called once the socket is bound, with the real port.
    public init(
        scenario: Scenario, configuration: PVESimulatorServerConfiguration, logger: Logger,
        onRunning: @escaping @Sendable (PVESimulatorEndpoint) async -> Void = { _ in }
    ) throws {
        let certificate: TLSCertificate?
        switch configuration.transport {
        case .httpsGenerated(let directory):
            certificate = try TLSCertificate.loadOrCreate(in: directory, hosts: [configuration.host], logger: logger)
        case .httpsFiles(let certificatePath, let privateKeyPath):
            certificate = try TLSCertificate(certificatePath: certificatePath, privateKeyPath: privateKeyPath)
        case .http:
            certificate = nil
        }
        self.certificate = certificate
        self.simulator = PVESimulator(scenario: scenario, sslFingerprint: certificate?.fingerprint)
        self.configuration = configuration
        self.logger = logger
        self.onRunning = onRunning
    }

    /// Serves until cancelled or gracefully shut down; throws if the address cannot be bound.
    public func run() async throws {
        let tlsConfiguration = try certificate?.serverConfiguration()
        let http1 = HTTPServerBuilder.http1(configuration: .init(additionalChannelHandlers: ServerReasonPhrase.channelHandlers()))
        let server = try tlsConfiguration.map { try HTTPServerBuilder.tls(http1, tlsConfiguration: $0) } ?? http1
        let application = Application(
            responder: ServerResponder(
                simulator: simulator, token: configuration.token, authFailureDelay: configuration.authFailureDelay),
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: ServerResponses.serverName),
            onServerRunning: { [configuration, certificate, logger, onRunning] channel in
                let endpoint = PVESimulatorEndpoint(
                    scheme: certificate == nil ? "http" : "https", host: configuration.host,
                    port: channel.localAddress?.port ?? configuration.port, fingerprint: certificate?.fingerprint)
                logger.info(
                    "Proxmox VE simulator listening",
                    metadata: [
                        "pvesim.url": "\(endpoint.baseURL)/api2/json",
                        "pvesim.fingerprint": "\(endpoint.fingerprint ?? "none (plain HTTP)")",
                        "pvesim.token_id": "\(configuration.token.tokenID)",
                    ])
                await onRunning(endpoint)
            },
            logger: logger)
        try await application.run()
    }

    /// Runs the server until SIGTERM or SIGINT, then shuts it down gracefully.
    public func runUntilSignalled() async throws {
        let group = ServiceGroup(
            configuration: .init(services: [self], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
