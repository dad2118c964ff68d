import Contract
import Foundation
import HTTPTransport
import ProxmoxAPI

/// Why a service could not learn its cluster id from Proxmox at start (a rejected token, an
/// unreachable API, a certificate that does not match), and the events that announce it. Pure.
public struct StartupFailure: Sendable, Equatable {
    /// The cause, as far as an admin acts on it.
    public enum Reason: String, Sendable, Equatable {
        /// 401/403: the token is wrong, revoked or lacks privileges.
        case authentication
        /// The certificate does not match `PROXBALANCE_PVE_FINGERPRINT`.
        case certificatePin = "certificate_pin"
        /// TLS handshake or CA verification failed.
        case tls
        /// Anything else: the API cannot be reached or does not answer.
        case unreachable
    }

    public let reason: Reason
    /// The error in one line (never the token: `PVEError` redacts it).
    public let detail: String

    public init(reason: Reason, detail: String) {
        self.reason = reason
        self.detail = detail
    }

    /// Classifies the error of a failed attempt to read the cluster status.
    public init(_ error: any Error) {
        let pve = error as? PVEError
        let transport = pve?.underlying as? HTTPClientError ?? error as? HTTPClientError
        let reason: Reason =
            switch (pve?.kind, transport?.kind) {
            case (.unauthorized?, _), (.forbidden?, _): .authentication
            case (_, .certificatePinMismatch?): .certificatePin
            case (_, .tlsFailure?): .tls
            default: .unreachable
            }
        self.init(reason: reason, detail: pve.map(\.description) ?? String(describing: error))
    }

    /// The event kind: `auth_failed` for a rejected token; otherwise the service's usual kind
    /// for an unreadable Proxmox (`collection_failed` for the collector, `proxmox_unreachable`).
    public func kind(for service: ServiceName) -> String {
        if reason == .authentication { return "auth_failed" }
        return service == .collector ? "collection_failed" : "proxmox_unreachable"
    }

    /// The critical event announcing this failure of `service` on the topics of `cluster`
    /// (empty when the cluster is not known).
    public func event(service: ServiceName, cluster: String, at: Date) -> BusEvent {
        let program = "pb-\(service.rawValue)"
        let (title, advice): (String, String) =
            switch reason {
            case .authentication:
                ("Proxmox rejected the API token", "Fix the token (PROXBALANCE_PVE_TOKEN) or its privileges in Proxmox.")
            case .certificatePin:
                ("Proxmox's certificate does not match the pin", "Check PROXBALANCE_PVE_FINGERPRINT against the node's certificate.")
            case .tls:
                ("TLS to Proxmox failed", "Check the Proxmox certificate, PROXBALANCE_PVE_FINGERPRINT or PROXBALANCE_PVE_VERIFY_TLS.")
            case .unreachable:
                ("Proxmox API unreachable", "Check that PROXBALANCE_PVE_URL is up and reachable.")
            }
        return BusEvent(
            cluster: cluster, category: .of(service), kind: kind(for: service), severity: .critical, at: at, title: title,
            message: "\(program) cannot start: \(detail). \(advice) It keeps retrying until Proxmox answers.",
            details: [.init("service", service.rawValue), .init("reason", reason.rawValue)])
    }

    /// The event telling that `service` reads Proxmox again and now serves `serving`.
    public static func recovered(service: ServiceName, cluster: String, serving: String, at: Date) -> BusEvent {
        let program = "pb-\(service.rawValue)"
        return BusEvent(
            cluster: cluster, category: .of(service), kind: "recovered", severity: .info, at: at,
            title: "\(program) reads Proxmox again",
            message: "\(program) reached Proxmox and runs for cluster \(serving).",
            details: [.init("service", service.rawValue), .init("serving_cluster", serving)])
    }
}

extension EventCategory {
    /// The category of a service's own events.
    static func of(_ service: ServiceName) -> EventCategory {
        switch service {
        case .collector: .collector
        case .executor: .executor
        case .scoring: .recommendations
        // The console never reads Proxmox, so it never has a start-up failure to announce.
        case .notifier, .web: .notifier
        }
    }
}
