import Foundation

/// A Proxmox API request as the simulator sees it, independent of the HTTP server carrying it.
public struct SimRequest: Sendable {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    public var method: String
    /// The path below `/api2/json`, e.g. `/nodes/pve3/qemu/100/config` (no query string).
    public var path: String
    /// Query parameters (for GET) already percent-decoded.
    public var query: [String: String]
    /// Form or JSON body parameters (for POST/PUT), values as strings.
    public var form: [String: String]

    public init(method: String = "GET", path: String, query: [String: String] = [:], form: [String: String] = [:]) {
        self.method = method
        self.path = path
        self.query = query
        self.form = form
    }
}

/// The simulator's answer: status, the reason phrase (Proxmox puts its error text there), and
/// the JSON body bytes (`nil` means an empty body, as Proxmox sends with 401 and 595).
public struct SimResponse: Sendable {
    public var status: Int
    public var reason: String
    public var body: Data?

    public init(status: Int, reason: String, body: Data?) {
        self.status = status
        self.reason = reason
        self.body = body
    }
}
