import Contract
import Foundation
public import MQTT

/// `{b}/nodes/<node>/maintenance/set` with payload `ON` / `OFF`. Pure.
public enum MaintenanceCommand {
    /// `true` for `ON`, `false` for `OFF` (any case, surrounding blanks ignored), else `nil`.
    public static func parse(_ payload: [UInt8]) -> Bool? {
        switch String(decoding: payload, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).uppercased() {
        case "ON": true
        case "OFF": false
        default: nil
        }
    }

    /// Who the command was sent for: its MQTT v5 user property `requested_by` (as the web
    /// console sets it), cut to 128 characters for the log; nil when absent or empty.
    public static func requestedBy(of message: MQTTMessage) -> String? {
        guard let value = message.userProperties.first(where: { $0.name == RequestedBy.key })?.value, !value.isEmpty else { return nil }
        return String(value.prefix(RequestedBy.length.upperBound))
    }

    /// The node named by a command topic under `topics`, or `nil` for another topic.
    public static func node(in topic: String, topics: Topics) -> String? {
        let prefix = topics.node("")
        let suffix = "/maintenance/set"
        guard topic.hasPrefix(prefix), topic.hasSuffix(suffix), topic.count > prefix.count + suffix.count else { return nil }
        let node = String(topic.dropFirst(prefix.count).dropLast(suffix.count))
        return Topics.isValidLevel(node) ? node : nil
    }

    /// Refuses a maintenance change of a node that is not in the cluster: `ON` needs a node of
    /// the latest snapshot (`nodes`; `no_data` before the first one), `OFF` one of those or one
    /// already in maintenance (so a node that left the cluster can be cleared). A name that
    /// cannot be a node's (see `NodeName`) is `invalid`.
    public static func check(node: String, on: Bool, nodes: [String]?, inMaintenance: Set<String>) throws(ReplyError) {
        try NodeName.check(node, "node")
        if !on, inMaintenance.contains(node) { return }
        guard let nodes else {
            throw ReplyError(
                code: "no_data",
                message: "no cluster snapshot received yet, so node '\(node)' cannot be checked; try again after the next collection")
        }
        try NodeName.check(node, "node", known: nodes)
    }
}
