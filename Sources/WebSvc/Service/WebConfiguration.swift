import Foundation
import ServiceRuntime

/// `pb-web`'s own settings (section `web`; see `docs/web-console.md`).
public struct WebConfiguration: Sendable {
    /// Where the console listens.
    public var endpoint: HTTPEndpointConfiguration
    /// The accounts file (`name:role:hash` lines).
    public var usersFile: String
    /// The folder of the console's static files.
    public var root: String
    /// The certificate and key for HTTPS, or `nil` for plain HTTP.
    public var tls: (certificate: String, key: String)?
    /// How long a login lasts.
    public var sessionLifetime: TimeInterval

    /// The static files' installed place.
    public static let defaultRoot = "/usr/share/proxbalance/web"

    public init(
        endpoint: HTTPEndpointConfiguration, usersFile: String, root: String = Self.defaultRoot,
        tls: (certificate: String, key: String)? = nil, sessionLifetime: TimeInterval = 12 * 3600
    ) {
        self.endpoint = endpoint
        self.usersFile = usersFile
        self.root = root
        self.tls = tls
        self.sessionLifetime = sessionLifetime
    }

    /// Reads and checks the `web.*` settings: the users file must be readable and valid, the
    /// static folder must hold `index.html`, TLS needs both files.
    public init(source: ConfigSource) throws {
        let bind = source.string("web.bind") ?? "127.0.0.1:8080"
        guard let endpoint = HTTPEndpointConfiguration(bind: bind, anyPort: true) else {
            throw ConfigurationError(
                setting: ConfigSource.environmentName("web.bind"), problem: "expected host:port (port 0: any free port), got '\(bind)'")
        }
        let usersFile = try source.requiredString(
            "web.users_file", hint: "the console's accounts; create one with `pb-web user add NAME --role operator --file PATH`")
        let root = source.string("web.root") ?? Self.defaultRoot
        guard FileManager.default.fileExists(atPath: root + "/index.html") else {
            throw ConfigurationError(setting: ConfigSource.environmentName("web.root"), problem: "no index.html in \(root)")
        }
        let certificate = source.string("web.tls_cert_file")
        let key = source.string("web.tls_key_file")
        guard (certificate == nil) == (key == nil) else {
            throw ConfigurationError(
                setting: ConfigSource.environmentName(certificate == nil ? "web.tls_cert_file" : "web.tls_key_file"),
                problem: "HTTPS needs both the certificate and the key file")
        }
        let hours = try source.int("web.session_hours", default: 12, in: 1...720)
        self.init(
            endpoint: endpoint, usersFile: usersFile, root: root, tls: certificate.map { ($0, key ?? "") },
            sessionLifetime: TimeInterval(hours) * 3600)
        _ = try AccountFile(path: usersFile).load()
    }
}
