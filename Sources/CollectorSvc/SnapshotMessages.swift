import Contract
import Foundation
import MQTT

/// The MQTT messages that publish one snapshot: the full state, one flat message per node and
/// guest, and empty retained messages that clear entities which disappeared. Pure.
struct SnapshotMessages {
    /// Node names and vmids with a retained message on the broker.
    struct Published: Sendable, Equatable {
        var nodes: Set<String> = []
        var guests: Set<Int> = []
    }

    /// The messages for `snapshot`, the full state first, and what is published afterwards.
    static func messages(
        for snapshot: ClusterSnapshot, topics: Topics, previously: Published
    ) throws -> (messages: [MQTTMessage], published: Published) {
        var messages: [MQTTMessage] = []
        messages.reserveCapacity(1 + snapshot.nodes.count + snapshot.guests.count)
        messages.append(MQTTMessage(topic: topics.clusterState, data: try MessageCoding.encode(snapshot), retain: true))
        for node in snapshot.nodes {
            let summary = NodeSummary(node, cluster: snapshot.cluster, updatedAt: snapshot.collectedAt)
            messages.append(MQTTMessage(topic: topics.node(node.name), data: try MessageCoding.encode(summary), retain: true))
        }
        for guest in snapshot.guests {
            let summary = GuestSummary(guest, cluster: snapshot.cluster, updatedAt: snapshot.collectedAt)
            messages.append(MQTTMessage(topic: topics.guest(guest.vmid), data: try MessageCoding.encode(summary), retain: true))
        }
        let now = Published(nodes: Set(snapshot.nodes.map(\.name)), guests: Set(snapshot.guests.map(\.vmid)))
        for gone in previously.nodes.subtracting(now.nodes).sorted() {
            messages.append(MQTTMessage(topic: topics.node(gone), payload: [], retain: true))
        }
        for gone in previously.guests.subtracting(now.guests).sorted() {
            messages.append(MQTTMessage(topic: topics.guest(gone), payload: [], retain: true))
        }
        return (messages, now)
    }

    /// The message carrying one event (QoS 1, never retained).
    static func event(_ event: BusEvent, topics: Topics) throws -> MQTTMessage {
        MQTTMessage(topic: topics.events(event.category), data: try MessageCoding.encode(event), retain: false)
    }
}
