import Foundation
import Shared

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

    /// The node named by a command topic under `topics`, or `nil` for another topic.
    public static func node(in topic: String, topics: Topics) -> String? {
        let prefix = topics.node("")
        let suffix = "/maintenance/set"
        guard topic.hasPrefix(prefix), topic.hasSuffix(suffix), topic.count > prefix.count + suffix.count else { return nil }
        let node = String(topic.dropFirst(prefix.count).dropLast(suffix.count))
        return Topics.isValidLevel(node) ? node : nil
    }
}
