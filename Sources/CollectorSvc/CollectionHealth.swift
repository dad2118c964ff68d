import Contract
import Foundation

/// What one collection cycle came to, as far as events are concerned.
enum CycleOutcome: Sendable, Equatable {
    /// A snapshot was built; `offlineNodes` are the nodes Proxmox reports offline.
    case collected(offlineNodes: Set<String>)
    /// No snapshot: the cluster could not be read. `authentication` marks a rejected token.
    case failed(endpoint: String, message: String, authentication: Bool)
}

/// Decides which collector events a cycle's outcome causes, with hysteresis so that a flaky
/// Proxmox API is announced once, not on every failed cycle. Pure.
///
/// - `collection_failed` when `failuresToAnnounce` of the last `window` cycles failed (a lone
///   failed cycle is only logged: the snapshot stays fresh for three intervals);
/// - `auth_failed` at once on a rejected token (it does not heal by itself), also during an
///   announced `collection_failed`;
/// - `recovered` once `window` cycles in a row succeeded after an announced failure, so the
///   window is clean again and one more failure does not announce anew;
/// - `node_offline` / `node_online` when a node's state changes (and nodes already offline on
///   the first cycle).
struct CollectionHealth: Sendable, Equatable {
    /// Failed cycles within the window that announce `collection_failed`.
    let failuresToAnnounce: Int
    /// The cycles looked at; also the clean cycles in a row that announce `recovered`.
    let window: Int

    /// Whether each of the last `window` cycles failed, oldest first.
    private var recent: [Bool] = []
    /// The failure announced and not yet recovered from.
    private(set) var announced: Announced?
    private var cleanStreak = 0
    private(set) var offlineNodes: Set<String> = []
    private var knowsNodes = false

    /// The failure a subscriber was told about.
    enum Announced: Sendable, Equatable {
        case collection, authentication
    }

    /// Whether a failure was announced and has not recovered yet.
    var failing: Bool { announced != nil }

    init(failuresToAnnounce: Int = 2, window: Int = 10) {
        precondition(failuresToAnnounce >= 1 && window >= failuresToAnnounce, "invalid collection health thresholds")
        self.failuresToAnnounce = failuresToAnnounce
        self.window = window
    }

    /// The events `outcome` causes, given what was seen before; updates the state.
    mutating func events(for outcome: CycleOutcome, cluster: String, pveURL: String, at: Date) -> [BusEvent] {
        switch outcome {
        case .failed(let endpoint, let message, let authentication):
            remember(failed: true)
            cleanStreak = 0
            let failures = recent.filter { $0 }.count
            if authentication, announced != .authentication {
                announced = .authentication
                return [Self.authFailed(endpoint: endpoint, message: message, cluster: cluster, pveURL: pveURL, at: at)]
            }
            guard announced == nil, failures >= failuresToAnnounce else { return [] }
            announced = .collection
            return [
                Self.collectionFailed(
                    endpoint: endpoint, message: message, failures: failures, window: recent.count, cluster: cluster,
                    pveURL: pveURL, at: at)
            ]
        case .collected(let offline):
            remember(failed: false)
            cleanStreak += 1
            var events: [BusEvent] = []
            if announced != nil, cleanStreak >= window {
                announced = nil
                events.append(Self.recovered(cycles: cleanStreak, cluster: cluster, pveURL: pveURL, at: at))
            }
            events += nodeEvents(offline: offline, cluster: cluster, at: at)
            return events
        }
    }

    private mutating func remember(failed: Bool) {
        recent.append(failed)
        if recent.count > window { recent.removeFirst(recent.count - window) }
    }

    private mutating func nodeEvents(offline: Set<String>, cluster: String, at: Date) -> [BusEvent] {
        // On the first cycle, nodes already down are reported once too.
        let newlyOffline = knowsNodes ? offline.subtracting(offlineNodes) : offline
        var events = newlyOffline.sorted().map { node in
            BusEvent(
                cluster: cluster, category: .collector, kind: "node_offline", severity: .warning, at: at,
                title: "Node \(node) is offline",
                message: "Proxmox reports node \(node) offline; its guests show as unknown and nothing is moved to or from it.",
                details: [.init("node", node)])
        }
        if knowsNodes {
            events += offlineNodes.subtracting(offline).sorted().map { node in
                BusEvent(
                    cluster: cluster, category: .collector, kind: "node_online", severity: .info, at: at,
                    title: "Node \(node) is back online", message: "Proxmox reports node \(node) online again.",
                    details: [.init("node", node)])
            }
        }
        offlineNodes = offline
        knowsNodes = true
        return events
    }

    private static func authFailed(endpoint: String, message: String, cluster: String, pveURL: String, at: Date) -> BusEvent {
        BusEvent(
            cluster: cluster, category: .collector, kind: "auth_failed", severity: .critical, at: at,
            title: "Proxmox rejected the API token",
            message: "The collector cannot read \(endpoint): \(message). Check PROXBALANCE_PVE_TOKEN and the token's permissions (PVEAuditor on /).",
            details: [.init("endpoint", endpoint), .init("pve_url", pveURL)])
    }

    private static func collectionFailed(
        endpoint: String, message: String, failures: Int, window: Int, cluster: String, pveURL: String, at: Date
    ) -> BusEvent {
        BusEvent(
            cluster: cluster, category: .collector, kind: "collection_failed", severity: .critical, at: at,
            title: "Proxmox API unreachable",
            message: "The collector cannot read \(endpoint): \(message). Check that \(pveURL) is up and reachable.",
            details: [.init("endpoint", endpoint), .init("pve_url", pveURL), .init("failed_cycles", "\(failures) of the last \(window)")])
    }

    private static func recovered(cycles: Int, cluster: String, pveURL: String, at: Date) -> BusEvent {
        BusEvent(
            cluster: cluster, category: .collector, kind: "recovered", severity: .info, at: at,
            title: "Collection recovered",
            message: "The collector has read \(pveURL) without a failure for \(cycles) cycles; cluster state is current.",
            details: [.init("pve_url", pveURL)])
    }
}
