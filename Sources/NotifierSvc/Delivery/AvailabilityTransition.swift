import Contract
import Foundation
import MQTT

/// Turns availability messages into `service_offline` / `service_online` events. Pure.
///
/// Only a change from the last state the notifier stored is announced: the retained states read
/// at start (or again after a restart) match what was stored and announce nothing; the first
/// state ever seen of a service is stored silently.
public enum AvailabilityTransition {
    /// The `cluster` of events about a service process that serves every cluster.
    public static let everyCluster = "all"

    /// The service and cluster of an availability topic, if it is one the notifier watches:
    /// `<base>/<cluster>/<service>/availability` or `<base>/<service>/availability` (a process
    /// serving every cluster; cluster `nil`). The notifier's own topics are skipped.
    public static func parse(topic: String, base: String) -> (service: ServiceName, cluster: String?)? {
        guard topic.hasPrefix(base + "/"), topic.hasSuffix("/availability") else { return nil }
        let levels = topic.dropFirst(base.count + 1).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let (service, cluster): (String, String?)
        switch levels.count {
        case 2: (service, cluster) = (levels[0], nil)
        case 3: (service, cluster) = (levels[1], levels[0])
        default: return nil
        }
        guard let name = ServiceName(rawValue: service), name != .notifier else { return nil }
        return (name, cluster)
    }

    /// The event for `state` (`online`/`offline`) after `previous`, or `nil` when nothing changed.
    public static func event(
        service: ServiceName, cluster: String?, state: String, previous: String?, at: Date
    ) -> BusEvent? {
        guard state == MQTTMessage.onlinePayload || state == MQTTMessage.offlinePayload else { return nil }
        guard let previous, previous != state else { return nil }
        let program = "pb-\(service.rawValue)"
        let scope = cluster.map { "cluster \($0)" } ?? "every cluster"
        if state == MQTTMessage.offlinePayload {
            return BusEvent(
                cluster: cluster ?? everyCluster, category: .notifier, kind: "service_offline", severity: .warning, at: at,
                title: "\(program) went offline",
                message: "\(program) (serving \(scope)) stopped or lost its broker connection.",
                details: [.init("service", service.rawValue)])
        }
        return BusEvent(
            cluster: cluster ?? everyCluster, category: .notifier, kind: "service_online", severity: .info, at: at,
            title: "\(program) is back online", message: "\(program) (serving \(scope)) is running again.",
            details: [.init("service", service.rawValue)])
    }
}
