/// How `PVESimulatorServer` listens and authenticates.
public struct PVESimulatorServerConfiguration: Sendable {
    /// Where the certificate comes from, or plain HTTP (debugging only).
    public enum Transport: Sendable, Equatable {
        /// HTTPS with the certificate kept in (or generated into) this data directory.
        case httpsGenerated(dataDirectory: String)
        /// HTTPS with PEM files supplied by the user.
        case httpsFiles(certificatePath: String, privateKeyPath: String)
        /// Plain HTTP without TLS; for debugging only.
        case http
    }

    /// Address to bind, e.g. `127.0.0.1`.
    public var host: String
    /// Port to bind; 0 lets the OS choose (the bound port is reported once running).
    public var port: Int
    /// The one API token accepted.
    public var token: PVEAPIToken
    /// Delay before a 401 answer (Proxmox waits 3 s).
    public var authFailureDelay: Duration
    /// HTTPS with a generated or supplied certificate, or plain HTTP.
    public var transport: Transport

    public init(
        host: String = "127.0.0.1", port: Int = 8006, token: PVEAPIToken,
        authFailureDelay: Duration = .seconds(3), transport: Transport
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.authFailureDelay = authFailureDelay
        self.transport = transport
    }
}
