import Foundation
import HTTPTransport
import Logging
import ProxmoxAPI
import ProxmoxClient

/// How to reach and authenticate to the Proxmox VE API (collector and executor).
public struct PVEConnectionConfiguration: Sendable {
    /// `https://<node>:8006`.
    public var url: String
    public var token: PVEToken
    /// Verify the certificate against the system CAs (ignored when `fingerprint` is set).
    public var verifyTLS: Bool
    /// SHA-256 of the node certificate to pin (32 bytes).
    public var fingerprint: [UInt8]?

    public init(url: String, token: PVEToken, verifyTLS: Bool = true, fingerprint: [UInt8]? = nil) {
        self.url = url
        self.token = token
        self.verifyTLS = verifyTLS
        self.fingerprint = fingerprint
    }

    /// Reads and validates `pve.url`, `pve.token` (or `pve.token_file`), `pve.verify_tls` and
    /// `pve.fingerprint`.
    public init(source: ConfigSource) throws {
        let url = try source.requiredString("pve.url", hint: "set it to the Proxmox API address, e.g. https://pve1.example.lan:8006")
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["https", "http"].contains(scheme),
            parsed.host != nil
        else {
            throw ConfigurationError(
                setting: ConfigSource.environmentName("pve.url"), problem: "'\(url)' is not an https://host:port address")
        }
        guard let tokenText = try source.secret("pve.token") else {
            throw ConfigurationError(
                setting: ConfigSource.environmentName("pve.token"),
                problem: "is missing: set it (or PROXBALANCE_PVE_TOKEN_FILE) to USER@REALM!TOKENID=SECRET")
        }
        let token: PVEToken
        do {
            token = try PVEToken(parsing: tokenText)
        } catch {
            throw ConfigurationError(setting: ConfigSource.environmentName("pve.token"), problem: "\(error)")
        }
        var fingerprint: [UInt8]?
        if let text = source.string("pve.fingerprint") {
            do {
                fingerprint = try CertificateFingerprint.parse(text)
            } catch {
                throw ConfigurationError(setting: ConfigSource.environmentName("pve.fingerprint"), problem: error.description)
            }
        }
        self.init(url: url, token: token, verifyTLS: try source.bool("pve.verify_tls", default: true), fingerprint: fingerprint)
    }

    /// A Proxmox client over libcurl with these TLS settings and `maxConnections` parallel calls;
    /// `onFailure` sees every error a call throws (metrics).
    public func makeClient(maxConnections: Int, logger: Logger, onFailure: (@Sendable (PVEError) -> Void)? = nil) -> PVEClient {
        let http = CurlHTTPClient(
            configuration: HTTPClientConfiguration(
                verifyTLS: verifyTLS, pinnedSHA256: fingerprint, maxConnections: maxConnections, userAgent: "ProxBalance"),
            logger: logger)
        return PVEClient(baseURL: url, token: token, http: http, logger: logger, onFailure: onFailure)
    }
}
