import Contract
import Foundation
import NotifierSvc

/// Events and destinations shared by the notifier tests.
enum NotifierFixtures {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)

    static func migration(
        _ kind: String = "completed", vmid: Int = 101, severity: BusEvent.Severity = .info, cluster: String = "demo", id: String? = nil,
        reason: String = "pve3 CPU at 92 %"
    ) -> BusEvent {
        BusEvent(
            id: id ?? UUID().uuidString.lowercased(), cluster: cluster, category: .migrations, kind: kind, severity: severity, at: at,
            title: "Migration \(kind): VM \(vmid) (web)", message: "VM \(vmid) moved from pve3 to pve5.",
            details: [
                .init("vmid", "\(vmid)"), .init("guest", "web"), .init("source", "pve3"), .init("target", "pve5"),
                .init("duration_s", "42"), .init("reason", reason), .init("migration_id", "m-\(vmid)"),
            ])
    }

    static func collector(_ kind: String = "collection_failed", severity: BusEvent.Severity = .critical, cluster: String = "demo") -> BusEvent {
        BusEvent(
            cluster: cluster, category: .collector, kind: kind, severity: severity, at: at, title: "Proxmox API unreachable",
            message: "The collector cannot read /cluster/resources: connection refused.", details: [.init("endpoint", "/cluster/resources")])
    }

    /// An event far beyond every service's limits: a 20,000-character message, 60 details of 2,000.
    static func oversized() -> BusEvent {
        var event = migration("failed", severity: .critical, reason: String(repeating: "r", count: 5000))
        event.title = String(repeating: "T", count: 1000)
        event.message = String(repeating: "Very long message <&> 🚨 ", count: 800)
        event.details += (0..<60).map { .init("detail_\($0)", String(repeating: "v", count: 2000)) }
        return event
    }

    static func destination(_ id: String, _ kind: DestinationKind, url: String = "https://hooks.example.com/services/T000/B000/secret") -> Destination
    {
        Destination(id: id, kind: kind, url: url)
    }
}
