import Foundation
import Shared

/// What one collection cycle came to, as far as events are concerned.
enum CycleOutcome: Sendable, Equatable {
    /// A snapshot was built; `offlineNodes` are the nodes Proxmox reports offline.
    case collected(offlineNodes: Set<String>)
    /// No snapshot: the cluster could not be read. `authentication` marks a rejected token.
    case failed(endpoint: String, message: String, authentication: Bool)
}

/// Remembers the last outcome so that a failure is announced once when it starts, a recovery
/// once when it ends, and node outages when they begin and end. Pure.
struct CollectionHealth: Sendable, Equatable {
    private(set) var failing: Bool = false
    private(set) var offlineNodes: Set<String> = []
    private var knowsNodes = false

    /// The events `outcome` causes, given what was seen before; updates the state.
    mutating func events(for outcome: CycleOutcome, cluster: String, pveURL: String, at: Date) -> [BusEvent] {
        var events: [BusEvent] = []
        switch outcome {
        case .failed(let endpoint, let message, let authentication):
            if !failing {
                events.append(
                    BusEvent(
                        cluster: cluster, category: .collector, kind: authentication ? "auth_failed" : "collection_failed",
                        severity: .critical, at: at,
                        title: authentication ? "Proxmox rejected the API token" : "Proxmox API unreachable",
                        message: authentication
                            ? "The collector cannot read \(endpoint): \(message). Check PROXBALANCE_PVE_TOKEN and the token's permissions (PVEAuditor on /)."
                            : "The collector cannot read \(endpoint): \(message). Check that \(pveURL) is up and reachable.",
                        details: [.init("endpoint", endpoint), .init("pve_url", pveURL)]))
            }
            failing = true
        case .collected(let offline):
            if failing {
                events.append(
                    BusEvent(
                        cluster: cluster, category: .collector, kind: "recovered", severity: .info, at: at,
                        title: "Collection recovered",
                        message: "The collector reads \(pveURL) again; cluster state is current.",
                        details: [.init("pve_url", pveURL)]))
            }
            failing = false
            // On the first cycle, nodes already down are reported once too.
            let newlyOffline = knowsNodes ? offline.subtracting(offlineNodes) : offline
            for node in newlyOffline.sorted() {
                events.append(Self.nodeOffline(node, cluster: cluster, at: at))
            }
            if knowsNodes {
                for node in offlineNodes.subtracting(offline).sorted() {
                    events.append(
                        BusEvent(
                            cluster: cluster, category: .collector, kind: "node_online", severity: .info, at: at,
                            title: "Node \(node) is back online", message: "Proxmox reports node \(node) online again.",
                            details: [.init("node", node)]))
                }
            }
            offlineNodes = offline
            knowsNodes = true
        }
        return events
    }

    private static func nodeOffline(_ node: String, cluster: String, at: Date) -> BusEvent {
        BusEvent(
            cluster: cluster, category: .collector, kind: "node_offline", severity: .warning, at: at,
            title: "Node \(node) is offline",
            message: "Proxmox reports node \(node) offline; its guests show as unknown and nothing is moved to or from it.",
            details: [.init("node", node)])
    }
}
