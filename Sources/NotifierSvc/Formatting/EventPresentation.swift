import Contract
import Foundation

/// What a human reads about one event, independent of the service: a headline, labelled facts
/// (cluster, guest, source → target, who asked, duration, reason…), the event's own message and
/// what to do. Uses the executor's detail names when present and falls back to the title and
/// message.
public struct EventPresentation: Sendable, Equatable {
    public var headline: String
    public var message: String
    public var facts: [BusEvent.DetailItem]
    public var hint: String?
    public var severity: BusEvent.Severity
    public var cluster: String
    public var at: Date
    /// Who asked for a migration (and who cancelled it), e.g. `requested by web:alice`, from
    /// the executor's `requested_by` and `cancelled_by` details; nil when they are absent.
    public var attribution: String?

    /// Detail names that have their own line in `facts`; the others follow as they are.
    static let featured = ["guest", "vmid", "source", "target", "requested_by", "cancelled_by", "duration_s", "reason", "error"]

    public init(_ event: BusEvent) {
        let details = Dictionary(event.details.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        severity = event.severity
        cluster = event.cluster
        at = event.at
        headline = event.title.isEmpty ? "\(event.category.rawValue) \(event.kind)" : event.title
        message = event.message
        var facts = [BusEvent.DetailItem("Cluster", event.cluster)]
        if let guest = Self.guest(details) { facts.append(.init("Guest", guest)) }
        switch (details["source"], details["target"]) {
        case (let source?, let target?): facts.append(.init("Route", "\(source) → \(target)"))
        case (let source?, nil): facts.append(.init("Source", source))
        case (nil, let target?): facts.append(.init("Target", target))
        case (nil, nil): break
        }
        if let requester = details["requested_by"] { facts.append(.init("Requested by", requester)) }
        if let canceller = details["cancelled_by"] { facts.append(.init("Cancelled by", canceller)) }
        attribution = Self.attribution(details)
        if let duration = details["duration_s"] { facts.append(.init("Duration", Self.duration(duration))) }
        if let reason = details["reason"] { facts.append(.init("Reason", reason)) }
        if let error = details["error"] { facts.append(.init("Error", error)) }
        for item in event.details where !Self.featured.contains(item.name) {
            facts.append(.init(Self.label(item.name), item.value))
        }
        self.facts = facts
        hint = Self.hint(for: event, details: details)
    }

    /// `requested by web:alice`, `cancelled by web:bob` or both, joined by `; `; nil for neither.
    static func attribution(_ details: [String: String]) -> String? {
        let parts = [details["requested_by"].map { "requested by \($0)" }, details["cancelled_by"].map { "cancelled by \($0)" }]
            .compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// `VM 101 (web)`-style guest text from `guest` and `vmid`.
    static func guest(_ details: [String: String]) -> String? {
        switch (details["vmid"], details["guest"]) {
        case (let vmid?, let name?) where name != vmid && !name.contains(vmid): return "\(vmid) (\(name))"
        case (_, let name?): return name
        case (let vmid?, nil): return vmid
        default: return nil
        }
    }

    /// `42 s`, `3 min 5 s` or the text as given when it is not a number.
    static func duration(_ text: String) -> String {
        guard let seconds = Double(text) else { return text }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return whole % 60 == 0 ? "\(whole / 60) min" : "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \((whole % 3600) / 60) min"
    }

    /// `migration_id` → `Migration id`.
    static func label(_ name: String) -> String {
        let words = name.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// What an admin should do next, for the events that call for action.
    static func hint(for event: BusEvent, details: [String: String]) -> String? {
        let upid = details["upid"].map { " (task \($0))" } ?? ""
        switch EventType.of(event) {
        case "migrations.failed":
            return "Check the migration task log in Proxmox\(upid) and the guest's state before retrying."
        case "migrations.rolled_back":
            return "The guest was moved back; review the error\(upid) before planning the move again."
        case "collector.collection_failed":
            return "Check that the Proxmox API is reachable from pb-collector (URL, network, TLS)."
        case "collector.auth_failed":
            return "Check the API token given to pb-collector and its permissions in Proxmox."
        case "executor.auth_failed":
            return "Check the API token given to pb-executor and its permissions in Proxmox."
        case "executor.proxmox_unreachable":
            return "Check that the Proxmox API is reachable from pb-executor (URL, network, TLS)."
        case "collector.node_offline":
            return "Check the node's power and network; its guests may be unreachable."
        case "recommendations.urgent":
            return "Review the recommended moves, or let automation apply them."
        case "notifier.service_offline":
            return "Check that the service's container is running and read its logs."
        case "notifier.destination_disabled":
            return "Fix the webhook URL in the notifier settings and set enabled back to true."
        case "notifier.delivery_failed":
            return "Check the destination's URL and the chat service's status."
        default:
            if event.category == .capacity, event.severity >= .warning {
                return "Add capacity or reduce load: the cluster may not absorb a node failure."
            }
            return nil
        }
    }

    /// One line for summaries: the headline with the route when it is not already in it, and
    /// who asked (`…, requested by web:alice`).
    public var line: String {
        var line = headline
        if let route = facts.first(where: { $0.name == "Route" })?.value, !headline.contains("→") { line += " (\(route))" }
        if let attribution { line += ", \(attribution)" }
        return line
    }

    /// The whole event as plain text: headline, facts, message, hint.
    public var plainText: String {
        var lines = [headline]
        if !message.isEmpty, message != headline { lines.append(message) }
        lines += facts.map { "\($0.name): \($0.value)" }
        if let hint { lines.append("What to do: \(hint)") }
        return lines.joined(separator: "\n")
    }
}
